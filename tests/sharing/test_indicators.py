"""sharing.documents_shared and sharing.staff_hours from raw rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mujigae.core import indicators
from mujigae.sharing.models import Audience, Document, StaffRequest
from mujigae.sharing.request_selectors import contributions
from tests import factories as f

pytestmark = pytest.mark.django_db


def doc(district, *args, deleted=False):
    at = timezone.make_aware(dt.datetime(*args))
    return Document.objects.create(
        district=district,
        title="자료",
        audience=Audience.objects.create(district=district, everyone=True),
        created_at=at,
        deleted_at=at if deleted else None,
    )


def ask(requester, provider, day, hours, status):
    return StaffRequest.objects.create(
        district=requester.district,
        requester=requester,
        provider=provider,
        kind="person",
        title="강사 지원",
        starts_on=day,
        ends_on=day,
        hours=hours,
        status=status,
    )


def test_documents_created_in_the_year(world):
    d, o = world.district, world.other_district
    doc(d, 2024, 2, 1)
    doc(d, 2024, 12, 31, 23, 0)  # KST: still 2024
    doc(d, 2024, 5, 1, deleted=True)  # no longer in the library
    doc(d, 2025, 1, 1, 0, 30)
    doc(o, 2025, 6, 1)
    figures = indicators.get("sharing.documents_shared").figures([d.pk, o.pk], [2024, 2025])
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): 2,
        (d.pk, 2025): 1,
        (o.pk, 2025): 1,
    }


def test_staff_hours_of_accepted_and_done_requests(world):
    d, o = world.district, world.other_district
    ask(world.school, world.company, dt.date(2024, 3, 1), Decimal("4.5"), "done")
    ask(world.company, world.school, dt.date(2024, 7, 1), Decimal("8"), "accepted")
    ask(world.school, world.company, dt.date(2024, 8, 1), Decimal("6"), "declined")
    ask(world.school, world.company_b, dt.date(2025, 2, 1), Decimal("3"), "done")
    other_school = f.OrganisationFactory(district=o, kind="school")
    ask(other_school, world.other_company, dt.date(2025, 2, 1), Decimal("2"), "requested")
    figures = indicators.get("sharing.staff_hours").figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 4.5 + 8 (declined not); d 2025: 3; o: nothing counted
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): Decimal("12.5"),
        (d.pk, 2025): Decimal("3"),
    }
    # the annual contributions table gives the same hours
    given = sum(c.hours_given for c in contributions(d, 2024))
    assert given == figures[d.pk, 2024].value


@pytest.mark.parametrize("key", ["sharing.documents_shared", "sharing.staff_hours"])
def test_query_count_does_not_grow(world, key):
    third = f.DistrictFactory()
    doc(world.district, 2024, 2, 1)
    ask(world.school, world.company, dt.date(2024, 3, 1), Decimal("1"), "done")

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(key).figures(ids, years)
        return len(ctx)

    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
