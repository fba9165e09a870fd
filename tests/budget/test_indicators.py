"""budget.execution_rate from raw budget and spending rows: the execution
page's overall 집행률."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.budget import execution_selectors
from mujigae.budget.models import Spending
from mujigae.core import indicators
from tests import factories as f
from tests.benefits.helpers import allocation

pytestmark = pytest.mark.django_db
KEY = "budget.execution_rate"


def spend(a, amount, day, refund_of=None):
    return Spending.objects.create(
        district=a.project.district,
        fiscal_year=a.project.fiscal_year,
        allocation=a,
        project=a.project,
        source=a.source,
        category=a.category,
        spent_on=day,
        amount=amount,
        refund_of=refund_of,
    )


def test_spent_over_current_budget_as_the_execution_page(world):
    d, o = world.district, world.other_district
    a24 = allocation(d, year=2024, amount=3_000_000)
    spend(a24, 1_000_000, dt.date(2024, 3, 1))
    paid = spend(a24, 250_000, dt.date(2024, 9, 1))
    spend(a24, -50_000, dt.date(2024, 10, 1), refund_of=paid)  # a refund lowers it
    a25 = allocation(d, year=2025, amount=0, source_amount=0)  # no budget: no value
    b25 = allocation(o, year=2025, amount=7_000_000)
    spend(b25, 7_000_000, dt.date(2025, 5, 1))
    figures = indicators.get(KEY).figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 1,200,000 ÷ 3,000,000 = 40.0 %; o 2025: 100.0 %; d 2025: budget 0
    assert figures[d.pk, 2024].value == Decimal("40.0")
    assert (figures[d.pk, 2024].numerator, figures[d.pk, 2024].denominator) == (
        1_200_000,
        3_000_000,
    )
    assert figures[o.pk, 2025].value == Decimal("100.0")
    assert figures[d.pk, 2025].value is None
    assert figures[d.pk, 2024].people is None  # won, not persons
    assert (o.pk, 2024) not in figures
    page = execution_selectors.execution(world.users["coordinator"], a24.project.fiscal_year)
    assert page.total.rate == figures[d.pk, 2024].value
    assert a25.current == 0


def test_query_count_does_not_grow(world):
    third = f.DistrictFactory()
    spend(allocation(world.district, year=2024), 10, dt.date(2024, 1, 5))

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(KEY).figures(ids, years)
        return len(ctx)

    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
