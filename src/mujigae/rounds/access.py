"""Object scopes of the rounds app, registered by `core.policy` (under its
rounds markers): who sees which round, slot, entrant, ranking and result.

* coordinator: everything of the district's rounds;
* company: rounds of the district once open; its own slots, its applicants
  (students who ranked its slots *and* consented to placement), its rankings,
  and after publishing who was placed with it;
* student: rounds of the district once open, their own entry, choices and
  (after publishing) result;
* school: rounds once open and its own students' entries and results;
* partners and the ministry: nothing (the ministry reads no personal data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet

COORDINATOR, SCHOOL, COMPANY, STUDENT = "coordinator", "school", "company", "student"
VISIBLE_STATUSES = ("open", "closed", "matched", "published", "finished")
RESULT_STATUSES = ("published", "finished")


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or user.district_id is None:
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


def _consented(prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}student__consents__purpose": "placement",
            f"{prefix}student__consents__withdrawn_at__isnull": True,
        }
    )


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
            Q(choices__round_slot__slot__company_id=user.organisation_id) & _consented("")
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


def scopes() -> dict[type[Model], Callable[[Any, QuerySet], QuerySet]]:
    from mujigae.rounds.models import (
        Assignment,
        CompanyRank,
        Entrant,
        Round,
        RoundSlot,
        StudentChoice,
    )

    return {
        Round: round_scope,
        RoundSlot: round_slot_scope,
        Entrant: entrant_scope,
        StudentChoice: choice_scope,
        CompanyRank: company_rank_scope,
        Assignment: assignment_scope,
    }


def can_change(user: Any, obj: Model) -> bool:
    """Beyond the district coordinator (decided by the policy first): a company
    ranks the applicants of its own slots; a student answers their own result
    and edits their own choices."""
    label = obj._meta.label
    role = _role(user)
    if role is None or obj.district_id != user.district_id:
        return False
    if label == "rounds.RoundSlot":
        return role == COMPANY and obj.slot.company_id == user.organisation_id
    if label == "rounds.Entrant":
        return role == STUDENT and obj.student.user_id == user.pk
    if label == "rounds.Assignment":
        return role == STUDENT and obj.entrant.student.user_id == user.pk
    return False
