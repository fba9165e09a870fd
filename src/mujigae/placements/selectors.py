"""Reads of placement slots, agreements, eligibility and authorisations. Rows go
through the access policy; the refusal preview asks `rules.py` (never a copy of
the rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mujigae.core import policy
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements import rules, services
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    SlotKind,
    StandardAgreement,
)
from mujigae.students.models import Student

# Who sees which list of slots (the scope decides the rows; this the layout).
STAFF_LIST = frozenset({policy.COORDINATOR})


def slot_list(
    *,
    user: Any,
    kind: str = "",
    status: str = "",
    company: int | str | None = None,
    q: str = "",
) -> QuerySet[Slot]:
    qs = policy.visible(user, Slot).select_related("company")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if company:
        qs = qs.filter(company_id=company)
    q = (q or "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("company__name", "title", "pk")


def slot_detail(*, user: Any, pk: Any) -> Slot:
    return policy.access(user, Slot, pk, qs=Slot.objects.select_related("company", "district"))


def district_companies(*, user: Any) -> QuerySet[Organisation]:
    return policy.visible(user, Organisation).filter(kind=OrgKind.COMPANY).order_by("name")


def district_schools(*, user: Any) -> QuerySet[Organisation]:
    return policy.visible(user, Organisation).filter(kind=OrgKind.SCHOOL).order_by("name")


def agreement_list(*, user: Any) -> QuerySet[StandardAgreement]:
    return (
        policy.visible(user, StandardAgreement)
        .select_related("company", "school", "slot")
        .order_by("company__name", "school__name", "-period_start", "pk")
    )


def eligibility_rows(*, user: Any) -> list[tuple[Organisation, CompanyEligibility | None]]:
    """Every company the user may see with its eligibility row (None: not decided).
    The coordinator: the district's companies; a company: itself."""
    if user.role == policy.COMPANY:
        companies = district_companies(user=user).filter(pk=user.organisation_id)
    elif user.role == policy.COORDINATOR:
        companies = district_companies(user=user)
    else:
        return []
    rows = {e.company_id: e for e in policy.visible(user, CompanyEligibility)}
    return [(c, rows.get(c.pk)) for c in companies]


def exception_list(*, user: Any) -> QuerySet[MinorWorkException]:
    return (
        policy.visible(user, MinorWorkException)
        .select_related("student", "student__school", "slot", "slot__company")
        .order_by("-authorised_on", "pk")
    )


def students_for_checks(*, user: Any) -> QuerySet[Student]:
    """The students a school (its own) or a coordinator (the district's) may pick."""
    return (
        policy.visible(user, Student)
        .select_related("school")
        .order_by("school__name", "-school_year", "grade", "class_no", "number")
    )


def job_slots(*, user: Any) -> QuerySet[Slot]:
    return slot_list(user=user, kind=SlotKind.JOB)


def checkable_slots(*, user: Any) -> QuerySet[Slot]:
    """Slots a school or coordinator may check a student against: the open ones
    (the coordinator: every slot of the district)."""
    qs = slot_list(user=user)
    if user.role != policy.COORDINATOR:
        qs = qs.open()
    return qs


def _born_years_before(on: dt.date, years: int) -> dt.date:
    # 1 January: the person has completed `years` years on any day of `on`'s year.
    return dt.date(on.year - years, 1, 1)


@dataclass
class Refusal:
    reason: rules.Reason
    schools: list[Organisation] = field(default_factory=list)
    all_schools: bool = False
    minors_only: bool = False


@dataclass
class Preview:
    on: dt.date
    refusals: list[Refusal]
    agreed_schools: list[Organisation]
    n_schools: int

    @property
    def acceptable(self) -> bool:
        return not self.refusals


def slot_refusals(*, slot: Slot, schools: list[Organisation], on: dt.date) -> Preview:
    """What the rules would refuse on `on` for a representative minor (17) and
    adult (18) of each school: every reason once, with the schools it hits and
    whether only minors are refused. Uses `rules.unacceptable_reasons` as is."""
    facts = services.slot_facts([slot])[0]
    by_code: dict[str, Refusal] = {}
    adult_codes: set[str] = set()
    for school in schools:
        for age, label in ((17, "minor"), (18, "adult")):
            student = rules.StudentFacts(
                id=f"{label}-{school.pk}",
                birth_date=_born_years_before(on, age),
                school_id=school.pk,
            )
            for reason in rules.unacceptable_reasons(student, facts, on=on):
                refusal = by_code.setdefault(reason.code, Refusal(reason))
                if school not in refusal.schools:
                    refusal.schools.append(school)
                if label == "adult":
                    adult_codes.add(reason.code)
    order = list(rules.RULES)
    refusals = sorted(by_code.values(), key=lambda r: order.index(r.reason.code))
    for r in refusals:
        r.all_schools = len(r.schools) == len(schools)
        r.minors_only = r.reason.code not in adult_codes
    agreed = [
        s
        for s in schools
        if slot.kind == SlotKind.FIELD_TRAINING and rules.has_valid_agreement(facts, s.pk, on)
    ]
    return Preview(on=on, refusals=refusals, agreed_schools=agreed, n_schools=len(schools))


def pair_reasons(*, student: Student, slot: Slot, on: dt.date) -> list[rules.Reason]:
    """Every rule that refuses this student for this slot on `on`."""
    s_facts = services.student_facts([student])[0]
    return rules.unacceptable_reasons(s_facts, services.slot_facts([slot])[0], on=on)
