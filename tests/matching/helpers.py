"""Test helpers: a hypothesis strategy for small instances, a brute-force
enumeration of stable matchings, and the `matching` library as an oracle."""

from __future__ import annotations

import itertools
import warnings
from typing import Any

from hypothesis import strategies as st

from mujigae.matching import Instance


@st.composite
def instances(draw, max_students: int = 6, max_slots: int = 4, max_capacity: int = 3) -> dict:
    """Plain-data instances: random lists over random subsets (so one-sided
    acceptability happens), capacities 0..max_capacity, ids strings or ints."""
    n = draw(st.integers(0, max_students))
    m = draw(st.integers(0, max_slots))
    int_ids = draw(st.booleans())
    sid = [i + 1 if int_ids else f"s{i}" for i in range(n)]
    hid = [f"h{j}" if int_ids else j + 1 for j in range(m)]
    students = [{"id": s, "preferences": draw(st.permutations(hid).flatmap(_prefix))} for s in sid]
    slots = [
        {
            "id": h,
            "capacity": draw(st.integers(0, max_capacity)),
            "preferences": draw(st.permutations(sid).flatmap(_prefix)),
        }
        for h in hid
    ]
    return {"students": students, "slots": slots}


def _prefix(items: list) -> st.SearchStrategy[list]:
    return st.integers(0, len(items)).map(lambda k: list(items[:k]))


@st.composite
def forbidden_for(draw, data: dict) -> dict:
    pairs = [(s["id"], h) for s in data["students"] for h in s["preferences"]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    return {pair: draw(st.sampled_from(["certificate_required", "too_far"])) for pair in chosen}


# --- definitions, written the slow and obvious way ------------------------------


def acceptable(data: dict, forbidden: dict | None = None) -> set[tuple[Any, Any]]:
    forbidden = forbidden or {}
    slot_lists = {h["id"]: h["preferences"] for h in data["slots"]}
    caps = {h["id"]: h["capacity"] for h in data["slots"]}
    return {
        (s["id"], h)
        for s in data["students"]
        for h in s["preferences"]
        if s["id"] in slot_lists[h] and caps[h] > 0 and (s["id"], h) not in forbidden
    }


def blocking(data: dict, assignment: dict, forbidden: dict | None = None) -> set:
    ok = acceptable(data, forbidden)
    slots = {h["id"]: h for h in data["slots"]}
    out = set()
    for s in data["students"]:
        got = assignment.get(s["id"])
        prefs = s["preferences"]
        better = prefs[: prefs.index(got)] if got in prefs else prefs  # not on the list: all better
        for h in better:
            if (s["id"], h) not in ok:
                continue
            slot = slots[h]
            holders = [t for t, g in assignment.items() if g == h]
            ranked = slot["preferences"]

            def rank(t, ranked=ranked):  # unlisted holders rank below everyone listed
                return ranked.index(t) if t in ranked else len(ranked)

            if len(holders) < slot["capacity"] or any(rank(s["id"]) < rank(t) for t in holders):
                out.add((s["id"], h))
    return out


def is_valid(data: dict, assignment: dict, forbidden: dict | None = None) -> bool:
    ok = acceptable(data, forbidden)
    caps = {h["id"]: h["capacity"] for h in data["slots"]}
    if set(assignment) != {s["id"] for s in data["students"]}:
        return False
    for s, h in assignment.items():
        if h is not None and (s, h) not in ok:
            return False
    return all(sum(1 for g in assignment.values() if g == h) <= c for h, c in caps.items())


def all_stable(data: dict, forbidden: dict | None = None) -> list[dict]:
    """Every stable matching, by enumerating every assignment (tiny instances only)."""
    ok = acceptable(data, forbidden)
    sids = [s["id"] for s in data["students"]]
    options = [
        [None] + [h for h in s["preferences"] if (s["id"], h) in ok] for s in data["students"]
    ]
    caps = {h["id"]: h["capacity"] for h in data["slots"]}
    out = []
    for combo in itertools.product(*options):
        counts: dict = {}
        for h in combo:
            if h is not None:
                counts[h] = counts.get(h, 0) + 1
        if any(c > caps[h] for h, c in counts.items()):
            continue
        assignment = dict(zip(sids, combo, strict=True))
        if not blocking(data, assignment, forbidden):
            out.append(assignment)
    return out


def choice(data: dict, sid: Any, slot: Any) -> int:
    """The student's rank of a slot (1-based); unplaced = after the whole list."""
    prefs = next(s["preferences"] for s in data["students"] if s["id"] == sid)
    return len(prefs) + 1 if slot is None else prefs.index(slot) + 1


# --- the `matching` library (test-only dependency) ------------------------------


def library_solution(data: dict) -> dict:
    """The resident-optimal hospital–resident solution of the `matching` library.
    It wants mutual lists, no empty list and capacities of at least 1, so the
    instance is cleaned first: those players are unplaced in any case."""
    from matching.games import HospitalResident

    ok = acceptable(data)
    resident_prefs = {
        s["id"]: [h for h in s["preferences"] if (s["id"], h) in ok] for s in data["students"]
    }
    resident_prefs = {s: p for s, p in resident_prefs.items() if p}
    hospital_prefs = {
        h["id"]: [s for s in h["preferences"] if (s, h["id"]) in ok] for h in data["slots"]
    }
    hospital_prefs = {h: p for h, p in hospital_prefs.items() if p}
    capacities = {h["id"]: h["capacity"] for h in data["slots"] if h["id"] in hospital_prefs}
    out = {s["id"]: None for s in data["students"]}
    if not resident_prefs:
        return out

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                resident_prefs, hospital_prefs, capacities
            )
            return game.solve(optimal="resident")

    solution = deep_call(run) if len(resident_prefs) > 50 else run()
    for hospital, residents in solution.items():
        for resident in residents:
            out[resident.name] = hospital.name
    return out


def deep_call(fn):
    """Call fn in a thread with a big stack and recursion limit: the library
    deep-copies its players, which recurses along the preference graph."""
    import sys
    import threading

    result: dict = {}

    def target():
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            result["error"] = exc

    old_limit, old_size = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if "error" in result:
        raise result["error"]
    return result["value"]


def instance(data: dict) -> Instance:
    return Instance.from_data(data)
