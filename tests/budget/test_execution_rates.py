"""The execution figures (selectors.execution): 집행률 per source, project,
category and month, refunds, a zero budget, amendments, the previous year's
curve, and a query count that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.budget import execution_selectors as selectors
from mujigae.budget import services
from mujigae.budget.models import Allocation, Project
from tests.budget.execution_data import build, spend

pytestmark = pytest.mark.django_db

FIELD = ("현장실습", "교육부 특별교부금", "운영비")
FIELD_PAY = ("현장실습", "안산시 대응투자", "인건비")
MENTOR = ("멘토링", "교육부 특별교부금", "인건비")


def by_label(figures):
    return {f.label: f for f in figures}


def test_rate_rounds_half_up_to_one_decimal_and_zero_budget_is_a_dash():
    assert selectors.rate(1, 8) == Decimal("12.5")
    assert selectors.rate(1, 3) == Decimal("33.3")
    assert selectors.rate(2, 3) == Decimal("66.7")
    assert selectors.rate(0, 0) is None and selectors.rate(5, 0) is None
    assert selectors.rate_text(selectors.rate(1, 8)) == "12.5%"
    assert selectors.rate_text(None) == "—"


def test_figures_per_source_project_category_and_overall(world):
    b = build(world)
    spend(b, FIELD, dt.date(2026, 3, 10), 1_000_000)
    spend(b, FIELD_PAY, dt.date(2026, 4, 2), 500_000)
    spend(b, MENTOR, dt.date(2026, 4, 20), 750_000)
    data = selectors.execution(world.users["coordinator"], b.fy)
    assert data.whole_year
    # overall: the sources' current amounts (15,000,000), spent 2,250,000
    assert (data.total.current, data.total.spent) == (15_000_000, 2_250_000)
    assert data.total.rate_text == "15.0%"
    sources = by_label(data.sources)
    assert sources["교육부 특별교부금"].spent == 1_750_000
    assert sources["교육부 특별교부금"].rate_text == "17.5%"
    assert sources["안산시 대응투자"].rate_text == "10.0%"
    projects = by_label(data.projects)
    assert projects["A-1 현장실습"].current == 6_000_000
    assert projects["A-1 현장실습"].rate_text == "25.0%"
    assert projects["A-2 멘토링"].rate_text == "25.0%"
    assert projects["A-3 공통"].rate_text == "0.0%"
    categories = by_label(data.categories)
    assert categories["운영비"].spent == 1_000_000 and categories["운영비"].current == 5_000_000
    assert categories["인건비"].rate_text == f"{selectors.rate(1_250_000, 5_000_000)}%"


def test_refund_rows_lower_the_spent_amount(world):
    b = build(world)
    paid = spend(b, FIELD, dt.date(2026, 3, 10), 1_000_000)
    spend(b, FIELD, dt.date(2026, 5, 1), -1_000_000, refund_of=paid)
    spend(b, FIELD, dt.date(2026, 5, 2), 400_000)
    data = selectors.execution(world.users["coordinator"], b.fy)
    project = by_label(data.projects)["A-1 현장실습"]
    assert project.spent == 400_000 and project.rows == 3
    assert project.rate_text == "6.7%"
    months = {m.number: m for m in data.months}
    assert months[3].spent == 1_000_000
    assert months[5].spent == -600_000
    assert months[5].cumulative == 400_000


def test_a_zero_budget_shows_a_dash_never_an_error(world):
    b = build(world)
    empty = Project.objects.create(district=world.district, fiscal_year=b.fy, name="예산 없음")
    Allocation.objects.create(
        project=empty,
        source=b.sources["교육부 특별교부금"],
        category=b.categories["운영비"],
        original=0,
        current=0,
    )
    data = selectors.execution(world.users["coordinator"], b.fy)
    figure = by_label(data.projects)["예산 없음"]
    assert figure.rate is None and figure.rate_text == "—"


def test_an_amendment_changes_the_denominator_and_keeps_the_original(world):
    b = build(world)
    spend(b, FIELD, dt.date(2026, 3, 10), 1_000_000)
    coordinator = world.users["coordinator"]
    services.amend_allocation(
        actor=coordinator,
        allocation=b.allocations[FIELD],
        after=2_000_000,
        on=dt.date(2026, 6, 1),
        reason="감액",
    )
    services.amend_funding(
        actor=coordinator,
        funding=b.fundings["교육부 특별교부금"],
        after=8_000_000,
        on=dt.date(2026, 6, 1),
        reason="감액",
    )
    data = selectors.execution(coordinator, b.fy)
    project = by_label(data.projects)["A-1 현장실습"]
    assert (project.original, project.current) == (6_000_000, 4_000_000)
    assert project.rate_text == "25.0%"
    source = by_label(data.sources)["교육부 특별교부금"]
    assert (source.original, source.current) == (10_000_000, 8_000_000)
    assert source.rate_text == "12.5%"
    assert data.total.current == 13_000_000


def test_months_in_month_and_cumulative(world):
    b = build(world)
    spend(b, FIELD, dt.date(2026, 1, 31), 300_000)
    spend(b, FIELD, dt.date(2026, 2, 1), 200_000)
    spend(b, MENTOR, dt.date(2026, 2, 28), 1_000_000)
    data = selectors.execution(world.users["coordinator"], b.fy)
    assert [m.number for m in data.months] == list(range(1, 13))
    jan, feb, mar = data.months[:3]
    assert (jan.spent, jan.cumulative, jan.rows) == (300_000, 300_000, 1)
    assert (feb.spent, feb.cumulative, feb.rows) == (1_200_000, 1_500_000, 2)
    assert (mar.spent, mar.cumulative) == (0, 1_500_000)
    assert feb.rate_text == "10.0%" and feb.remaining == 13_500_000
    assert data.months[-1].cumulative == data.total.spent


def test_last_years_curve_is_a_percentage_of_its_own_budget(world):
    last = build(world, 2025, closed=True)
    spend(last, FIELD, dt.date(2025, 1, 15), 3_000_000)  # 20 % of 15,000,000
    spend(last, MENTOR, dt.date(2025, 3, 15), 1_500_000)  # 30 % by March
    this = build_next(world)
    data = selectors.execution(world.users["coordinator"], this.fy)
    assert data.last_year_label == 2025
    assert data.last_year[:4] == [
        Decimal("80.0"),
        Decimal("80.0"),
        Decimal("70.0"),
        Decimal("70.0"),
    ]
    assert len(data.last_year) == 12


def build_next(world):
    """A second year of the same district (its own projects)."""
    from tests.budget.execution_data import Budget, fiscal_year, lists

    fy = fiscal_year(world.district, 2026)
    sources, categories = lists(world.district)
    return Budget(fy, sources, categories, {})


def test_year_end_gives_carry_over_per_source(world):
    b = build(world, 2025, closed=True)
    spend(b, FIELD, dt.date(2025, 3, 10), 1_000_000)
    data = selectors.execution(world.users["coordinator"], b.fy)
    assert data.year_end
    closing = {c.figure.label: c for c in data.closing}
    moe = closing["교육부 특별교부금"]
    assert moe.carry_over == 9_000_000  # 10,000,000 − 1,000,000
    assert moe.unspent_allocated == 6_000_000  # allocated 7,000,000 − spent
    assert moe.unallocated == 3_000_000


def test_a_runner_sees_only_the_projects_it_runs(world):
    b = build(world)
    spend(b, FIELD, dt.date(2026, 3, 10), 1_000_000)
    spend(b, MENTOR, dt.date(2026, 3, 11), 750_000)
    school = selectors.execution(world.users["school"], b.fy)
    assert not school.whole_year
    assert [f.label for f in school.projects] == ["A-1 현장실습"]
    # its budget is its allocations (6,000,000), not the district's sources
    assert (school.total.current, school.total.spent) == (6_000_000, 1_000_000)
    assert by_label(school.sources)["교육부 특별교부금"].current == 4_000_000
    partner = selectors.execution(world.users["partner"], b.fy)
    assert [f.label for f in partner.projects] == ["A-2 멘토링"]
    assert partner.total.spent == 750_000
    # the route refuses companies and students (test_execution_views); the
    # figures are empty for them anyway
    for persona in ("company", "student"):
        nothing = selectors.execution(world.users[persona], b.fy)
        assert nothing.projects == [] and nothing.total.spent == 0 and not nothing.whole_year
    assert selectors.fiscal_year_for(world.users["other_coordinator"], 2026) is None


def test_the_query_count_does_not_grow_with_rows_or_projects(world):
    b = build(world)
    spend(b, FIELD, dt.date(2026, 3, 10), 1_000)
    coordinator = world.users["coordinator"]
    with CaptureQueriesContext(connection) as small:
        selectors.execution(coordinator, b.fy)
    for i in range(12):
        project = Project.objects.create(district=world.district, fiscal_year=b.fy, name=f"추가{i}")
        b.allocations[(project.name, "x", "y")] = Allocation.objects.create(
            project=project,
            source=b.sources["안산시 대응투자"],
            category=b.categories["인건비"],
            original=100_000,
            current=100_000,
        )
        for month in range(1, 13):
            spend(b, (project.name, "x", "y"), dt.date(2026, month, 5), 1_000)
    with CaptureQueriesContext(connection) as large:
        data = selectors.execution(coordinator, b.fy)
    assert len(data.projects) == 15 and data.total.rows == 1 + 12 * 12
    assert len(large.captured_queries) == len(small.captured_queries)
