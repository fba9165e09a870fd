"""Student-optimal stable matching (deferred acceptance) with capacities.

Students propose down their lists; each slot keeps the best `capacity`
applicants by its own ranking and rejects the rest. A pair is *acceptable*
when each lists the other, no rule of the caller forbids it (`forbidden`), and
the slot has at least one place. The result is the student-optimal stable
matching, which is unique: every student gets the best slot they can get in
any stable matching, whatever the order in which proposals are made.

That uniqueness is what lets the engine be fast. It runs in synchronous rounds
on numpy arrays (every free student proposes at once, each slot keeps the best
by rank among its holders and new applicants, with one sort per round) while
lists of at most 15 choices end in a few dozen rounds; should a long tail of
one-by-one rejection chains appear, it is finished by a sequential loop over
per-slot heaps of plain ints (McVitie–Wilson). Both variants are available
alone (`method="rounds"` / `"sequential"`) and give the same result; the tests
check it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from mujigae.matching.instance import Forbidden, Id, Instance

# "auto" runs numpy rounds; after ROUNDS_BEFORE_SWITCH rounds (a long tail of
# short rejection chains, which real lists of <= 15 choices rarely make), once
# fewer than SWITCH_TO_SEQUENTIAL students are free, it finishes sequentially:
# then one round (O(students) numpy work) costs more than the Python loop.
ROUNDS_BEFORE_SWITCH = 200
SWITCH_TO_SEQUENTIAL = 2000

ForbiddenLike = Mapping[tuple[Id, Id], str] | Iterable[tuple[Id, Id]] | Forbidden | None


@dataclass(frozen=True, eq=False)
class Acceptability:
    """Per entry of the students' lists (aligned with `instance.student_pref`):
    the slot's rank of the student (0 = first; -1 = the slot did not list them)
    and the caller's rule that forbids the pair (index into `reasons`; -1 = none)."""

    entry_student: np.ndarray  # (E,) student number of each entry
    slot_rank: np.ndarray  # (E,) int64
    rule: np.ndarray  # (E,) int64
    reasons: list[str]
    acceptable: np.ndarray  # (E,) bool: listed by both, no rule, capacity > 0

    @classmethod
    def of(cls, instance: Instance, forbidden: ForbiddenLike = None) -> Acceptability:
        f = instance.forbidden_pairs(forbidden)
        n, m = instance.n_students, instance.n_slots
        s_ptr, h_ptr = instance.student_ptr, instance.slot_ptr
        entry_student = np.repeat(np.arange(n, dtype=np.int64), np.diff(s_ptr))
        key_s = entry_student * m + instance.student_pref
        # The slots' lists as sorted (student, slot) keys with the slot's rank.
        h_len = np.diff(h_ptr)
        key_h = instance.slot_pref.astype(np.int64) * m + np.repeat(
            np.arange(m, dtype=np.int64), h_len
        )
        rank_h = np.arange(len(key_h), dtype=np.int64) - np.repeat(h_ptr[:-1], h_len)
        slot_rank = _lookup(key_h, rank_h, key_s)
        rule = np.full(len(key_s), -1, dtype=np.int64)
        if len(f):
            key_f, first = np.unique(f.student * m + f.slot, return_index=True)
            rule = _lookup(key_f, f.reason[first], key_s)
        acceptable = (slot_rank >= 0) & (rule < 0) & (instance.capacity[instance.student_pref] > 0)
        return cls(entry_student, slot_rank, rule, f.reasons, acceptable)


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """values[keys == q] for each q of query (keys unique), -1 where absent."""
    out = np.full(len(query), -1, dtype=np.int64)
    if len(keys) == 0 or len(query) == 0:
        return out
    order = np.argsort(keys)
    sorted_keys = keys[order]
    pos = np.searchsorted(sorted_keys, query)
    pos[pos == len(sorted_keys)] = 0
    hit = sorted_keys[pos] == query
    out[hit] = values[order[pos[hit]]]
    return out


@dataclass(frozen=True, eq=False)
class Matching:
    """The result: `slot_of[i]` is the slot number of student i, or -1."""

    instance: Instance
    acceptability: Acceptability
    slot_of: np.ndarray  # (n,) int64

    @property
    def assignments(self) -> dict[Id, Id | None]:
        """Every student id -> slot id or None, in the students' order."""
        return assignments_of(self.instance, self.slot_of)


def assignments_of(instance: Instance, slot_of: np.ndarray) -> dict[Id, Id | None]:
    hids = [*instance.slot_ids, None]
    return dict(zip(instance.student_ids, [hids[j] for j in slot_of.tolist()], strict=True))


def stable_matching(
    instance: Instance, forbidden: ForbiddenLike = None, *, method: str = "auto"
) -> Matching:
    """The student-optimal stable matching of `instance`, pairs in `forbidden`
    excluded. `method`: "auto" (rounds; a long tail finished sequentially),
    "rounds" or "sequential" — all give the same matching."""
    acc = Acceptability.of(instance, forbidden)
    slot_of = _deferred_acceptance(instance, acc, method)
    return Matching(instance, acc, slot_of)


# --- deferred acceptance ------------------------------------------------------


def _deferred_acceptance(instance: Instance, acc: Acceptability, method: str) -> np.ndarray:
    if method not in ("auto", "rounds", "sequential"):
        raise ValueError(f"unknown method {method!r}")
    n, m = instance.n_students, instance.n_slots
    mask = acc.acceptable
    # Each student's acceptable list: slot numbers and the slot's rank of them.
    a_slot = instance.student_pref[mask].astype(np.int64)
    a_rank = acc.slot_rank[mask]
    a_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(acc.entry_student[mask], minlength=n), out=a_ptr[1:])
    nxt = a_ptr[:-1].copy()
    end = a_ptr[1:]
    held = np.full(n, m, dtype=np.int64)  # m: holds nothing
    held_rank = np.zeros(n, dtype=np.int64)
    free = np.flatnonzero(nxt < end)
    if free.size and method != "sequential":
        capacity = instance.capacity
        width = int(a_rank.max()) + 1 if a_rank.size else 1
        mark = np.zeros(m + 1, dtype=bool)
        rounds = 0
        while free.size:
            if (
                method == "auto"
                and rounds >= ROUNDS_BEFORE_SWITCH
                and free.size < SWITCH_TO_SEQUENTIAL
            ):
                break
            free = _round(free, nxt, end, a_slot, a_rank, held, held_rank, capacity, mark, width)
            rounds += 1
    if free.size:
        _sequential(instance, free, nxt, end, a_slot, a_rank, held, held_rank)
    held[held == m] = -1
    return held


def _round(free, nxt, end, a_slot, a_rank, held, held_rank, capacity, mark, width):
    """All free students propose to their next acceptable slot; every slot that
    received a proposal keeps its best `capacity` among holders and applicants.
    Returns the students rejected now who still have slots to propose to."""
    e = nxt[free]
    nxt[free] = e + 1
    j = a_slot[e]
    r = a_rank[e]
    mark[j] = True
    holders = np.flatnonzero(mark[held])
    mark[j] = False
    who = np.concatenate((holders, free))
    slot = np.concatenate((held[holders], j))
    rank = np.concatenate((held_rank[holders], r))
    order = np.argsort(slot * width + rank)
    who, slot, rank = who[order], slot[order], rank[order]
    k = len(slot)
    new_group = np.empty(k, dtype=bool)
    new_group[0] = True
    np.not_equal(slot[1:], slot[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    pos = np.arange(k) - np.repeat(starts, np.diff(np.append(starts, k)))
    keep = pos < capacity[slot]
    held[who[keep]] = slot[keep]
    held_rank[who[keep]] = rank[keep]
    out = who[~keep]
    held[out] = len(mark) - 1
    return out[nxt[out] < end[out]]


def _sequential(instance, free, nxt, end, a_slot, a_rank, held, held_rank) -> None:
    """McVitie–Wilson: one proposal at a time, each slot a heap of the (negated)
    ranks it holds; a rank names the student (slot_pref[slot_ptr[j] + rank]).
    Continues from the state the rounds left in `held`/`held_rank`/`nxt` and
    updates them in place. Heaps are built only for the slots the tail reaches."""
    m = instance.n_slots
    holders = np.flatnonzero(held < m)
    holders = holders[np.argsort(held[holders], kind="stable")]
    bounds = np.searchsorted(held[holders], np.arange(m + 1)).tolist()
    neg_rank = (-held_rank[holders]).tolist()
    slot_ptr = instance.slot_ptr.tolist()
    slot_pref = instance.slot_pref.tolist()
    cap = instance.capacity.tolist()
    a_slot_l = a_slot.tolist()
    a_rank_l = a_rank.tolist()
    nxt_l = nxt.tolist()
    end_l = end.tolist()
    heaps: dict[int, list[int]] = {}
    heappush, heapreplace, heapify = heapq.heappush, heapq.heapreplace, heapq.heapify
    for i in free.tolist():
        while True:
            e = nxt_l[i]
            if e == end_l[i]:
                break
            nxt_l[i] = e + 1
            j = a_slot_l[e]
            r = a_rank_l[e]
            h = heaps.get(j)
            if h is None:
                h = heaps[j] = neg_rank[bounds[j] : bounds[j + 1]]
                heapify(h)
            if len(h) < cap[j]:
                heappush(h, -r)
                break
            worst = -h[0]
            if r < worst:
                heapreplace(h, -r)
                i = slot_pref[slot_ptr[j] + worst]
    if not heaps:
        return
    touched = np.fromiter(heaps, dtype=np.int64, count=len(heaps))
    old = np.concatenate([holders[bounds[j] : bounds[j + 1]] for j in heaps])
    held[old] = m
    slots = np.repeat(touched, [len(h) for h in heaps.values()])
    ranks = -np.fromiter((x for h in heaps.values() for x in h), dtype=np.int64)
    students = instance.slot_pref[instance.slot_ptr[slots] + ranks]
    held[students] = slots
    held_rank[students] = ranks
    nxt[:] = nxt_l
