"""The calendar page and a meeting's `.ics` download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mujigae.calendars.models import CalendarFeed
from mujigae.core.inbox import Entry
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_page_lists_what_is_coming_and_not_what_is_over(world, client_for, calendar_entries):
    user = world.users["student"]
    today = timezone.localdate()
    calendar_entries[user.pk] = [
        Entry(uid="test-deadline-past", title="[PAST]", start=today - dt.timedelta(days=2)),
        Entry(uid="test-deadline-today", title="[TODAY]", start=today),
        Entry(
            uid="test-meeting-soon",
            title="[SOON]",
            start=timezone.now() + dt.timedelta(days=1),
            url="/rounds/",
        ),
    ]
    response = client_for("student").get(reverse("calendars:page"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "[PAST]" not in text
    assert text.index("[TODAY]") < text.index("[SOON]")
    assert "개인 일정표 주소가 없습니다." in text
    assert 'href="/calendar/"' in text  # the header's link


def test_the_address_is_shown_once(world, client_for):
    client = client_for("ministry")  # every role keeps its own address
    response = client.post(reverse("calendars:feed_create"))
    assert response.status_code == 200
    url = response.context["new_url"]
    assert url.startswith("http") and url.endswith(".ics")
    assert url in response.content.decode()
    again = client.get(reverse("calendars:page")).content.decode()
    assert url not in again
    assert "사용 중" in again or "active" in again
    feed = CalendarFeed.objects.get(user=world.users["ministry"], revoked_at=None)
    assert feed.digest not in url


def test_revoking_without_an_address_changes_nothing(world, client_for):
    response = client_for("school").post(reverse("calendars:feed_revoke"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_a_meeting_downloads_as_ics(world, client_for, settings):
    settings.MUJIGAE_BASE_URL = "https://mujigae.example.kr"
    starts = dt.datetime(2027, 4, 9, 5, 30, tzinfo=dt.UTC)  # 14:30 in Seoul
    meeting = f.MeetingFactory(
        district=world.district,
        title="안산시·교육지원청 간담회",
        starts_at=starts,
        place="시청 3층",
    )
    response = client_for("company").get(reverse("calendars:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@mujigae"
    assert str(event["SUMMARY"]) == "안산시·교육지원청 간담회"
    assert str(event["LOCATION"]) == "시청 3층"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert (start.hour, start.minute) == (14, 30) and end - start == dt.timedelta(hours=2)
    assert str(event["URL"]) == f"https://mujigae.example.kr/governance/meetings/{meeting.pk}/"


def test_another_districts_meeting_is_404_and_students_are_refused(world, client_for):
    ours = f.MeetingFactory(district=world.district)
    theirs = f.MeetingFactory(district=world.other_district)
    client = client_for("coordinator")
    assert client.get(reverse("calendars:meeting_ics", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("calendars:meeting_ics", args=[999999])).status_code == 404
    assert (
        client_for("student").get(reverse("calendars:meeting_ics", args=[ours.pk])).status_code
        == 403
    )


def test_the_meeting_page_offers_the_download(world, client_for):
    meeting = f.MeetingFactory(district=world.district)
    text = (
        client_for("partner")
        .get(reverse("governance:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    assert f'href="/calendar/meeting/{meeting.pk}.ics"' in text
    assert "일정표에 추가 (.ics)" in text
