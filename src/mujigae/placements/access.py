"""Object scopes and change rights of placements, registered by core/policy.py
(under its placements markers).

* Slots: the coordinator the district's; a company its own; a school or a
  student the district's open slots.
* 표준협약서: the coordinator the district's; a company or a school its own.
* Company eligibility: the coordinator the district's; a company its own row.
* Night/holiday authorisations of minors: students' personal data (the
  students' scope: a school its own students, the coordinator the district's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

COORDINATOR, SCHOOL, COMPANY, STUDENT = "coordinator", "school", "company", "student"


def _in_district(user: Any, qs: QuerySet, roles: tuple[str, ...]) -> QuerySet | None:
    """The district's rows for one of `roles`; None: nothing at all."""
    if getattr(user, "role", None) not in roles or user.district_id is None:
        return None
    return qs.filter(district_id=user.district_id)


def _slots(user: Any, qs: QuerySet) -> QuerySet:
    rows = _in_district(user, qs, (COORDINATOR, COMPANY, SCHOOL, STUDENT))
    if rows is None:
        return qs.none()
    if user.role == COORDINATOR:
        return rows
    if user.role == COMPANY:
        return rows.filter(company_id=user.organisation_id) if user.organisation_id else qs.none()
    return rows.filter(status="open")


def _agreements(user: Any, qs: QuerySet) -> QuerySet:
    rows = _in_district(user, qs, (COORDINATOR, COMPANY, SCHOOL))
    if rows is None or (user.role != COORDINATOR and not user.organisation_id):
        return qs.none()
    if user.role == COMPANY:
        return rows.filter(company_id=user.organisation_id)
    if user.role == SCHOOL:
        return rows.filter(school_id=user.organisation_id)
    return rows


def _eligibility(user: Any, qs: QuerySet) -> QuerySet:
    rows = _in_district(user, qs, (COORDINATOR, COMPANY))
    if rows is None:
        return qs.none()
    if user.role == COMPANY:
        return rows.filter(company_id=user.organisation_id) if user.organisation_id else qs.none()
    return rows


def scopes(students_scope: Callable[[str], Callable]) -> dict[type[Model], Callable]:
    from mujigae.placements.models import (
        CompanyEligibility,
        MinorWorkException,
        Slot,
        StandardAgreement,
    )

    return {
        Slot: _slots,
        StandardAgreement: _agreements,
        CompanyEligibility: _eligibility,
        MinorWorkException: students_scope("student"),
    }


def can_change(user: Any, obj: Model) -> bool:
    """Beyond the district's coordinator (decided by the policy first): a
    company its own slots and agreements; a school its own agreements and its
    own students' authorisations. Eligibility is the coordinator's alone."""
    label = obj._meta.label
    org = user.organisation_id
    if org is None:
        return False
    if label == "placements.Slot":
        return user.role == COMPANY and obj.company_id == org
    if label == "placements.StandardAgreement":
        return (user.role == COMPANY and obj.company_id == org) or (
            user.role == SCHOOL and obj.school_id == org
        )
    if label == "placements.MinorWorkException":
        return user.role == SCHOOL and obj.student.school_id == org
    return False
