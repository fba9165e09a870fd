"""Reads of the calendars app: a person's feed, their upcoming entries, and a
governance meeting as a calendar entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.calendars.ical import SEOUL, span
from mujigae.calendars.models import CalendarFeed
from mujigae.core import inbox, policy
from mujigae.governance.models import Meeting

MEETING_LENGTH = dt.timedelta(hours=2)  # a meeting records its start only


def active_feed(user: Any) -> CalendarFeed | None:
    return policy.visible(user, CalendarFeed).filter(revoked_at__isnull=True).first()


@dataclass(frozen=True)
class Upcoming:
    entry: inbox.Entry
    start: dt.date | dt.datetime  # in Asia/Seoul
    end: dt.date | dt.datetime
    all_day: bool


def upcoming(user: Any, *, now: dt.datetime | None = None) -> list[Upcoming]:
    """The user's calendar entries that have not ended yet, soonest first."""
    now = (now or timezone.now()).astimezone(SEOUL)
    found = []
    for entry in inbox.calendar_for(user):
        start, end = span(entry)
        all_day = not isinstance(start, dt.datetime)
        if (end <= now.date()) if all_day else (end < now):
            continue
        found.append(
            Upcoming(entry, start, end - dt.timedelta(days=1) if all_day else end, all_day)
        )

    def key(item: Upcoming) -> tuple:
        first = item.start if not item.all_day else dt.datetime.combine(item.start, dt.time(0))
        return (first.replace(tzinfo=None), item.entry.title)

    return sorted(found, key=key)


def meeting_entry(meeting: Meeting) -> inbox.Entry:
    title = meeting.title
    if meeting.status == Meeting.Status.CANCELLED:
        title = _("[Cancelled] %(title)s") % {"title": title}
    return inbox.Entry(
        uid=f"meeting-{meeting.pk}@mujigae",
        title=title,
        start=meeting.starts_at,
        end=meeting.starts_at + MEETING_LENGTH,
        url=reverse("governance:meeting_detail", args=[meeting.pk]),
        location=meeting.place,
        description=meeting.get_kind_display(),
    )
