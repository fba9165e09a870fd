"""Evidence rows, budgets and benefits for the benefits tests (and the access
matrix part and browser test)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from mujigae.benefits.models import Benefit, BenefitKind, Condition
from mujigae.budget.models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    SourceFunding,
)
from mujigae.curriculum.models import ModuleProposal, Programme
from mujigae.outcomes.models import Hire
from mujigae.placements.models import CompanyEligibility, Slot
from mujigae.rounds.models import Assignment, Entrant, Round, RoundSlot
from mujigae.students.models import Student
from mujigae.surveys.models import Invitation, Survey
from mujigae.surveys.models import Response as SurveyResponse
from tests.placements.factories import SlotFactory

_seq = itertools.count(1)
YEAR = timezone.localdate().year


def allocation(district, *, year: int = YEAR, amount: int = 10_000_000, source_amount=None):
    fy, _ = FiscalYear.objects.get_or_create(
        district=district,
        year=year,
        defaults={"starts_on": dt.date(year, 1, 1), "ends_on": dt.date(year, 12, 31)},
    )
    source, _ = FundingSource.objects.get_or_create(district=district, name="특별교부금")
    category, _ = ExpenseCategory.objects.get_or_create(district=district, name="운영비")
    total = amount if source_amount is None else source_amount
    SourceFunding.objects.get_or_create(
        fiscal_year=fy, source=source, defaults={"original": total, "current": total}
    )
    project = Project.objects.create(
        district=district, fiscal_year=fy, name=f"참여기업 지원 {next(_seq)}"
    )
    return Allocation.objects.create(
        project=project, source=source, category=category, original=amount, current=amount
    )


def benefit(district, *, conditions=(), alloc=None, **kw) -> Benefit:
    kind = kw.pop("kind", BenefitKind.TRAINER_ALLOWANCE)
    money = kind in (BenefitKind.TRAINER_ALLOWANCE, BenefitKind.TRAINEE_SUBSIDY, BenefitKind.MONEY)
    defaults = {
        "name": f"기업현장교사 수당 {next(_seq)}",
        "kind": kind,
        "unit_amount": 30_000 if money else None,
        "unit_label": "일" if money else "회",
        "starts_on": dt.date(YEAR - 1, 1, 1),
        "ends_on": dt.date(YEAR + 1, 12, 31),
        "yearly_cap": 2_100_000 if money else 2,
        "allocation": (alloc or allocation(district)) if money else None,
    }
    defaults.update(kw)
    b = Benefit.objects.create(district=district, **defaults)
    for c in conditions:
        if isinstance(c, str):
            c = {"kind": c}
        Condition.objects.create(benefit=b, **c)
    return b


def student(school, name="김실습", year=YEAR) -> Student:
    return Student.objects.create(
        district=school.district,
        school=school,
        school_year=year,
        grade=3,
        class_no=1,
        number=next(_seq) % 90 + 1,
        name=name,
        birth_date=dt.date(year - 18, 3, 5),
    )


def hosted(company, school, n: int = 1, *, year: int = YEAR, response="accepted", names=None):
    """n trainees hosted by `company` in a field-training round of `year`."""
    slot = SlotFactory(company=company)
    rnd = Round.objects.create(
        district=company.district,
        name=f"{year} 현장실습 매칭 {next(_seq)}",
        kind="field_training",
        deadline=timezone.now(),
        status="finished",
        school_year=year,
        grade=3,
    )
    rs = RoundSlot.objects.create(round=rnd, slot=slot, capacity=max(n, 1))
    out = []
    for i in range(n):
        s = student(school, (names or ["김실습"] * n)[i], year)
        e = Entrant.objects.create(round=rnd, student=s)
        out.append(
            Assignment.objects.create(
                round=rnd,
                entrant=e,
                round_slot=rs,
                choice=1,
                response=response,
                responded_at=timezone.now(),
            )
        )
    return out


def hired(company, school, n: int = 1, *, year: int = YEAR, name="박채용"):
    return [
        Hire.objects.create(
            district=company.district,
            student=student(school, name, year - 1),
            company=company,
            start_date=dt.date(year, 3, 2),
            contract_type="permanent",
        )
        for _ in range(n)
    ]


def module(company, provider, *, year: int = YEAR, status="approved"):
    programme = Programme.objects.create(
        district=company.district, provider=provider, kind="school_major", name=f"과정 {next(_seq)}"
    )
    return ModuleProposal.objects.create(
        district=company.district,
        programme=programme,
        proposer=company,
        status=status,
        decided_at=timezone.make_aware(dt.datetime(year, 5, 1, 10)),
    )


def answered(company, *, year: int = YEAR, submitted=True, kind="demand"):
    survey = Survey.objects.create(
        district=company.district, kind=kind, title=f"{year} 기업 수요조사 {next(_seq)}", year=year
    )
    inv = Invitation.objects.create(survey=survey, organisation=company, token=f"t{next(_seq)}")
    return SurveyResponse.objects.create(
        invitation=inv,
        survey=survey,
        organisation=company,
        is_submitted=submitted,
        submitted_at=timezone.now() if submitted else None,
    )


def status(company, tier="participating", *, inspected=None, until=None):
    today = timezone.localdate()
    return CompanyEligibility.objects.create(
        district=company.district,
        company=company,
        tier=tier,
        inspected_on=inspected or today - dt.timedelta(days=30),
        valid_until=until if until is not None else today + dt.timedelta(days=300),
    )


def violating_slot(company) -> Slot:
    """An open field-training slot with night hours (training_night)."""
    return SlotFactory(
        company=company, start_time=dt.time(20, 0), end_time=dt.time(23, 30), title="야간 실습"
    )
