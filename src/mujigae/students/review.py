"""The monthly review of the access log (개인정보의 안전성 확보조치 기준 제8조:
check the access log at least once a month; confirm the reason of every
download). See docs/access-log.md.

An *event* is what one call of `services.personal_data_access_record` wrote
(its rows share a `batch`). The review of a district's month lists three
kinds of unusual access, each to be confirmed by a coordinator:

* `burst`: one account viewing, changing or deleting the records of more than
  `MUJIGAE_REVIEW_BURST_PEOPLE` people within `MUJIGAE_REVIEW_BURST_MINUTES`
  minutes (the events of one such run form one item);
* `off_hours`: access before `MUJIGAE_WORK_HOURS_START` or from
  `MUJIGAE_WORK_HOURS_END` o'clock (Asia/Seoul), or on a Saturday or Sunday
  (one item per account and day);
* `download`: every export, download and print (one item per event).

An item is confirmed by a `AccessReviewConfirmation` keyed by its kind and the
batch of its first event; a confirmation covers the number of events the item
had then, so an item that grew since (more accesses that evening) asks again.
The month is reviewed when every item is confirmed (`AccessReviewMonth`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core.exceptions import ApplicationError
from mujigae.students.models import (
    AccessLog,
    AccessReviewConfirmation,
    AccessReviewKind,
    AccessReviewMonth,
)

Action = AccessLog.Action
BURST_ACTIONS = frozenset({Action.VIEW, Action.CHANGE, Action.DELETE})
DOWNLOAD_ACTIONS = frozenset({Action.EXPORT, Action.DOWNLOAD, Action.PRINT})


# ------------------------------------------------------------------ months
def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def month_next(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month in Asia/Seoul (the current time zone) as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(month_start(month), dt.time(), tzinfo=tz)
    return start, dt.datetime.combine(month_next(month), dt.time(), tzinfo=tz)


def parse_month(text: str | None) -> dt.date | None:
    """'2025-09' -> 2025-09-01; None for anything else."""
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def off_hours(at: dt.datetime) -> bool:
    local = timezone.localtime(at)
    return (
        local.weekday() >= 5
        or local.hour < settings.MUJIGAE_WORK_HOURS_START
        or local.hour >= settings.MUJIGAE_WORK_HOURS_END
    )


# ------------------------------------------------------------------ events
@dataclass
class Event:
    """One call's rows: the same account, action, purpose and time."""

    batch: uuid.UUID
    at: dt.datetime
    who_id: int | None
    who_name: str
    who_organisation: str
    ip: str | None
    action: str
    purpose: str
    note: str
    people: int
    person: str  # one person's key when people == 1 (for counting distinct people)

    @property
    def action_display(self) -> str:
        return str(Action(self.action).label)

    @property
    def purpose_display(self) -> str:
        from mujigae.students.models import AccessPurpose

        return str(AccessPurpose(self.purpose).label)


def events_of(*, district_id: int, month: dt.date) -> list[Event]:
    """The month's events of the district, oldest first (one query, grouped
    in the database: a download of 5,000 people is one row here)."""
    start, end = month_bounds(month)
    grouped = (
        AccessLog.objects.filter(district_id=district_id, at__gte=start, at__lt=end)
        .values("batch", "who_id", "who_name", "who_organisation", "ip", "action", "purpose")
        .annotate(
            first=Min("at"),
            n=Count("id"),
            note=Max("purpose_note"),
            student=Min("student_id"),
            erasure=Min("erasure_id"),
        )
        .order_by()
    )
    events: dict[uuid.UUID, Event] = {}
    for g in grouped:
        known = events.get(g["batch"])
        if known is not None:  # the same event, split by an erasure's blanked note
            known.people += g["n"]
            known.note = known.note or (g["note"] or "")
            continue
        person = f"s{g['student']}" if g["student"] else f"e{g['erasure']}"
        events[g["batch"]] = Event(
            batch=g["batch"],
            at=g["first"],
            who_id=g["who_id"],
            who_name=g["who_name"],
            who_organisation=g["who_organisation"],
            ip=g["ip"],
            action=g["action"],
            purpose=g["purpose"],
            note=g["note"] or "",
            people=g["n"],
            person=person,
        )
    return sorted(events.values(), key=lambda e: (e.at, str(e.batch)))


# ------------------------------------------------------------------ items
@dataclass
class Item:
    kind: str
    events: list[Event]
    confirmation: AccessReviewConfirmation | None = None
    people: int = 0
    rows: list[Any] = field(default_factory=list)

    @property
    def first(self) -> Event:
        return self.events[0]

    @property
    def batch(self) -> uuid.UUID:
        return self.first.batch

    @property
    def start(self) -> dt.datetime:
        return self.first.at

    @property
    def end(self) -> dt.datetime:
        return self.events[-1].at

    @property
    def kind_display(self) -> str:
        return str(AccessReviewKind(self.kind).label)

    @property
    def ips(self) -> list[str]:
        return sorted({e.ip for e in self.events if e.ip})

    @property
    def actions(self) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.events:
            seen.setdefault(e.action_display, None)
        return list(seen)

    @property
    def confirmed(self) -> bool:
        return self.confirmation is not None and self.confirmation.events >= len(self.events)

    @property
    def grew(self) -> bool:
        """Confirmed once, but more accesses joined the item since."""
        return self.confirmation is not None and not self.confirmed


def _people(events: list[Event]) -> int:
    keys: set[str] = set()
    n = 0
    for e in events:
        if e.people == 1:
            keys.add(e.person)
        else:
            n += e.people
    return n + len(keys)


def _bursts(events: list[Event]) -> list[list[Event]]:
    limit = settings.MUJIGAE_REVIEW_BURST_PEOPLE
    window = dt.timedelta(minutes=settings.MUJIGAE_REVIEW_BURST_MINUTES)
    by_who: dict[Any, list[Event]] = defaultdict(list)
    for e in events:
        if e.action in BURST_ACTIONS:
            by_who[(e.who_id, e.who_name)].append(e)
    runs: list[list[Event]] = []
    for mine in by_who.values():
        marked = [False] * len(mine)
        counts: Counter[str] = Counter()
        left = 0
        for right, e in enumerate(mine):
            keys = [e.person] if e.people == 1 else [f"{e.batch}:{i}" for i in range(e.people)]
            counts.update(keys)
            while mine[right].at - mine[left].at > window:
                old = mine[left]
                drop = (
                    [old.person]
                    if old.people == 1
                    else [f"{old.batch}:{i}" for i in range(old.people)]
                )
                counts.subtract(drop)
                for key in drop:
                    if counts[key] <= 0:
                        del counts[key]
                left += 1
            if len(counts) > limit:
                for i in range(left, right + 1):
                    marked[i] = True
        run: list[Event] = []
        for e, flag in zip(mine, marked, strict=True):
            if flag:
                run.append(e)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


def _off_hours(events: list[Event]) -> list[list[Event]]:
    groups: dict[tuple, list[Event]] = {}
    for e in events:
        if off_hours(e.at):
            key = (e.who_id, e.who_name, timezone.localtime(e.at).date())
            groups.setdefault(key, []).append(e)
    return list(groups.values())


def unusual_access(*, district_id: int, month: dt.date) -> list[Item]:
    """The month's unusual access of the district, newest first, each with its
    confirmation (if any)."""
    month = month_start(month)
    events = events_of(district_id=district_id, month=month)
    items = [Item(AccessReviewKind.BURST, run) for run in _bursts(events)]
    items += [Item(AccessReviewKind.OFF_HOURS, group) for group in _off_hours(events)]
    items += [Item(AccessReviewKind.DOWNLOAD, [e]) for e in events if e.action in DOWNLOAD_ACTIONS]
    confirmations = {
        (c.kind, c.batch): c
        for c in AccessReviewConfirmation.objects.filter(
            district_id=district_id, batch__in={i.batch for i in items}
        )
    }
    for item in items:
        item.people = _people(item.events)
        item.confirmation = confirmations.get((item.kind, item.batch))
    items.sort(key=lambda i: (i.start, i.kind), reverse=True)
    return items


def item_rows(*, district_id: int, item: Item, limit: int = 200):
    """The access-log rows behind an item (for the page: masked names only)."""
    return (
        AccessLog.objects.filter(district_id=district_id, batch__in=[e.batch for e in item.events])
        .select_related("student")
        .order_by("at", "pk")[:limit]
    )


@dataclass
class MonthStatus:
    month: dt.date
    items: int
    unconfirmed: int
    reviewed: AccessReviewMonth | None

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed is not None and self.unconfirmed == 0


def month_status(*, district_id: int, month: dt.date, items: list[Item] | None = None):
    month = month_start(month)
    if items is None:
        items = unusual_access(district_id=district_id, month=month)
    reviewed = AccessReviewMonth.objects.filter(district_id=district_id, month=month).first()
    return MonthStatus(month, len(items), sum(not i.confirmed for i in items), reviewed)


def recent_months(*, today: dt.date | None = None, count: int = 12) -> list[dt.date]:
    month = month_start(today or timezone.localdate())
    months = []
    for _i in range(count):
        months.append(month)
        month = month_start(month - dt.timedelta(days=1))
    return months


# ------------------------------------------------------------------ writes
def _mark_reviewed(*, actor: Any, district_id: int, month: dt.date, items: int) -> None:
    AccessReviewMonth.objects.update_or_create(
        district_id=district_id,
        month=month,
        defaults={
            "reviewed_by": actor,
            "reviewed_by_name": str(actor)[:150],
            "reviewed_at": timezone.now(),
            "items": items,
        },
    )


@transaction.atomic
def review_confirm(
    *, actor: Any, district_id: int, month: dt.date, kind: str, batch: Any, note: str = ""
) -> AccessReviewConfirmation:
    """A coordinator confirms one unusual access of the month (a second click
    on the same item updates it). The month is marked reviewed when this was
    the last unconfirmed item."""
    month = month_start(month)
    items = unusual_access(district_id=district_id, month=month)
    item = next((i for i in items if i.kind == kind and str(i.batch) == str(batch)), None)
    if item is None:
        raise ApplicationError(_("This access is not on the review of that month."), status=404)
    note = (note or "").strip()[:300]
    values = {
        "month": month,
        "confirmed_by": actor,
        "confirmed_by_name": str(actor)[:150],
        "confirmed_at": timezone.now(),
        "note": note,
        "events": len(item.events),
    }
    try:
        with transaction.atomic():
            confirmation, _created = AccessReviewConfirmation.objects.update_or_create(
                district_id=district_id, kind=item.kind, batch=item.batch, defaults=values
            )
    except IntegrityError:  # two reviewers at once: the other one's stands
        confirmation = AccessReviewConfirmation.objects.get(
            district_id=district_id, kind=item.kind, batch=item.batch
        )
    item.confirmation = confirmation
    if all(i.confirmed for i in items):
        _mark_reviewed(actor=actor, district_id=district_id, month=month, items=len(items))
    return confirmation


@transaction.atomic
def review_month_close(*, actor: Any, district_id: int, month: dt.date) -> AccessReviewMonth:
    """Mark a month reviewed that has nothing left to confirm (also a month
    without any unusual access: the log was still checked)."""
    month = month_start(month)
    if month > timezone.localdate():
        raise ApplicationError(_("This month has not started yet."))
    items = unusual_access(district_id=district_id, month=month)
    left = sum(not i.confirmed for i in items)
    if left:
        raise ApplicationError(
            _("Confirm every unusual access first (%(n)s left).") % {"n": left}, status=409
        )
    _mark_reviewed(actor=actor, district_id=district_id, month=month, items=len(items))
    return AccessReviewMonth.objects.get(district_id=district_id, month=month)
