"""partners.participating_companies from raw eligibility rows (two districts,
two years), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.core import indicators
from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.benefits.helpers import status

pytestmark = pytest.mark.django_db
KEY = "partners.participating_companies"


def queries(ids, years) -> int:
    with CaptureQueriesContext(connection) as ctx:
        indicators.get(KEY).figures(ids, years)
    return len(ctx)


def company(district, name):
    return f.OrganisationFactory(district=district, name=name, kind=OrgKind.COMPANY)


def test_counts_companies_valid_on_some_day_of_the_year(world):
    d, o = world.district, world.other_district
    # valid through 2024 only
    status(company(d, "가"), inspected=dt.date(2024, 3, 1), until=dt.date(2024, 12, 31))
    # 선도, inspected in 2023 and never expires: 2024 and 2025
    status(company(d, "나"), "leading", inspected=dt.date(2023, 6, 1), until=None)
    no_status = status(company(d, "다"), "none", inspected=dt.date(2024, 1, 2))
    assert no_status.tier == "none"  # not a status: never counted
    # expired before 2024 began
    status(company(d, "라"), inspected=dt.date(2022, 1, 1), until=dt.date(2023, 12, 31))
    status(company(o, "마"), inspected=dt.date(2025, 2, 1), until=dt.date(2025, 6, 30))
    figures = indicators.get(KEY).figures([d.pk, o.pk], [2024, 2025])
    # by hand: 2024 in d: 가, 나; 2025 in d: 나; 2025 in o: 마; 2024 in o: none
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): 2,
        (d.pk, 2025): 1,
        (o.pk, 2025): 1,
    }
    assert (o.pk, 2024) not in figures  # no rows: "no data yet"


def test_query_count_does_not_grow(world):
    third = f.DistrictFactory()
    status(company(world.district, "가"), inspected=dt.date(2024, 3, 1), until=None)
    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
