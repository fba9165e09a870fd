"""governance.meetings_held and governance.action_items_closed from raw rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mujigae.core import indicators
from mujigae.governance.models import ActionItem, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db
HELD, PLANNED = Meeting.Status.HELD, Meeting.Status.PLANNED
S = ActionItem.Status


def at(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))  # Asia/Seoul


def queries(key, ids, years) -> int:
    with CaptureQueriesContext(connection) as ctx:
        indicators.get(key).figures(ids, years)
    return len(ctx)


def test_meetings_held_per_district_and_year(world):
    d, o = world.district, world.other_district
    f.MeetingFactory(district=d, status=HELD, starts_at=at(2024, 3, 5, 14))
    f.MeetingFactory(district=d, status=HELD, starts_at=at(2024, 12, 31, 23, 30))  # KST: 2024
    f.MeetingFactory(district=d, status=PLANNED, starts_at=at(2024, 6, 1, 10))
    f.MeetingFactory(district=d, status=Meeting.Status.CANCELLED, starts_at=at(2025, 1, 9, 10))
    f.MeetingFactory(district=d, status=HELD, starts_at=at(2025, 1, 1, 0, 30), kind="steering")
    f.MeetingFactory(district=o, status=HELD, starts_at=at(2025, 4, 1, 10))
    rows = Meeting.objects.filter(status=HELD)
    expected: dict = {}
    for m in rows:
        key = (m.district_id, timezone.localtime(m.starts_at).year)
        expected[key] = expected.get(key, 0) + 1
    figures = indicators.get("governance.meetings_held").figures([d.pk, o.pk], [2024, 2025])
    assert {k: v.value for k, v in figures.items()} == expected
    assert expected == {(d.pk, 2024): 2, (d.pk, 2025): 1, (o.pk, 2025): 1}
    assert (o.pk, 2024) not in figures


def test_action_items_closed_is_done_over_due(world):
    d, o = world.district, world.other_district

    def item(district, due, status):
        owner = f.OrganisationFactory(district=district)
        return f.ActionItemFactory(owner=owner, district=district, due_date=due, status=status)

    item(d, dt.date(2024, 2, 1), S.DONE)
    item(d, dt.date(2024, 9, 1), S.DONE)
    item(d, dt.date(2024, 11, 1), S.OPEN)
    item(d, dt.date(2024, 11, 2), S.CANCELLED)  # not counted
    item(d, None, S.DONE)  # no due date: in no year
    item(o, dt.date(2025, 3, 1), S.IN_PROGRESS)
    figures = indicators.get("governance.action_items_closed").figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 2 done of 3 due (the cancelled one left out); o 2025: 0 of 1
    assert figures[d.pk, 2024].value == Decimal("66.7")
    assert (figures[d.pk, 2024].numerator, figures[d.pk, 2024].denominator) == (2, 3)
    assert figures[o.pk, 2025].value == Decimal("0.0")
    assert set(figures) == {(d.pk, 2024), (o.pk, 2025)}


@pytest.mark.parametrize("key", ["governance.meetings_held", "governance.action_items_closed"])
def test_query_count_does_not_grow(world, key):
    third = f.DistrictFactory()
    f.MeetingFactory(district=world.district, status=HELD, starts_at=at(2024, 3, 5, 14))
    one = queries(key, [world.district.pk], [2024])
    many = queries(key, [world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
