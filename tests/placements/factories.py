"""Factories for placement slots, agreements and eligibility."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from mujigae.placements import rules
from mujigae.placements.models import CompanyEligibility, Slot, StandardAgreement


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot
        skip_postgeneration_save = True

    company = None  # pass the company organisation
    district = factory.SelfAttribute("company.district")
    kind = rules.FIELD_TRAINING
    title = factory.Sequence(lambda n: f"로봇 정비 실습 {n}")
    duties = "로봇 정비 보조"
    daily_hours = Decimal(7)
    weekly_hours = Decimal(35)
    start_time = dt.time(9, 0)
    end_time = dt.time(17, 0)
    pay = 1_500_000
    capacity = 2


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardAgreement

    company = None
    school = None
    district = factory.SelfAttribute("company.district")
    signed_on = dt.date(2026, 3, 2)
    period_start = dt.date(2026, 9, 1)
    period_end = dt.date(2027, 2, 28)
    supervisor = "김감독"
    allowance = 600_000


class EligibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyEligibility

    company = None
    district = factory.SelfAttribute("company.district")
    tier = "leading"
    inspected_on = dt.date(2026, 6, 1)
    valid_until = dt.date(2027, 6, 1)


def student(sid="s1", *, age=17, on=dt.date(2026, 9, 1), **kw) -> rules.StudentFacts:
    """Plain facts of a student `age` years old on `on` (birthday in March)."""
    kw.setdefault("school_id", "school")
    return rules.StudentFacts(id=sid, birth_date=dt.date(on.year - age, 3, 5), **kw)


def slot(hid="h1", *, kind=rules.JOB, **kw) -> rules.SlotFacts:
    """Plain facts of a lawful 09:00–16:00 slot, 7 h a day, 35 h a week; training
    slots come with a valid agreement and an eligible company unless overridden."""
    base = {
        "daily_hours": Decimal(7),
        "weekly_hours": Decimal(35),
        "start_time": dt.time(9, 0),
        "end_time": dt.time(16, 0),
    }
    if kind == rules.FIELD_TRAINING:
        base.update(
            agreements=(
                rules.AgreementFacts(
                    "school", dt.date(2026, 3, 2), dt.date(2026, 9, 1), dt.date(2027, 2, 28)
                ),
            ),
            company_tier="leading",
            company_inspected_on=dt.date(2026, 6, 1),
            company_eligible_until=dt.date(2027, 6, 1),
        )
    base.update(kw)
    return rules.SlotFacts(id=hid, kind=kind, **base)
