"""The private calendar feed: what a subscribed calendar app reads."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mujigae.calendars import services
from mujigae.calendars.models import CalendarFeed
from mujigae.core.inbox import Entry
from mujigae.core.log_filters import strip_query as mask_feed

SEOUL = ZoneInfo("Asia/Seoul")
pytestmark = pytest.mark.django_db


def feed_path(raw: str) -> str:
    return reverse("calendars:feed", args=[raw])


def events_of(response) -> dict[str, object]:
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_feed_is_an_icalendar_in_seoul_time(world, calendar_entries, settings):
    settings.MUJIGAE_BASE_URL = "https://mujigae.example.kr"
    user = world.users["company"]
    calendar_entries[user.pk] = [
        Entry(
            uid="test-meeting-1@mujigae",
            title="운영위원회, 2차",
            # 01:00 UTC is 10:00 in Seoul
            start=dt.datetime(2027, 3, 2, 1, 0, tzinfo=dt.UTC),
            end=dt.datetime(2027, 3, 2, 3, 0, tzinfo=dt.UTC),
            url="/governance/meetings/1/",
            location="안산시청 제1회의실",
        ),
        Entry(uid="test-deadline-1@mujigae", title="순위 제출 마감", start=dt.date(2027, 3, 5)),
        Entry(
            uid="test-round-1@mujigae",
            title="2차 매칭 라운드",
            start=dt.date(2027, 3, 8),
            end=dt.date(2027, 3, 12),  # the last day
        ),
    ]
    _feed, raw = services.calendar_feed_create(user=user)

    response = Client().get(feed_path(raw))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    cal = Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == "무지개 일정"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Seoul"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = events_of(response)
    meeting = events["test-meeting-1@mujigae"]
    start, end = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
    assert meeting["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert (start.hour, end.hour) == (10, 12)
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert str(meeting["SUMMARY"]) == "운영위원회, 2차"
    assert str(meeting["LOCATION"]) == "안산시청 제1회의실"
    assert str(meeting["URL"]) == "https://mujigae.example.kr/governance/meetings/1/"
    assert "DTSTAMP" in meeting
    deadline = events["test-deadline-1@mujigae"]
    assert deadline["DTSTART"].params.get("VALUE") == "DATE"
    assert deadline.decoded("DTSTART") == dt.date(2027, 3, 5)
    assert deadline.decoded("DTEND") == dt.date(2027, 3, 6)  # one whole day
    rounds = events["test-round-1@mujigae"]
    assert rounds.decoded("DTSTART") == dt.date(2027, 3, 8)
    assert rounds.decoded("DTEND") == dt.date(2027, 3, 13)  # through the 12th


def test_uids_are_stable_between_reads(world, calendar_entries):
    user = world.users["school"]
    calendar_entries[user.pk] = [
        Entry(uid="test-deadline-7@mujigae", title="추적조사", start=dt.date(2027, 9, 1))
    ]
    _feed, raw = services.calendar_feed_create(user=user)
    client = Client()
    first = events_of(client.get(feed_path(raw)))
    second = events_of(client.get(feed_path(raw)))
    assert set(first) == set(second) == {"test-deadline-7@mujigae"}


def test_a_feed_never_shows_another_persons_entries(world, calendar_entries):
    company, school = world.users["company"], world.users["school"]
    calendar_entries[company.pk] = [
        Entry(
            uid="test-meeting-company@mujigae", title="[COMPANY-MEETING]", start=dt.date(2027, 1, 5)
        ),
        Entry(
            uid="test-deadline-company@mujigae", title="[COMPANY-DUE]", start=dt.date(2027, 1, 6)
        ),
    ]
    calendar_entries[school.pk] = [
        Entry(
            uid="test-meeting-school@mujigae", title="[SCHOOL-MEETING]", start=dt.date(2027, 1, 5)
        ),
        Entry(uid="test-deadline-school@mujigae", title="[SCHOOL-DUE]", start=dt.date(2027, 1, 6)),
    ]
    _f, company_raw = services.calendar_feed_create(user=company)
    _f, school_raw = services.calendar_feed_create(user=school)
    client = Client()
    company_feed = client.get(feed_path(company_raw)).content.decode()
    school_feed = client.get(feed_path(school_raw)).content.decode()
    assert "[COMPANY-MEETING]" in company_feed and "[COMPANY-DUE]" in company_feed
    assert "SCHOOL" not in company_feed
    assert "[SCHOOL-MEETING]" in school_feed and "[SCHOOL-DUE]" in school_feed
    assert "COMPANY" not in school_feed
    # a session of someone else changes nothing: the token decides
    client.force_login(school)
    assert "SCHOOL" not in client.get(feed_path(company_raw)).content.decode()


def test_revoked_and_replaced_addresses_answer_404(world, client_for):
    client = client_for("partner")
    first = client.post(reverse("calendars:feed_create"))
    assert first.status_code == 200
    old_url = first.context["new_url"]
    old_path = old_url.split("://", 1)[1].split("/", 1)[1]
    assert Client().get("/" + old_path).status_code == 200

    second = client.post(reverse("calendars:feed_create"))
    new_path = "/" + second.context["new_url"].split("://", 1)[1].split("/", 1)[1]
    assert new_path != "/" + old_path
    assert Client().get("/" + old_path).status_code == 404
    assert Client().get(new_path).status_code == 200
    assert CalendarFeed.objects.filter(user=world.users["partner"], revoked_at=None).count() == 1

    response = client.post(reverse("calendars:feed_revoke"), follow=True)
    assert response.status_code == 200
    assert "폐기했습니다" in response.content.decode()
    assert Client().get(new_path).status_code == 404
    assert not CalendarFeed.objects.filter(user=world.users["partner"], revoked_at=None).exists()


def test_a_switched_off_account_reads_nothing(world):
    user = world.users["company"]
    _feed, raw = services.calendar_feed_create(user=user)
    assert Client().get(feed_path(raw)).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client().get(feed_path(raw)).status_code == 404


def test_bad_addresses_answer_the_same_404(world):
    user = world.users["company"]
    _feed, revoked = services.calendar_feed_create(user=user)
    services.calendar_feed_revoke(user=user)
    client = Client()
    answers = {}
    for token in (
        revoked,
        "x" * 43,  # the right shape, unknown
        "junk",
        "a" * 5000,
        "한글토큰",
        "%00%ff",
        "..%2F..%2Fetc",
        "abc'; DROP TABLE calendars_calendarfeed; --",
    ):
        response = client.get(f"/calendar/feed/{token}.ics")
        assert response.status_code == 404, token
        answers[token] = response.content
    assert answers[revoked] == answers["x" * 43]


def test_last_read_is_recorded(world):
    user = world.users["company"]
    feed, raw = services.calendar_feed_create(user=user)
    assert feed.last_used_at is None
    Client().get(feed_path(raw))
    feed.refresh_from_db()
    assert feed.last_used_at is not None
    assert timezone.now() - feed.last_used_at < dt.timedelta(minutes=5)


def test_the_token_is_never_stored_nor_logged(world, caplog):
    user = world.users["company"]
    _feed, raw = services.calendar_feed_create(user=user)
    assert not CalendarFeed.objects.filter(digest__contains=raw).exists()
    services.calendar_feed_revoke(user=user)
    with caplog.at_level(logging.INFO):
        assert Client().get(feed_path(raw)).status_code == 404
    assert "/calendar/feed/" in caplog.text  # the 404 is logged …
    assert raw not in caplog.text  # … without its token
    line = f'"GET /calendar/feed/{raw}.ics HTTP/1.1" 200'
    assert raw not in mask_feed(line) and "/calendar/feed/***" in mask_feed(line)
