"""What each app owes its users, what happened to them and when: the to-do
inbox, the events notifications are made of, and calendar entries.

Each app declares its own in an `inbox.py` module, discovered like `access.py`
(core imports no app)::

    from mujigae.core import inbox

    @inbox.todos
    def _todos(user):            # -> iterable of inbox.Todo, for this user only
        ...

    @inbox.events
    def _events(now):            # -> iterable of inbox.Event (the scheduler's input)
        ...

    @inbox.calendar
    def _calendar(user):         # -> iterable of inbox.Entry (the private iCal feed)
        ...

    inbox.event_kind("governance.assigned", _("A new action item for your organisation"))

A provider answers for what *its* app owes; it reads through the app's own
selectors, so it never shows a user what the policy would not let them open.
Providers take a bounded number of queries whatever the number of rows
(docs/inbox.md): the home page and the menu count call every one of them.

Events are *computed*, not emitted: every scheduler tick asks each provider for
the events of the recent past and the near future (a key per event, stable
across ticks), and the notifications app writes one notification per (person,
key) — a unique constraint, so nothing is sent twice however often it runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils import timezone

log = logging.getLogger(__name__)

Due = dt.date | dt.datetime | None


@dataclass(frozen=True)
class Todo:
    """One thing a person owes: what, why, by when, and the page where it is done."""

    kind: str  # stable id, "<app>.<what>", e.g. "rounds.rank"
    title: str  # what to do, one line (translated)
    why: str  # why it is owed (translated)
    url: str  # the page where it is done
    due: Due = None
    count: int = 1  # e.g. 12 applicants to rank: one item, count 12
    urgent: bool = False  # overdue or due within a day: shown first, marked

    @property
    def has_time(self) -> bool:
        return isinstance(self.due, dt.datetime)

    def sort_key(self) -> tuple:
        due = self.due
        if isinstance(due, dt.datetime):
            due = due.date()
        return (not self.urgent, due is None, due or dt.date.max, self.title)


@dataclass(frozen=True)
class Event:
    """Something a person should be told about, once.

    `key` is unique per event *and stable across scheduler ticks* (e.g.
    "governance.assigned:42" or "rounds.deadline:7:d3"): the notifications app
    never writes two notifications with the same (recipient, key).
    `recipients` are user ids. Texts are short, Korean and carry no personal
    data beyond the recipient's own.
    """

    key: str
    kind: str
    recipients: tuple[int, ...]
    title: str
    url: str = ""
    body: str = ""


@dataclass(frozen=True)
class Entry:
    """One calendar entry (Asia/Seoul): a meeting, a deadline, a round date."""

    uid: str  # stable, e.g. "meeting-42@mujigae"
    title: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    url: str = ""
    location: str = ""
    description: str = ""
    categories: tuple[str, ...] = field(default_factory=tuple)


URGENT_WITHIN = dt.timedelta(days=1)


def is_urgent(due: Due, now: dt.date | dt.datetime) -> bool:
    """The one rule for a to-do's `urgent`: overdue, or due within a day. A
    due date counts in days from `now`'s date (Asia/Seoul), a due time from `now`."""
    if due is None:
        return False
    if isinstance(due, dt.datetime):
        return due - now <= URGENT_WITHIN
    today = timezone.localtime(now).date() if isinstance(now, dt.datetime) else now
    return due - today <= URGENT_WITHIN


def day(d: dt.date) -> str:
    """A date as Korean offices write it in a short message: 2026. 12. 3."""
    return f"{d.year}. {d.month}. {d.day}."


TODO_PROVIDERS: list[Callable[[Any], Iterable[Todo]]] = []
EVENT_PROVIDERS: list[Callable[[dt.datetime], Iterable[Event]]] = []
CALENDAR_PROVIDERS: list[Callable[[Any], Iterable[Entry]]] = []
EVENT_KINDS: dict[str, Any] = {}  # kind -> label (lazy translation), for the preferences page


def todos(fn: Callable[[Any], Iterable[Todo]]) -> Callable[[Any], Iterable[Todo]]:
    if fn not in TODO_PROVIDERS:
        TODO_PROVIDERS.append(fn)
    return fn


def events(fn: Callable[[dt.datetime], Iterable[Event]]) -> Callable:
    if fn not in EVENT_PROVIDERS:
        EVENT_PROVIDERS.append(fn)
    return fn


def calendar(fn: Callable[[Any], Iterable[Entry]]) -> Callable[[Any], Iterable[Entry]]:
    if fn not in CALENDAR_PROVIDERS:
        CALENDAR_PROVIDERS.append(fn)
    return fn


def event_kind(kind: str, label: Any) -> None:
    EVENT_KINDS[kind] = label


def todos_for(user: Any) -> list[Todo]:
    """Everything the user owes, across the apps, most urgent first."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[Todo] = []
    for provider in TODO_PROVIDERS:
        items.extend(provider(user))
    return sorted(items, key=Todo.sort_key)


def events_at(now: dt.datetime) -> list[Event]:
    """Every provider's events for this tick. One failing provider is logged and
    skipped: the others' notifications still go out (it is retried next tick)."""
    found: list[Event] = []
    for provider in EVENT_PROVIDERS:
        try:
            found.extend(provider(now))
        except Exception:  # noqa: BLE001 - one app's bug must not stop the others' reminders
            log.exception(
                "inbox: event provider %s failed", getattr(provider, "__qualname__", provider)
            )
    return found


def calendar_for(user: Any) -> list[Entry]:
    if not getattr(user, "is_authenticated", False):
        return []
    entries: list[Entry] = []
    for provider in CALENDAR_PROVIDERS:
        entries.extend(provider(user))
    return entries


# --- the count in the menu ---------------------------------------------------
# Every page shows it, so it is cached per user for a short while and forgotten
# as soon as the user changes anything (core.middleware: any successful POST).

COUNT_TTL = 60


def _count_key(user_id: int) -> str:
    return f"inbox:count:{user_id}"


def todo_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _count_key(user.pk)
    value = cache.get(key)
    if value is None:
        value = len(todos_for(user))
        cache.set(key, value, COUNT_TTL)
    return value


def remember_count(user: Any, items: list[Todo]) -> list[Todo]:
    """The home page has just computed the whole list: the menu's count on the
    same page (and the next minute's pages) reuses it instead of asking every
    provider a second time."""
    if getattr(user, "is_authenticated", False):
        cache.set(_count_key(user.pk), len(items), COUNT_TTL)
    return items


def forget(user_id: int | None) -> None:
    if user_id:
        cache.delete(_count_key(user_id))
