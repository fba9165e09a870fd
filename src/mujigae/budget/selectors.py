"""Budget reads for the plan pages: a few grouped queries per page, never a
query per row. The execution figures (rates per month, carry-over) are the
execution pages' (execution_views.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from mujigae.budget.execution_selectors import rate as execution_rate
from mujigae.budget.execution_selectors import rate_text
from mujigae.budget.models import (
    Allocation,
    Amendment,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    SourceFunding,
    Spending,
)


def rate(spent: int, budget: int) -> str:
    """집행률 as the pages show it: "12.5%" ("—" without a budget). The one
    computation is `execution_selectors.rate`."""
    return rate_text(execution_rate(spent, budget))


def lists_of(district: Any) -> tuple[list[FundingSource], list[ExpenseCategory]]:
    return (
        list(FundingSource.objects.filter(district=district)),
        list(ExpenseCategory.objects.filter(district=district)),
    )


def active_lists(district: Any) -> tuple[list[FundingSource], list[ExpenseCategory]]:
    sources, categories = lists_of(district)
    return [s for s in sources if s.is_active], [c for c in categories if c.is_active]


def used_ids(district: Any) -> dict[str, set[int]]:
    """The sources and categories a budget uses (they cannot be deleted)."""
    allocations = Allocation.objects.filter(project__district=district)
    return {
        "used_sources": set(
            SourceFunding.objects.filter(fiscal_year__district=district).values_list(
                "source_id", flat=True
            )
        )
        | set(allocations.values_list("source_id", flat=True)),
        "used_categories": set(allocations.values_list("category_id", flat=True)),
    }


@dataclass
class YearRow:
    year: FiscalYear
    budget: int
    spent: int
    projects: int

    @property
    def rate(self) -> str:
        return rate(self.spent, self.budget)


def year_rows(years: Any) -> list[YearRow]:
    years = list(years)
    ids = [y.pk for y in years]
    budget = dict(
        SourceFunding.objects.filter(fiscal_year_id__in=ids)
        .values_list("fiscal_year_id")
        .annotate(total=Sum("current"))
    )
    spent = dict(
        Spending.objects.filter(fiscal_year_id__in=ids)
        .values_list("fiscal_year_id")
        .annotate(total=Sum("amount"))
    )
    projects = dict(
        Project.objects.filter(fiscal_year_id__in=ids)
        .values_list("fiscal_year_id")
        .annotate(n=Count("pk"))
    )
    return [
        YearRow(y, budget.get(y.pk) or 0, spent.get(y.pk) or 0, projects.get(y.pk, 0))
        for y in years
    ]


@dataclass
class FundingRow:
    funding: SourceFunding
    amendments: list[Amendment]
    allocated: int
    spent: int

    @property
    def unallocated(self) -> int:
        return self.funding.current - self.allocated


@dataclass
class AllocationRow:
    allocation: Allocation
    spent: int

    @property
    def rate(self) -> str:
        return rate(self.spent, self.allocation.current)


@dataclass
class ProjectRow:
    project: Project
    allocations: list[AllocationRow] = field(default_factory=list)

    @property
    def original(self) -> int:
        return sum(a.allocation.original for a in self.allocations)

    @property
    def current(self) -> int:
        return sum(a.allocation.current for a in self.allocations)

    @property
    def spent(self) -> int:
        return sum(a.spent for a in self.allocations)

    @property
    def rate(self) -> str:
        return rate(self.spent, self.current)


def _spent_per_allocation(qs: Any) -> dict[int, int]:
    return {
        pk: total or 0
        for pk, total in Spending.objects.filter(allocation__in=qs)
        .values_list("allocation_id")
        .annotate(total=Sum("amount"))
    }


def plan(fiscal_year: FiscalYear) -> dict[str, Any]:
    """The plan page: sources (original, amendments, current, allocated,
    spent), projects with their allocations, the amendment history."""
    fundings = list(SourceFunding.objects.filter(fiscal_year=fiscal_year).select_related("source"))
    amendments = list(
        Amendment.objects.filter(fiscal_year=fiscal_year)
        .select_related(
            "funding__source",
            "allocation__project",
            "allocation__source",
            "allocation__category",
            "created_by",
        )
        .order_by("amended_on", "pk")
    )
    by_funding: dict[int, list[Amendment]] = defaultdict(list)
    for amendment in amendments:
        if amendment.funding_id:
            by_funding[amendment.funding_id].append(amendment)
    allocations = list(
        Allocation.objects.filter(project__fiscal_year=fiscal_year).select_related(
            "source", "category"
        )
    )
    spent = _spent_per_allocation(Allocation.objects.filter(project__fiscal_year=fiscal_year))
    allocated: dict[int, int] = defaultdict(int)
    spent_by_source: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        allocated[allocation.source_id] += allocation.current
        spent_by_source[allocation.source_id] += spent.get(allocation.pk, 0)
    projects = {
        p.pk: ProjectRow(p)
        for p in Project.objects.filter(fiscal_year=fiscal_year).select_related("runner")
    }
    for allocation in allocations:
        projects[allocation.project_id].allocations.append(
            AllocationRow(allocation, spent.get(allocation.pk, 0))
        )
    funding_rows = [
        FundingRow(
            f, by_funding.get(f.pk, []), allocated[f.source_id], spent_by_source[f.source_id]
        )
        for f in fundings
    ]
    total_budget = sum(f.current for f in fundings)
    total_spent = sum(spent.values())
    return {
        "fundings": funding_rows,
        "projects": list(projects.values()),
        "amendments": list(reversed(amendments)),
        "total_original": sum(f.original for f in fundings),
        "total_budget": total_budget,
        "total_allocated": sum(allocated.values()),
        "total_spent": total_spent,
        "total_rate": rate(total_spent, total_budget),
    }


def project_row(project: Project) -> ProjectRow:
    allocations = project.allocations.select_related("source", "category")
    spent = _spent_per_allocation(allocations)
    row = ProjectRow(project)
    row.allocations = [AllocationRow(a, spent.get(a.pk, 0)) for a in allocations]
    return row


def project_spending(project: Project) -> Any:
    return (
        Spending.objects.filter(project=project)
        .select_related("source", "category", "payee_organisation")
        .order_by("-spent_on", "-pk")
    )
