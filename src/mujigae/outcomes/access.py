"""Object scopes and change rights of outcomes, registered by core/policy.py.

* Graduate records, hires, further study and follow-ups are a student's
  personal data: the students' scope (a school its own students, the
  coordinator the district's, a student their own).
* Settlement programmes: the coordinator the district's; a school, company or
  partner the programmes it provides.
* Participations: the coordinator the district's; a provider those of its
  programmes; a school its own students'; a student their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet

COORDINATOR, SCHOOL, COMPANY, PARTNER, STUDENT = (
    "coordinator",
    "school",
    "company",
    "partner",
    "student",
)
ORG_ROLES = (SCHOOL, COMPANY, PARTNER)


def _programmes(user: Any, qs: QuerySet) -> QuerySet:
    role = getattr(user, "role", None)
    if role not in (COORDINATOR, *ORG_ROLES) or user.district_id is None:
        return qs.none()
    qs = qs.filter(district_id=user.district_id)
    if role == COORDINATOR:
        return qs
    if not user.organisation_id:
        return qs.none()
    return qs.filter(provider_id=user.organisation_id)


def _participations(user: Any, qs: QuerySet) -> QuerySet:
    role = getattr(user, "role", None)
    if role not in (COORDINATOR, *ORG_ROLES, STUDENT) or user.district_id is None:
        return qs.none()
    qs = qs.filter(programme__district_id=user.district_id)
    if role == COORDINATOR:
        return qs
    if role == STUDENT:
        return qs.filter(student__user_id=user.pk)
    if not user.organisation_id:
        return qs.none()
    mine = Q(programme__provider_id=user.organisation_id)
    if role == SCHOOL:
        mine |= Q(student__school_id=user.organisation_id)
    return qs.filter(mine)


def scopes(students_scope: Callable[[str], Callable]) -> dict[type[Model], Callable]:
    from mujigae.outcomes.models import (
        FollowUp,
        FurtherStudy,
        GraduateRecord,
        Hire,
        Participation,
        SettlementProgramme,
    )

    return {
        GraduateRecord: students_scope("student"),
        Hire: students_scope("student"),
        FurtherStudy: students_scope("student"),
        FollowUp: students_scope("hire__student"),
        SettlementProgramme: _programmes,
        Participation: _participations,
    }


def can_change(user: Any, obj: Model) -> bool:
    """Beyond the district's coordinator (decided by the policy): a school for
    its own students' rows; a provider for its programmes and their participants."""
    label = obj._meta.label
    if label in ("outcomes.GraduateRecord", "outcomes.Hire", "outcomes.FurtherStudy"):
        student = obj.student
    elif label == "outcomes.FollowUp":
        student = obj.hire.student
    else:
        student = None
    if student is not None:
        return (
            user.role == SCHOOL
            and student.district_id == user.district_id
            and student.school_id == user.organisation_id
        )
    programme = obj if label == "outcomes.SettlementProgramme" else getattr(obj, "programme", None)
    if programme is None:
        return False
    return (
        user.role in ORG_ROLES
        and user.organisation_id is not None
        and programme.district_id == user.district_id
        and programme.provider_id == user.organisation_id
    )
