"""Standard agreements in notifications and calendars (issue 13): the company
and the school are told a week before the training period ends; their
calendars show the periods of their own agreements only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from mujigae.core import inbox
from mujigae.core.models import Role
from mujigae.partners.models import OrgKind
from mujigae.placements import inbox as placements_inbox
from tests import factories as f
from tests.placements.factories import AgreementFactory


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))
    )


def keys(now):
    return {e.key: e for e in placements_inbox.events(now)}


def test_agreement_expiring_goes_to_both_parties_only(world):
    other_school = f.OrganisationFactory(
        district=world.district, name="다른고", kind=OrgKind.SCHOOL
    )
    f.UserFactory(
        username="school2", role=Role.SCHOOL, district=world.district, organisation=other_school
    )
    ours = AgreementFactory(
        company=world.company, school=world.school, period_end=dt.date(2027, 2, 28)
    )
    AgreementFactory(company=world.company_b, school=other_school, period_end=dt.date(2027, 6, 30))
    key = f"placements.agreement_expiring:{ours.pk}"
    assert key not in keys(at(dt.date(2027, 2, 20)))  # eight days ahead
    found = keys(at(dt.date(2027, 2, 21)))
    event = found[key]
    assert set(event.recipients) == {world.users["company"].pk, world.users["school"].pk}
    assert event.kind in inbox.EVENT_KINDS
    assert "2027. 2. 28." in event.title
    assert keys(at(dt.date(2027, 2, 21))) == found  # stable across ticks
    for name in ("company", "school"):
        client = Client()
        client.force_login(world.users[name])
        assert client.get(event.url).status_code == 200
    assert key not in keys(at(dt.date(2027, 3, 1)))  # ended


def test_calendar_shows_the_parties_own_agreement_periods(world):
    mine = AgreementFactory(
        company=world.company,
        school=world.school,
        period_start=timezone.localdate(),
        period_end=timezone.localdate() + dt.timedelta(days=60),
    )
    AgreementFactory(
        company=world.company_b,
        school=world.school,
        period_start=timezone.localdate() - dt.timedelta(days=400),
        period_end=timezone.localdate() - dt.timedelta(days=200),  # long over
    )
    for name in ("company", "school"):
        [entry] = placements_inbox.calendar(world.users[name])
        assert entry.uid == f"agreement-{mine.pk}@mujigae"
        assert (entry.start, entry.end) == (mine.period_start, mine.period_end)
        assert "가나로봇" in entry.title
    for name in ("company_b", "coordinator", "student", "partner", "ministry", "other_company"):
        assert placements_inbox.calendar(world.users[name]) == [], name


@pytest.mark.parametrize("n", [1, 8])
def test_bounded_queries(world, n, django_assert_max_num_queries):
    end = timezone.localdate() + dt.timedelta(days=3)
    for _k in range(n):
        AgreementFactory(company=world.company, school=world.school, period_end=end)
    with django_assert_max_num_queries(2):
        assert len(placements_inbox.events(timezone.now())) == n
    with django_assert_max_num_queries(1):
        assert len(placements_inbox.calendar(world.users["school"])) == n
