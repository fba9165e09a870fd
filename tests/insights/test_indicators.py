"""insights.gap_coverage from raw gap figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mujigae.core import indicators
from mujigae.insights.gap import coverage_of
from mujigae.insights.models import GapFigure
from tests import factories as f
from tests.insights.factories import unit

pytestmark = pytest.mark.django_db
KEY = "insights.gap_coverage"


def cell(district, u, year, demand, supply):
    return GapFigure.objects.create(
        district=district,
        unit=u,
        year=year,
        demand=demand,
        supply=supply,
        gap=demand - supply,
        coverage=coverage_of(supply, demand),
        computed_at=timezone.now(),
    )


def test_the_share_of_demand_met_unit_by_unit(world):
    d, o = world.district, world.other_district
    u1, u2 = unit(), unit()
    cell(d, u1, 2024, 30, 12)
    cell(d, u2, 2024, 10, 20)
    cell(d, u1, 2025, 0, 15)  # no demand in 2025: no value
    cell(o, u1, 2025, 8, 0)  # no supply: no value
    cell(None, u1, 2024, 30, 12)  # the national roll-up is no district
    figures = indicators.get(KEY).figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: (min(30, 12) + min(10, 20)) ÷ (30 + 10) = 22 ÷ 40 = 55.0 %
    # (u2's surplus of 10 does not cover u1's shortage of 18)
    assert figures[d.pk, 2024].value == Decimal("55.0")
    assert (figures[d.pk, 2024].numerator, figures[d.pk, 2024].denominator) == (22, 40)
    assert figures[d.pk, 2024].people is None  # companies' headcounts, not persons
    assert figures[d.pk, 2025].value is None and figures[d.pk, 2025].note
    assert figures[o.pk, 2025].value is None and figures[o.pk, 2025].note
    assert (o.pk, 2024) not in figures


def test_query_count_does_not_grow(world):
    third = f.DistrictFactory()
    cell(world.district, unit(), 2024, 3, 1)

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(KEY).figures(ids, years)
        return len(ctx)

    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
