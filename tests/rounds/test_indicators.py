"""placements.field_training_students from raw accepted assignments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.core import indicators
from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.benefits.helpers import hosted

pytestmark = pytest.mark.django_db
KEY = "placements.field_training_students"


def test_accepted_students_per_year_the_training_starts(world):
    d, o = world.district, world.other_district
    other_school = f.OrganisationFactory(district=o, kind=OrgKind.SCHOOL)
    hosted(world.company, world.school, 2, year=2024)
    hosted(world.company_b, world.school, 1, year=2024, response="declined")
    hosted(world.company_b, world.school, 1, year=2024, response="pending")
    late = hosted(world.company, world.school, 1, year=2024)  # the slot starts in 2025
    slot = late[0].round_slot.slot
    slot.period_start = dt.date(2025, 3, 2)
    slot.save()
    hosted(world.other_company, other_school, 3, year=2025)
    figures = indicators.get(KEY).figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 2 accepted (declined and waiting not); d 2025: the late slot; o 2025: 3
    assert {k: (v.value, v.people) for k, v in figures.items()} == {
        (d.pk, 2024): (2, 2),
        (d.pk, 2025): (1, 1),
        (o.pk, 2025): (3, 3),
    }


def test_query_count_does_not_grow(world):
    third = f.DistrictFactory()
    hosted(world.company, world.school, 1, year=2024)

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(KEY).figures(ids, years)
        return len(ctx)

    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
