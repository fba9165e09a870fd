"""What an assignment means for each student: validity, blocking pairs, the
reason a student did not get each slot they ranked higher, and a summary.

Every function takes the instance, an assignment and the caller's forbidden
pairs (or a `Matching`, which carries all three). An assignment is a mapping
student id -> slot id or None (students left out count as unplaced) or an
array of slot numbers (-1 = none).

Explanation codes, for every slot a student ranked above the one they got
(all of their list when they got none), in their order:

- ``unacceptable`` — the pair may not be matched; ``rule`` says why:
  ``not_ranked_by_slot`` (the slot did not list the student) or the reason
  code the caller gave with the forbidden pair (e.g. ``certificate_required``);
- ``no_places`` — the slot has capacity 0;
- ``filled`` — the slot's places all went to applicants it ranked higher
  (``your_rank`` is the slot's rank of the student, ``last_admitted_rank`` the
  slot's rank of the lowest-ranked student it took, both 1-based);
- ``blocking`` — none of the above: the slot would rather have had this student
  (a blocking pair). Never happens in a stable matching; it shows what the
  welfare-optimal assignment gives up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from mujigae.matching.engine import Acceptability, ForbiddenLike, Matching
from mujigae.matching.instance import Id, Instance, InstanceError, Problem, _show

NOT_RANKED_BY_SLOT = "not_ranked_by_slot"
UNLISTED = np.iinfo(np.int64).max // 2

Assignment = Mapping[Id, Id | None] | np.ndarray


@dataclass(frozen=True)
class Explanation:
    slot: Id
    choice: int  # the student's rank of the slot, 1-based
    code: str  # unacceptable | no_places | filled | blocking
    rule: str | None = None  # for unacceptable
    your_rank: int | None = None  # for filled / blocking: the slot's rank of the student
    last_admitted_rank: int | None = None  # for filled / blocking
    capacity: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def slot_numbers(instance: Instance, assignment: Assignment) -> np.ndarray:
    """An assignment as slot numbers per student (-1 = none); unknown ids raise
    InstanceError."""
    if isinstance(assignment, np.ndarray):
        if assignment.shape != (instance.n_students,):
            raise ValueError("one slot number per student expected")
        return assignment.astype(np.int64)
    out = np.full(instance.n_students, -1, dtype=np.int64)
    sidx, hidx = instance.student_index(), instance.slot_index()
    problems = []
    for sid, hid in assignment.items():
        i = sidx.get(sid)
        if i is None:
            problems.append(
                Problem(
                    "assignments",
                    "unknown_id",
                    {
                        "id": _show(sid),
                        "kind": "학생",
                        "kind_en": "student",
                        "hint": "",
                        "hint_en": "",
                    },
                )
            )
            continue
        if hid is None:
            continue
        j = hidx.get(hid)
        if j is None:
            problems.append(
                Problem(
                    f"assignments[{_show(sid)}]",
                    "unknown_id",
                    {
                        "id": _show(hid),
                        "kind": "자리",
                        "kind_en": "slot",
                        "hint": "",
                        "hint_en": "",
                    },
                )
            )
            continue
        out[i] = j
    if problems:
        raise InstanceError(problems)
    return out


class _State:
    """An assignment seen from the entries of the students' lists."""

    def __init__(self, instance: Instance, slot_of: np.ndarray, acc: Acceptability):
        self.instance, self.slot_of, self.acc = instance, slot_of, acc
        n, m = instance.n_students, instance.n_slots
        s_ptr = instance.student_ptr
        es = acc.entry_student
        got = slot_of[es] == instance.student_pref
        # The entry of each student's assigned slot (end of their list if none
        # or if the slot is not on their list at all).
        self.got_entry = s_ptr[1:].copy()
        self.got_entry[es[got]] = np.flatnonzero(got)
        self.on_list = np.zeros(n, dtype=bool)
        self.on_list[es[got]] = True
        placed = slot_of >= 0
        self.count = np.bincount(slot_of[placed], minlength=m)
        # The slot's rank of each placed student (-1 when the slot did not list them).
        # A holder the slot did not list (only in an invalid assignment) counts
        # as ranked below everyone it listed.
        held_rank = np.full(n, UNLISTED, dtype=np.int64)
        held_rank[es[got]] = np.where(acc.slot_rank[got] >= 0, acc.slot_rank[got], UNLISTED)
        for i in np.flatnonzero(placed & ~self.on_list).tolist():  # invalid assignments only
            where = np.flatnonzero(instance.preferences_of_slot(slot_of[i]) == i)
            if where.size:
                held_rank[i] = where[0]
        self.held_rank = held_rank
        worst = np.full(m, -1, dtype=np.int64)
        np.maximum.at(worst, slot_of[placed], held_rank[placed])
        self.worst = worst
        pos = np.arange(len(es))
        self.above = pos < self.got_entry[es]  # entries ranked above what they got

    def blocking(self) -> np.ndarray:
        """Entries (student, slot) that block: acceptable, preferred by the
        student, and the slot has room or prefers the student to one it holds."""
        acc, inst = self.acc, self.instance
        j = inst.student_pref
        wants = (self.count[j] < inst.capacity[j]) | (acc.slot_rank < self.worst[j])
        return np.flatnonzero(acc.acceptable & self.above & wants)


def _resolve(
    first: Instance | Matching, assignment: Assignment | None, forbidden: ForbiddenLike
) -> tuple[Instance, np.ndarray, Acceptability]:
    if isinstance(first, Matching):
        if assignment is not None:
            return first.instance, slot_numbers(first.instance, assignment), first.acceptability
        return first.instance, first.slot_of, first.acceptability
    if assignment is None:
        raise TypeError("an assignment is required with an instance")
    return first, slot_numbers(first, assignment), Acceptability.of(first, forbidden)


def validity_problems(
    first: Instance | Matching,
    assignment: Assignment | None = None,
    forbidden: ForbiddenLike = None,
) -> list[str]:
    """Why the assignment is not a valid matching (empty list: it is valid):
    a pair that is not acceptable, or a slot over its capacity."""
    inst, slot_of, acc = _resolve(first, assignment, forbidden)
    st = _State(inst, slot_of, acc)
    out = []
    placed = np.flatnonzero(slot_of >= 0)
    bad = placed[~st.on_list[placed]]
    listed = placed[st.on_list[placed]]
    entries = st.got_entry[listed]
    bad = np.concatenate((bad, listed[~acc.acceptable[entries]]))
    for i in sorted(bad.tolist()):
        out.append(
            f"student {inst.student_ids[i]!r} -> slot {inst.slot_ids[slot_of[i]]!r}: not acceptable"
        )
    for j in np.flatnonzero(st.count > inst.capacity).tolist():
        out.append(
            f"slot {inst.slot_ids[j]!r}: {st.count[j]} students for {inst.capacity[j]} places"
        )
    return out


def blocking_pairs(
    first: Instance | Matching,
    assignment: Assignment | None = None,
    forbidden: ForbiddenLike = None,
) -> list[tuple[Id, Id]]:
    """The blocking pairs (student id, slot id) of an assignment: acceptable
    pairs where the student prefers the slot to what they got (or got nothing)
    and the slot has a free place or prefers the student to one it took."""
    inst, slot_of, acc = _resolve(first, assignment, forbidden)
    entries = _State(inst, slot_of, acc).blocking()
    sids, hids = inst.student_ids, inst.slot_ids
    return [
        (sids[i], hids[j])
        for i, j in zip(
            acc.entry_student[entries].tolist(), inst.student_pref[entries].tolist(), strict=True
        )
    ]


def explain(
    first: Instance | Matching,
    assignment: Assignment | None = None,
    forbidden: ForbiddenLike = None,
) -> dict[Id, list[Explanation]]:
    """For every student, why they did not get each slot they ranked above the
    one they got (see the module docstring for the codes)."""
    inst, slot_of, acc = _resolve(first, assignment, forbidden)
    st = _State(inst, slot_of, acc)
    entries = np.flatnonzero(st.above)
    j = inst.student_pref[entries]
    rule = acc.rule[entries]
    rank = acc.slot_rank[entries]
    cap = inst.capacity[j]
    # code: 0 unacceptable (rule), 1 unacceptable (not ranked), 2 no places, 3 filled, 4 blocking
    code = np.where(
        rule >= 0,
        0,
        np.where(
            rank < 0,
            1,
            np.where(
                cap == 0,
                2,
                np.where((st.count[j] >= cap) & (rank > st.worst[j]), 3, 4),
            ),
        ),
    )
    position = entries - inst.student_ptr[acc.entry_student[entries]]
    out: dict[Id, list[Explanation]] = {sid: [] for sid in inst.student_ids}
    sids, hids, reasons = inst.student_ids, inst.slot_ids, acc.reasons
    worst = st.worst
    for i, jj, c, r, ru, p, k in zip(
        acc.entry_student[entries].tolist(),
        j.tolist(),
        code.tolist(),
        rank.tolist(),
        rule.tolist(),
        position.tolist(),
        cap.tolist(),
        strict=True,
    ):
        slot = hids[jj]
        if c == 0:
            e = Explanation(slot, p + 1, "unacceptable", rule=reasons[ru])
        elif c == 1:
            e = Explanation(slot, p + 1, "unacceptable", rule=NOT_RANKED_BY_SLOT)
        elif c == 2:
            e = Explanation(slot, p + 1, "no_places", capacity=0)
        else:
            last = int(worst[jj])
            e = Explanation(
                slot,
                p + 1,
                "filled" if c == 3 else "blocking",
                your_rank=r + 1,
                last_admitted_rank=last + 1 if 0 <= last < UNLISTED else None,
                capacity=k,
            )
        out[sids[i]].append(e)
    return out


def summary(
    first: Instance | Matching,
    assignment: Assignment | None = None,
    forbidden: ForbiddenLike = None,
) -> dict[str, Any]:
    """Students, placed, unplaced, how many got their 1st, 2nd, … choice, the
    mean choice of those placed, and the number of blocking pairs."""
    inst, slot_of, acc = _resolve(first, assignment, forbidden)
    st = _State(inst, slot_of, acc)
    placed = np.flatnonzero((slot_of >= 0) & st.on_list)
    choice = st.got_entry[placed] - inst.student_ptr[placed] + 1
    counts = np.bincount(choice, minlength=2)[1:] if placed.size else np.zeros(0, dtype=np.int64)
    return {
        "students": inst.n_students,
        "placed": int((slot_of >= 0).sum()),
        "unplaced": int((slot_of < 0).sum()),
        "by_choice": {str(k + 1): int(c) for k, c in enumerate(counts.tolist()) if c},
        "mean_choice": float(choice.mean()) if placed.size else None,
        "total_choice": int(choice.sum()),
        "blocking_pairs": int(st.blocking().size),
    }
