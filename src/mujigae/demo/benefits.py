"""Invented company benefits for the Ansan demo (issue 14, MOU clause 4).

Four benefits of the district's catalogue (sample data): the on-site trainer
allowance (기업현장교사 수당, 3만원 a day capped at 210만원: ../shared/facts.md),
a field-training subsidy per trainee-month paid from the budget project
"참여기업 지원" of this fiscal year (its amount is a district setting, not a
verified figure), a certification and a facility-use benefit; their
conditions; and a few grants in every state (applied, approved, paid, rejected,
withdrawn with a clawback), one of them for the demo `company` login's company.

The budget rows it needs (this year's fiscal year, a funding source, an
expense category, the project and its allocation) are found by name or
created: the budget demo may have made them already. Idempotent: benefits and
conditions are refreshed by name; grants are made once (a second run finds
them and leaves the ledger, and the budget's spending, as it is). Call after
`load_ansan()`.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.benefits import services
from mujigae.benefits.models import Benefit, BenefitKind, Condition, Grant
from mujigae.budget.models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    SourceFunding,
)
from mujigae.core.models import District
from mujigae.demo.ansan import COMPANY_B_ORG, COMPANY_USER_ORG, DISTRICT
from mujigae.partners.models import Organisation, OrgKind

PROJECT = "참여기업 지원"
SOURCE = "교육부 특별교부금"
CATEGORY = "사업운영비"
TRAINER = "기업현장교사 수당"
SUBSIDY = "현장실습 지원금"
CERTIFICATE = "우수 참여기업 인증"
FACILITY = "공동 실습장비 이용"


def paying_allocation(district: District, year: int) -> Allocation:
    """The allocation of "참여기업 지원" in `year`: found, or created with the
    fiscal year, source and category it needs."""
    fiscal_year, _ = FiscalYear.objects.get_or_create(
        district=district,
        year=year,
        defaults={"starts_on": dt.date(year, 1, 1), "ends_on": dt.date(year, 12, 31)},
    )
    source, _ = FundingSource.objects.get_or_create(district=district, name=SOURCE)
    category, _ = ExpenseCategory.objects.get_or_create(district=district, name=CATEGORY)
    SourceFunding.objects.get_or_create(
        fiscal_year=fiscal_year,
        source=source,
        defaults={"original": 500_000_000, "current": 500_000_000},
    )
    project, _ = Project.objects.get_or_create(
        district=district,
        fiscal_year=fiscal_year,
        name=PROJECT,
        defaults={"description": "참여기업 혜택(업무협약 제4조)의 현금 지원"},
    )
    allocation = project.allocations.order_by("pk").first()
    if allocation is None:
        allocation = Allocation.objects.create(
            project=project,
            source=source,
            category=category,
            original=50_000_000,
            current=50_000_000,
        )
    return allocation


def _benefits(district: District, allocation: Allocation, year: int) -> dict[str, Benefit]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    specs = [
        (
            TRAINER,
            {
                "kind": BenefitKind.TRAINER_ALLOWANCE,
                "allocation": allocation,
                "unit_amount": 30_000,
                "unit_label": "일",
                "yearly_cap": 2_100_000,
                "description": "현장실습생을 지도하는 기업현장교사에게 하루 3만원, 연 210만원까지.",
            },
            [{"kind": "hosted", "threshold": 1, "window": "two_years"}, {"kind": "status"}],
        ),
        (
            SUBSIDY,
            {
                "kind": BenefitKind.TRAINEE_SUBSIDY,
                "allocation": allocation,
                "unit_amount": 200_000,
                "unit_label": "인·월",
                "yearly_cap": 2_400_000,
                "description": "현장실습생 1인·1개월당 지원금(금액은 지구 설정: 예시).",
            },
            [{"kind": "hosted", "threshold": 1, "window": "two_years"}, {"kind": "no_violation"}],
        ),
        (
            CERTIFICATE,
            {
                "kind": BenefitKind.CERTIFICATION,
                "unit_label": "회",
                "yearly_cap": 1,
                "description": "지구 협의회가 수여하는 우수 참여기업 인증(조달·지원사업 가점 근거).",
            },
            [
                {"kind": "hosted", "threshold": 2, "window": "two_years"},
                {"kind": "hired", "threshold": 1, "window": "two_years"},
                {"kind": "survey"},
            ],
        ),
        (
            FACILITY,
            {
                "kind": BenefitKind.FACILITY,
                "unit_label": "회",
                "yearly_cap": 10,
                "description": "거점 학교의 공동 실습장비를 기업 재직자 교육에 이용.",
            },
            [{"kind": "modules", "threshold": 1, "window": "two_years"}],
        ),
    ]
    out = {}
    for name, fields, conditions in specs:
        benefit, _ = Benefit.objects.update_or_create(
            district=district,
            name=name,
            defaults={**fields, "starts_on": start, "ends_on": end, "is_sample": True},
        )
        benefit.conditions.all().delete()
        Condition.objects.bulk_create(Condition(benefit=benefit, **c) for c in conditions)
        out[name] = benefit
    return out


def _grant(benefit, company, year, quantity, moves, period="") -> Grant:
    """A ledger line made as the services make it (history, spending), without
    the eligibility check (the demo's evidence rows are invented elsewhere)."""
    grant = Grant.objects.create(
        district=benefit.district,
        benefit=benefit,
        company=company,
        year=year,
        period=period,
        quantity=quantity,
        amount=quantity * benefit.unit_amount if benefit.is_money else 0,
        is_sample=True,
    )
    services._event(grant, None, "")
    for action, reason in moves:
        grant = services.grant_move(actor=None, grant=grant, action=action, reason=reason)
    return grant


@transaction.atomic
def load_ansan_benefits(out: TextIO | None = None) -> dict:
    district = District.objects.get(code=DISTRICT["code"])
    today = timezone.localdate()
    year = today.year
    allocation = paying_allocation(district, year)
    benefits = _benefits(district, allocation, year)
    counts = {"benefits": len(benefits), "grants": 0}
    if Grant.objects.filter(district=district, is_sample=True).exists():
        counts["grants"] = Grant.objects.filter(district=district, is_sample=True).count()
        if out:
            out.write(f"  benefits: {counts['benefits']} (grants kept: {counts['grants']})\n")
        return counts
    companies = {
        o.name: o for o in Organisation.objects.filter(district=district, kind=OrgKind.COMPANY)
    }
    mine = companies.get(COMPANY_USER_ORG)
    peer = companies.get(COMPANY_B_ORG)
    others = [o for name, o in sorted(companies.items()) if o not in (mine, peer)]
    plan = []
    if mine is not None:
        plan.append((benefits[TRAINER], mine, 20, [("approve", ""), ("pay", "")], "1학기"))
        plan.append((benefits[FACILITY], mine, 2, [], ""))
    if peer is not None:
        plan.append((benefits[TRAINER], peer, 15, [("approve", "")], "1학기"))
    reasons = ["현장실습 중단: 안전 점검 미흡", "신청 서류 미비"]
    steps = [
        (benefits[SUBSIDY], 3, [("approve", ""), ("pay", "")]),
        (benefits[SUBSIDY], 2, [("approve", ""), ("pay", ""), ("withdraw", reasons[0])]),
        (benefits[CERTIFICATE], 1, [("approve", "")]),
        (benefits[TRAINER], 10, [("reject", reasons[1])]),
        (benefits[SUBSIDY], 4, []),
    ]
    for (benefit, quantity, moves), company in zip(steps, others, strict=False):
        plan.append((benefit, company, quantity, moves, ""))
    for benefit, company, quantity, moves, period in plan:
        _grant(benefit, company, year, quantity, moves, period)
        counts["grants"] += 1
    if out:
        out.write(f"  benefits: {counts['benefits']}, grants: {counts['grants']}\n")
    return counts
