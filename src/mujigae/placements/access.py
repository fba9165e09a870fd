"""Access rules of placements (issue 5): companies' field-training and job
slots, 표준협약서, company eligibility, minors' night/holiday authorisations.

* Slots: the coordinator the district's (and exports them); a company posts,
  edits, closes and reopens its own; a school or a student reads the
  district's open slots.
* 표준협약서: the coordinator the district's; a company or a school its own
  (each records agreements for itself).
* Company eligibility: the coordinator the district's, and alone sets it; a
  company reads its own row.
* Night/holiday authorisations of minors: students' personal data (the
  students' scope: a school its own students, the coordinator the district's).
* Partners and the ministry see none of it. See docs/placements.md.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from mujigae.core import policy
from mujigae.core.policy import COMPANY, COORD, COORDINATOR, SCHOOL, STUDENT, STUDENT_STAFF, rule
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    StandardAgreement,
)
from mujigae.students.access import school_owns, students_scope

SLOT_READERS = frozenset({COORDINATOR, SCHOOL, COMPANY, STUDENT})
SLOT_WRITERS = frozenset({COORDINATOR, COMPANY})
PARTIES = frozenset({COORDINATOR, SCHOOL, COMPANY})
COMPANIES = frozenset({COMPANY})

policy.register_routes(
    {
        "placements:slot_list": rule(SLOT_READERS),
        "placements:slot_export": rule(COORD),
        "placements:slot_create": rule(COMPANIES, COMPANIES),
        "placements:slot_detail": rule(SLOT_READERS, note="company: own; others: open"),
        "placements:slot_edit": rule(SLOT_WRITERS, SLOT_WRITERS, "own slots"),
        "placements:slot_status": rule(SLOT_WRITERS, SLOT_WRITERS, "own slots"),
        "placements:agreement_list": rule(PARTIES),
        "placements:agreement_create": rule(PARTIES, PARTIES, "a school or company for itself"),
        "placements:eligibility_list": rule(frozenset({COORDINATOR, COMPANY}), note="company: own"),
        "placements:eligibility_edit": rule(COORD, COORD),
        "placements:exception_list": rule(STUDENT_STAFF),
        "placements:exception_create": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
        "placements:pair_check": rule(STUDENT_STAFF, note="own students; names masked"),
    }
)


def _in_district(user: Any, qs: QuerySet, roles: tuple[str, ...]) -> QuerySet | None:
    """The district's rows for one of `roles`; None: nothing at all."""
    if policy.role_of(user) not in roles or user.district_id is None:
        return None
    return policy.in_district(user, qs)


def _slots(user: Any, qs: QuerySet) -> QuerySet:
    rows = _in_district(user, qs, (COORDINATOR, COMPANY, SCHOOL, STUDENT))
    if rows is None:
        return qs.none()
    if user.role == COORDINATOR:
        return rows
    if user.role == COMPANY:
        return rows.filter(company_id=user.organisation_id) if user.organisation_id else qs.none()
    return rows.open()


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


def _company_owns(user: Any, slot: Model) -> bool:
    return (
        user.role == COMPANY
        and user.organisation_id is not None
        and (slot.company_id == user.organisation_id)
    )


def _party_to(user: Any, agreement: Model) -> bool:
    """A company or a school changes the agreements it is a party to."""
    org = user.organisation_id
    return org is not None and (
        (user.role == COMPANY and agreement.company_id == org)
        or (user.role == SCHOOL and agreement.school_id == org)
    )


def _school_of_student(user: Any, exception: Model) -> bool:
    return school_owns(user, exception.student)


policy.register_scope(Slot, _slots)
policy.register_scope(StandardAgreement, _agreements)
policy.register_scope(CompanyEligibility, _eligibility)
policy.register_scope(MinorWorkException, students_scope("student"))
policy.register_change(Slot, _company_owns)
policy.register_change(StandardAgreement, _party_to)
policy.register_change(MinorWorkException, _school_of_student)
