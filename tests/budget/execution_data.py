"""Budget rows for the execution tests (tests/budget/test_execution*.py):
a fiscal year of the `world` district with sources, categories, projects
(one run by the world's school, one by its partner), allocations and
spending written straight to the tables (the writes and their rules are the
plan helper's services, tested there)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mujigae.budget.models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    SourceFunding,
    Spending,
)


@dataclass
class Budget:
    fy: FiscalYear
    sources: dict[str, FundingSource]
    categories: dict[str, ExpenseCategory]
    projects: dict[str, Project]
    allocations: dict[tuple[str, str, str], Allocation] = field(default_factory=dict)
    fundings: dict[str, SourceFunding] = field(default_factory=dict)


def fiscal_year(district, year: int, closed: bool = False) -> FiscalYear:
    return FiscalYear.objects.create(
        district=district,
        year=year,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        closed_on=dt.date(year + 1, 1, 15) if closed else None,
    )


def lists(district) -> tuple[dict[str, FundingSource], dict[str, ExpenseCategory]]:
    sources = {
        name: FundingSource.objects.get_or_create(district=district, name=name, position=i)[0]
        for i, name in enumerate(["교육부 특별교부금", "안산시 대응투자"])
    }
    categories = {
        name: ExpenseCategory.objects.get_or_create(district=district, name=name, position=i)[0]
        for i, name in enumerate(["인건비", "운영비"])
    }
    return sources, categories


def build(world, year: int = 2026, closed: bool = False) -> Budget:
    """Sources 교육부 1,000만 / 안산시 500만; projects 현장실습 (school runs it:
    교육부·운영비 400만, 안산시·인건비 200만), 멘토링 (partner: 교육부·인건비 300만),
    공통 (nobody: 안산시·운영비 100만)."""
    district = world.district
    fy = fiscal_year(district, year, closed)
    sources, categories = lists(district)
    b = Budget(fy, sources, categories, {})
    b.fundings = {
        "교육부 특별교부금": SourceFunding.objects.create(
            fiscal_year=fy,
            source=sources["교육부 특별교부금"],
            original=10_000_000,
            current=10_000_000,
        ),
        "안산시 대응투자": SourceFunding.objects.create(
            fiscal_year=fy, source=sources["안산시 대응투자"], original=5_000_000, current=5_000_000
        ),
    }
    for code, name, runner in (
        ("A-1", "현장실습", world.school),
        ("A-2", "멘토링", world.partner),
        ("A-3", "공통", None),
    ):
        b.projects[name] = Project.objects.create(
            district=district, fiscal_year=fy, code=code, name=name, runner=runner
        )
    for project, source, category, amount in (
        ("현장실습", "교육부 특별교부금", "운영비", 4_000_000),
        ("현장실습", "안산시 대응투자", "인건비", 2_000_000),
        ("멘토링", "교육부 특별교부금", "인건비", 3_000_000),
        ("공통", "안산시 대응투자", "운영비", 1_000_000),
    ):
        b.allocations[(project, source, category)] = Allocation.objects.create(
            project=b.projects[project],
            source=sources[source],
            category=categories[category],
            original=amount,
            current=amount,
        )
    return b


def spend(
    b: Budget,
    key: tuple[str, str, str],
    day: dt.date,
    amount: int,
    *,
    payee: str = "주식회사 예시",
    refund_of: Spending | None = None,
    description: str = "",
) -> Spending:
    allocation = b.allocations[key]
    return Spending.objects.create(
        district_id=b.fy.district_id,
        fiscal_year=b.fy,
        allocation=allocation,
        project_id=allocation.project_id,
        source_id=allocation.source_id,
        category_id=allocation.category_id,
        spent_on=day,
        amount=amount,
        payee_name=payee,
        description=description,
        refund_of=refund_of,
    )
