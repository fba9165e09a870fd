"""Budget reads: the execution figures (집행률) and the rows behind them.

집행률 = spent ÷ current budget × 100, one decimal, "—" when the budget is 0.
Every figure comes from a handful of GROUP BY queries whose number does not
grow with the rows, the projects or the months (`execution`: ten queries).
Refund rows (negative amounts) count: they lower the spent total.

Scope: everything is read through `policy.visible`, so a school or partner
(a project's runner) gets the figures of the projects it runs and nothing
else; the district's coordinators, who see the whole fiscal year, get the
sources' own amounts (`SourceFunding`) as the per-source and overall budget;
a runner gets the sum of its projects' allocations instead. The ministry's
comparison (`national_table`) reads per-district aggregates only, never a
row or a payee. See docs/budget-execution.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When
from django.utils import timezone

from mujigae.core import policy
from mujigae.core.models import District
from mujigae.core.numbers import percent

from .models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    SourceFunding,
    Spending,
)

TENTH = Decimal("0.1")


def rate(spent: int, budget: int) -> Decimal | None:
    """spent ÷ budget × 100, rounded half up to one decimal; None when the budget is 0."""
    if not budget:
        return None
    return (Decimal(spent) * 100 / Decimal(budget)).quantize(TENTH, rounding=ROUND_HALF_UP)


def rate_text(value: Decimal | None) -> str:
    """Decimal("12.5") → "12.5%"; None → "—"."""
    return percent(value)  # the one formatter of rates (core.numbers)


@dataclass
class Figure:
    """A budget line: its budget (original and current), spent, and the filter
    of `budget:spending_list` behind it (the rows summing to `spent`)."""

    label: str
    original: int = 0
    current: int = 0
    spent: int = 0
    rows: int = 0
    filters: dict[str, Any] = field(default_factory=dict)
    pk: int | None = None

    @property
    def remaining(self) -> int:
        return self.current - self.spent

    @property
    def query(self) -> str:
        return urlencode(self.filters)

    @property
    def rate(self) -> Decimal | None:
        return rate(self.spent, self.current)

    @property
    def rate_text(self) -> str:
        return rate_text(self.rate)


@dataclass
class Month:
    number: int  # 1–12: the `month` filter
    year: int
    first: dt.date
    last: dt.date
    spent: int = 0  # in the month
    cumulative: int = 0  # from the start of the fiscal year to the month's end
    rows: int = 0
    budget: int = 0  # the overall current budget
    past: bool = True  # the month has begun (today or a closed year)

    @property
    def remaining(self) -> int:
        return self.budget - self.cumulative

    @property
    def rate(self) -> Decimal | None:
        return rate(self.cumulative, self.budget)

    @property
    def rate_text(self) -> str:
        return rate_text(self.rate)

    @property
    def month_rate_text(self) -> str:
        return rate_text(rate(self.spent, self.budget))


@dataclass
class SourceClose:
    """A source at year end: carry-over and where it stayed unspent."""

    figure: Figure
    allocated: int

    @property
    def carry_over(self) -> int:  # 이월액
        return self.figure.current - self.figure.spent

    @property
    def unspent_allocated(self) -> int:  # allocated to projects, not spent
        return self.allocated - self.figure.spent

    @property
    def unallocated(self) -> int:  # never allocated to a project
        return self.figure.current - self.allocated


@dataclass
class Execution:
    fiscal_year: FiscalYear
    whole_year: bool  # the user sees the whole fiscal year (the district's coordinators)
    total: Figure
    sources: list[Figure]
    projects: list[Figure]
    categories: list[Figure]
    months: list[Month]
    last_year: list[Decimal | None]  # remaining % of last year's budget at each month's end
    last_year_label: int | None
    closing: list[SourceClose]
    year_end: bool


# --------------------------------------------------------------------------
# the fiscal year a user may read


def fiscal_year_for(user: Any, year: int) -> FiscalYear | None:
    """The fiscal year `year` of the user's own district. The year itself (its
    dates) is no secret to the roles the route lets in (access.py); what the
    user sees of it is scoped by `policy.visible` in `execution` and
    `spending_rows`: a runner its projects' figures (none: an empty page)."""
    found = policy.visible(user, FiscalYear).filter(year=year).first()
    if found is not None:
        return found
    district = policy.home_district(user)
    if district is None:
        return None
    return FiscalYear.objects.filter(district=district, year=year).first()


def years_for(user: Any) -> list[int]:
    """The fiscal years of the user's district, newest first (the year picker)."""
    district = policy.home_district(user)
    if district is None:
        return []
    return list(
        FiscalYear.objects.filter(district=district)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def sees_whole_year(user: Any, fiscal_year: FiscalYear) -> bool:
    return policy.visible(user, FiscalYear).filter(pk=fiscal_year.pk).exists()


# --------------------------------------------------------------------------
# months


def months_of(fiscal_year: FiscalYear) -> list[Month]:
    """The calendar months a fiscal year spans (first and last day clipped to it)."""
    months: list[Month] = []
    y, m = fiscal_year.starts_on.year, fiscal_year.starts_on.month
    while (y, m) <= (fiscal_year.ends_on.year, fiscal_year.ends_on.month):
        first = max(dt.date(y, m, 1), fiscal_year.starts_on)
        last = min(dt.date(y, m, calendar.monthrange(y, m)[1]), fiscal_year.ends_on)
        months.append(Month(number=m, year=y, first=first, last=last))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def month_range(fiscal_year: FiscalYear, number: int) -> tuple[dt.date, dt.date] | None:
    """(first, last day) of calendar month `number` in the fiscal year, or None."""
    for month in months_of(fiscal_year):
        if month.number == number:
            return month.first, month.last
    return None


# --------------------------------------------------------------------------
# the execution figures


def _spending(user: Any, fiscal_year: FiscalYear) -> QuerySet:
    return policy.visible(user, Spending).filter(fiscal_year=fiscal_year)


def _by_month(qs: QuerySet, fiscal_year: FiscalYear, keys: tuple[str, ...] = ()) -> QuerySet:
    """Sums and counts grouped by `keys` and the month's position in the
    fiscal year (`mi`, 0-based), from date comparisons only (no date function:
    SQLite runs those in Python, one call a row)."""
    months = months_of(fiscal_year)
    position = Case(
        *(When(spent_on__lte=m.last, then=Value(i)) for i, m in enumerate(months)),
        default=Value(len(months)),
        output_field=IntegerField(),
    )
    return (
        qs.annotate(mi=position)
        .values(*keys, "mi")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
    )


def _months_with_totals(
    fiscal_year: FiscalYear, totals: dict[int, tuple[int, int]], budget: int
) -> list[Month]:
    today = timezone.localdate()
    closed = fiscal_year.closed_on is not None
    months = months_of(fiscal_year)
    running = 0
    for i, month in enumerate(months):
        spent, n = totals.get(i, (0, 0))
        running += spent
        month.spent, month.rows, month.cumulative, month.budget = spent, n, running, budget
        month.past = closed or month.first <= today
    return months


def execution(user: Any, fiscal_year: FiscalYear) -> Execution:
    """Every figure of the execution page for `user` (see the module docstring)."""
    whole = sees_whole_year(user, fiscal_year)  # 1
    spending = _spending(user, fiscal_year)
    allocations = policy.visible(user, Allocation).filter(project__fiscal_year=fiscal_year)
    # 2: the allocations per project, source and category
    alloc_rows = list(
        allocations.values("project_id", "source_id", "category_id")
        .annotate(original=Sum("original"), current=Sum("current"))
        .order_by()
    )
    # 3: spending per project, source, category and month
    spent_rows = list(_by_month(spending, fiscal_year, ("project_id", "source_id", "category_id")))
    # 4–6: the names (and order) of the projects, sources and categories
    projects = list(
        policy.visible(user, Project)
        .filter(fiscal_year=fiscal_year)
        .order_by("code", "name")
        .values("pk", "code", "name")
    )
    sources = list(
        FundingSource.objects.filter(district_id=fiscal_year.district_id).values("pk", "name")
    )
    categories = list(
        ExpenseCategory.objects.filter(district_id=fiscal_year.district_id).values("pk", "name")
    )
    # 7: the sources' own amounts (the district's coordinators)
    fundings = (
        {
            f["source_id"]: f
            for f in policy.visible(user, SourceFunding)
            .filter(fiscal_year=fiscal_year)
            .values("source_id", "original", "current")
        }
        if whole
        else {}
    )

    def lines(key: str, names: list[dict], label) -> dict[int, Figure]:
        return {n["pk"]: Figure(label=label(n), pk=n["pk"], filters={key: n["pk"]}) for n in names}

    by_project = lines("project", projects, lambda n: f"{n['code']} {n['name']}".strip())
    by_source = lines("source", sources, lambda n: n["name"])
    by_category = lines("category", categories, lambda n: n["name"])
    allocated_by_source: dict[int, int] = defaultdict(int)
    for row in alloc_rows:
        for figures, key in (
            (by_project, "project_id"),
            (by_category, "category_id"),
            (by_source, "source_id"),
        ):
            fig = figures.get(row[key])
            if fig is not None and not (whole and key == "source_id"):
                fig.original += row["original"]
                fig.current += row["current"]
        allocated_by_source[row["source_id"]] += row["current"]
    if whole:
        for source_id, funding in fundings.items():
            fig = by_source.get(source_id)
            if fig is not None:
                fig.original, fig.current = funding["original"], funding["current"]
    month_totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in spent_rows:
        for figures, key in (
            (by_project, "project_id"),
            (by_category, "category_id"),
            (by_source, "source_id"),
        ):
            fig = figures.get(row[key])
            if fig is not None:
                fig.spent += row["total"]
                fig.rows += row["n"]
        month_totals[row["mi"]][0] += row["total"]
        month_totals[row["mi"]][1] += row["n"]

    source_list = [f for f in by_source.values() if f.current or f.original or f.rows]
    category_list = [f for f in by_category.values() if f.current or f.original or f.rows]
    total = Figure(label="", filters={})
    budget_lines = source_list if whole else list(by_project.values())
    total.original = sum(f.original for f in budget_lines)
    total.current = sum(f.current for f in budget_lines)
    total.spent = sum(f.spent for f in by_project.values())
    total.rows = sum(f.rows for f in by_project.values())
    months = _months_with_totals(
        fiscal_year, {k: (v[0], v[1]) for k, v in month_totals.items()}, total.current
    )
    # 8: last year's curve (same district, previous fiscal year), as % of its budget
    last_year, last_label = _last_year_curve(user, fiscal_year, whole, len(months))
    today = timezone.localdate()
    year_end = fiscal_year.closed_on is not None or today > fiscal_year.ends_on
    closing = [SourceClose(f, allocated_by_source.get(f.pk, 0)) for f in source_list]
    return Execution(
        fiscal_year=fiscal_year,
        whole_year=whole,
        total=total,
        sources=source_list,
        projects=list(by_project.values()),
        categories=category_list,
        months=months,
        last_year=last_year,
        last_year_label=last_label,
        closing=closing,
        year_end=year_end,
    )


def _last_year_curve(
    user: Any, fiscal_year: FiscalYear, whole: bool, n_months: int
) -> tuple[list[Decimal | None], int | None]:
    """The remaining budget of the previous fiscal year, in % of its budget, at
    the end of each month (by position in the year); [] when there is none."""
    previous = FiscalYear.objects.filter(
        district_id=fiscal_year.district_id, year=fiscal_year.year - 1
    ).first()
    if previous is None:
        return [], None
    if whole:
        budget = (
            SourceFunding.objects.filter(fiscal_year=previous).aggregate(t=Sum("current"))["t"] or 0
        )
    else:
        budget = (
            policy.visible(user, Allocation)
            .filter(project__fiscal_year=previous)
            .aggregate(t=Sum("current"))["t"]
            or 0
        )
    if not budget:
        return [], None
    totals = {r["mi"]: r["total"] for r in _by_month(_spending(user, previous), previous)}
    curve: list[Decimal | None] = []
    running = 0
    for i in range(min(n_months, len(months_of(previous)))):
        running += totals.get(i, 0)
        curve.append(rate(budget - running, budget))
    return curve, previous.year


# --------------------------------------------------------------------------
# the rows behind a figure


@dataclass
class RowFilter:
    project: Project | None = None
    source: FundingSource | None = None
    category: ExpenseCategory | None = None
    month: int | None = None  # rows of that month
    through: int | None = None  # rows from the start of the year to that month's end

    def query(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("project", "source", "category"):
            obj = getattr(self, key)
            if obj is not None:
                out[key] = obj.pk
        if self.month is not None:
            out["month"] = self.month
        if self.through is not None:
            out["through"] = self.through
        return out


def spending_rows(user: Any, fiscal_year: FiscalYear, flt: RowFilter) -> QuerySet:
    """The visible spending rows of the fiscal year that a filter selects."""
    qs = _spending(user, fiscal_year)
    if flt.project is not None:
        qs = qs.filter(project=flt.project)
    if flt.source is not None:
        qs = qs.filter(source=flt.source)
    if flt.category is not None:
        qs = qs.filter(category=flt.category)
    for number, cumulative in ((flt.month, False), (flt.through, True)):
        if number is None:
            continue
        first, last = month_range(fiscal_year, number) or (None, None)
        if first is None:
            return qs.none()
        qs = qs.filter(spent_on__lte=last)
        if not cumulative:
            qs = qs.filter(spent_on__gte=first)
    return qs


def listed_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "project", "source", "category", "payee_organisation", "refund_of"
    ).order_by("spent_on", "pk")


def rows_total(qs: QuerySet) -> tuple[int, int]:
    """(sum of the amounts, number of rows)."""
    agg = qs.aggregate(total=Sum("amount"), n=Count("pk"))
    return agg["total"] or 0, agg["n"]


def filter_project(user: Any, fiscal_year: FiscalYear, pk: int) -> Project | None:
    return policy.visible(user, Project).filter(fiscal_year=fiscal_year, pk=pk).first()


def filter_source(fiscal_year: FiscalYear, pk: int) -> FundingSource | None:
    return FundingSource.objects.filter(district_id=fiscal_year.district_id, pk=pk).first()


def filter_category(fiscal_year: FiscalYear, pk: int) -> ExpenseCategory | None:
    return ExpenseCategory.objects.filter(district_id=fiscal_year.district_id, pk=pk).first()


# --------------------------------------------------------------------------
# the ministry's comparison


@dataclass
class DistrictRow:
    district: District
    total: Figure
    sources: dict[str, Figure]  # by source name (each district names its own)


def national_years(user: Any) -> list[int]:
    if policy.role_of(user) != policy.MINISTRY:
        return []
    return sorted(set(FiscalYear.objects.values_list("year", flat=True)), reverse=True)


def national_table(user: Any, year: int) -> tuple[list[DistrictRow], list[str]]:
    """Every district's execution for fiscal year `year`, side by side: budget
    (the sources' current amounts), spent, rate, and per source; aggregates
    only (the ministry never reads a spending row). Four queries.
    Returns (rows by district name, the source names in column order)."""
    if policy.role_of(user) != policy.MINISTRY:
        return [], []
    districts = policy.visible(user, District)
    years = FiscalYear.objects.filter(year=year, district__in=districts)
    budgets = (
        SourceFunding.objects.filter(fiscal_year__in=years)
        .values("fiscal_year__district_id", "source_id")
        .annotate(original=Sum("original"), current=Sum("current"))
        .order_by()
    )
    spent = (
        Spending.objects.filter(fiscal_year__in=years)
        .values("district_id", "source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sources = {
        s["pk"]: (s["name"], s["position"])
        for s in FundingSource.objects.filter(district__in=districts).values(
            "pk", "name", "position"
        )
    }
    rows: dict[int, DistrictRow] = {}
    positions: dict[str, int] = {}

    def row_of(district_id: int) -> DistrictRow:
        if district_id not in rows:
            rows[district_id] = DistrictRow(None, Figure(label=""), {})  # type: ignore[arg-type]
        return rows[district_id]

    def source_of(row: DistrictRow, source_id: int) -> Figure:
        name, position = sources[source_id]
        positions[name] = min(positions.get(name, position), position)
        return row.sources.setdefault(name, Figure(label=name))

    for b in budgets:
        row = row_of(b["fiscal_year__district_id"])
        fig = source_of(row, b["source_id"])
        fig.original += b["original"]
        fig.current += b["current"]
        row.total.original += b["original"]
        row.total.current += b["current"]
    for s in spent:
        row = row_of(s["district_id"])
        source_of(row, s["source_id"]).spent += s["total"]
        row.total.spent += s["total"]
    names = District.objects.in_bulk(list(rows))
    for pk, row in rows.items():
        row.district = names[pk]
    ordered = sorted(rows.values(), key=lambda r: r.district.name)
    columns = sorted(positions, key=lambda n: (positions[n], n))
    return ordered, columns
