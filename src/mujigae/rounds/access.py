"""Access rules of matching rounds: who opens and runs a round, who ranks what,
and who sees which round, slot, entrant, ranking and result.

* coordinator: everything of the district's rounds;
* company: rounds of the district once open; its own slots, its applicants
  (students who ranked its slots *and* consented to placement), its rankings,
  and after publishing who was placed with it;
* student: rounds of the district once open, their own entry, choices and
  (after publishing) result;
* school: rounds once open and its own students' entries and results;
* partners and the ministry: nothing (the ministry reads no personal data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from mujigae.core import policy
from mujigae.core.policy import COMPANY, COORD, COORDINATOR, SCHOOL, STUDENT, STUDENT_STAFF, rule
from mujigae.rounds.models import (
    RESULT_STATUSES,
    Assignment,
    CompanyRank,
    Entrant,
    Round,
    RoundSlot,
    StudentChoice,
)
from mujigae.students.selectors import consent_active_q

STUDENTS = frozenset({STUDENT})
COMPANIES = frozenset({COMPANY})

policy.register_routes(
    {
        "rounds:round_list": rule(frozenset({COORDINATOR, SCHOOL, COMPANY, STUDENT})),
        "rounds:round_create": rule(COORD, COORD),
        "rounds:round_detail": rule(COORD, note="counts, results per slot and school"),
        "rounds:round_transition": rule(COORD, COORD, "open, close, publish, finish"),
        "rounds:round_run": rule(COORD, COORD, "POST runs or queues; GET: the run status"),
        "rounds:round_export": rule(COORD, COORD, "asks the reason; POST downloads, logged"),
        "rounds:round_welfare": rule(COORD),
        "rounds:round_second": rule(COORD, COORD, "a second round from a published one"),
        # the coordinator passes the route (a round of another district is a 404)
        # and is refused by the view: these pages are the student's own
        "rounds:student_round": rule(STUDENTS | COORD, STUDENTS, "own choices; placement consent"),
        "rounds:student_respond": rule(
            STUDENTS | COORD, STUDENTS, "own result; GET confirms, POST answers"
        ),
        "rounds:company_round": rule(COMPANIES | COORD, COMPANIES, "own slots' applicants only"),
        "rounds:school_round": rule(STUDENT_STAFF, STUDENT_STAFF, "own students' choices"),
        "rounds:answer_correct": rule(
            COORD, COORD, "POST only: a placed student's answer, with a reason"
        ),
    }
)
VISIBLE_STATUSES = ("open", "closed", "matched", "published", "finished")


def _role(user: Any) -> str | None:
    if policy.role_of(user) is None or user.district_id is None:
        return None
    return user.role


def _rounds(user: Any, qs: QuerySet, prefix: str = "") -> QuerySet:
    role = _role(user)
    if role not in (COORDINATOR, SCHOOL, COMPANY, STUDENT):
        return qs.none()
    qs = qs.filter(**{f"{prefix}district_id": user.district_id})
    if role == COORDINATOR:
        return qs
    return qs.filter(**{f"{prefix}status__in": VISIBLE_STATUSES})


def round_scope(user: Any, qs: QuerySet) -> QuerySet:
    return _rounds(user, qs)


def round_slot_scope(user: Any, qs: QuerySet) -> QuerySet:
    qs = _rounds(user, qs, "round__")
    if _role(user) == COMPANY:
        return qs.filter(slot__company_id=user.organisation_id)
    return qs


def entrant_scope(user: Any, qs: QuerySet) -> QuerySet:
    qs = _rounds(user, qs, "round__")
    role = _role(user)
    if role == COORDINATOR:
        return qs
    if role == STUDENT:
        return qs.filter(student__user_id=user.pk)
    if role == SCHOOL:
        return qs.filter(student__school_id=user.organisation_id)
    if role == COMPANY:
        return qs.filter(
            Q(choices__round_slot__slot__company_id=user.organisation_id)
            & consent_active_q("placement", "student__")
        ).distinct()
    return qs.none()


def choice_scope(user: Any, qs: QuerySet) -> QuerySet:
    qs = _rounds(user, qs, "entrant__round__")
    role = _role(user)
    if role == COORDINATOR:
        return qs
    if role == STUDENT:
        return qs.filter(entrant__student__user_id=user.pk)
    if role == SCHOOL:
        return qs.filter(entrant__student__school_id=user.organisation_id)
    return qs.none()


def company_rank_scope(user: Any, qs: QuerySet) -> QuerySet:
    qs = _rounds(user, qs, "round_slot__round__")
    role = _role(user)
    if role == COORDINATOR:
        return qs
    if role == COMPANY:
        return qs.filter(round_slot__slot__company_id=user.organisation_id)
    return qs.none()


def assignment_scope(user: Any, qs: QuerySet) -> QuerySet:
    qs = _rounds(user, qs, "round__")
    role = _role(user)
    if role == COORDINATOR:
        return qs
    qs = qs.filter(round__status__in=RESULT_STATUSES)
    if role == STUDENT:
        return qs.filter(entrant__student__user_id=user.pk)
    if role == SCHOOL:
        return qs.filter(entrant__student__school_id=user.organisation_id)
    if role == COMPANY:
        return qs.filter(round_slot__slot__company_id=user.organisation_id)
    return qs.none()


def _company_ranks(user: Any, rs: Model) -> bool:
    """A company ranks the applicants of its own slots."""
    return (
        _role(user) == COMPANY
        and rs.district_id == user.district_id
        and rs.slot.company_id == user.organisation_id
    )


def _student_edits(user: Any, entrant: Model) -> bool:
    """A student edits their own choices."""
    return (
        _role(user) == STUDENT
        and entrant.district_id == user.district_id
        and entrant.student.user_id == user.pk
    )


def _student_answers(user: Any, assignment: Model) -> bool:
    """A student answers their own result."""
    return _student_edits(user, assignment.entrant)


policy.register_scope(Round, round_scope)
policy.register_scope(RoundSlot, round_slot_scope)
policy.register_scope(Entrant, entrant_scope)
policy.register_scope(StudentChoice, choice_scope)
policy.register_scope(CompanyRank, company_rank_scope)
policy.register_scope(Assignment, assignment_scope)
policy.register_change(RoundSlot, _company_ranks)
policy.register_change(Entrant, _student_edits)
policy.register_change(Assignment, _student_answers)
