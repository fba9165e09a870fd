"""Calendar entries as iCalendar (RFC 5545) text, built with the `icalendar`
library: the one function both the private feed and a meeting's `.ics`
download use.

Times are written in Asia/Seoul (DTSTART;TZID=Asia/Seoul with its VTIMEZONE);
an aware datetime in any zone is converted, a naive one is taken as Seoul time.
An entry whose start is a date is an all-day entry (VALUE=DATE); its `end`, a
date too, is the *last* day (inclusive), as a person would say "3 to 14 March"
(iCalendar's DTEND is exclusive: one day is added here). A timed entry without
an end is a point in time (a deadline): it ends when it starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from mujigae.core.inbox import Entry

SEOUL = ZoneInfo("Asia/Seoul")
PRODID = "-//mujigae//calendars//KO"


def _seoul(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        return value.replace(tzinfo=SEOUL)
    return value.astimezone(SEOUL)


def span(entry: Entry) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """DTSTART and DTEND of an entry (see the module's docstring)."""
    start, end = entry.start, entry.end
    if isinstance(start, dt.datetime):
        start = _seoul(start)
        end = _seoul(end) if isinstance(end, dt.datetime) else start
        return start, max(start, end)
    last = end.date() if isinstance(end, dt.datetime) else end
    if last is None or last < start:
        last = start
    return start, last + dt.timedelta(days=1)


def absolute_url(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.MUJIGAE_BASE_URL.rstrip("/") + "/" + url.lstrip("/")


def calendar_bytes(
    entries: Iterable[Entry],
    *,
    name: str | None = None,
    refresh: dt.timedelta | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The iCalendar text of `entries`. `name` (a feed's X-WR-CALNAME) and
    `refresh` (how often a subscribed app should read it again) are for feeds."""
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Seoul")
    if refresh:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    for entry in entries:
        start, end = span(entry)
        url = absolute_url(entry.url)
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        event.add("dtstart", start)
        event.add("dtend", end)
        if entry.location:
            event.add("location", entry.location)
        description = "\n\n".join(part for part in (entry.description, url) if part)
        if description:
            event.add("description", description)
        if url:
            event.add("url", url)
        if entry.categories:
            event.add("categories", list(entry.categories))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
