"""curriculum.modules_approved from raw proposals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.core import indicators
from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.benefits.helpers import module

pytestmark = pytest.mark.django_db
KEY = "curriculum.modules_approved"


def test_approved_proposals_per_year_of_decision(world):
    d, o = world.district, world.other_district
    other_school = f.OrganisationFactory(district=o, kind=OrgKind.SCHOOL)
    module(world.company, world.school, year=2024)
    module(world.company_b, world.school, year=2024)
    module(world.company, world.school, year=2025)
    module(world.company, world.school, year=2025, status="rejected")
    module(world.company, world.school, year=2024, status="submitted")
    module(world.other_company, other_school, year=2025)
    figures = indicators.get(KEY).figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 2 approved; d 2025: 1 (the rejected one not); o 2025: 1
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): 2,
        (d.pk, 2025): 1,
        (o.pk, 2025): 1,
    }


def test_query_count_does_not_grow(world):
    third = f.DistrictFactory()
    module(world.company, world.school, year=2024)

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(KEY).figures(ids, years)
        return len(ctx)

    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
