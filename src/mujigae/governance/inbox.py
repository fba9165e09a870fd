"""What governance owes its users (core/inbox.py, docs/inbox.md).

* **To-dos.** A coordinator: the district's overdue action items (one item with
  the count, opening the filtered list) and the minutes of meetings held
  lately that have none. A school, company or partner: its organisation's open
  action items (one each, the nearest first; urgent when overdue or due within a
  day) and its MOU commitments not reported on for a while.
* **Events.** `governance.assigned:<item>` (a new action item, to the owner
  organisation's logins), `governance.due:<item>:d3` / `:d1` (its due date in
  three days / one day). The MOU has no end date, so no "agreement expiring".
* **Calendar.** The meetings the user may see (a coordinator: the district's;
  an organisation: those it attends) and the due dates of the action items of
  the user's own organisation.

Every reader goes through `policy.visible`, and takes a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mujigae.calendars.selectors import meeting_entry
from mujigae.core import inbox, policy
from mujigae.core.policy import COORDINATOR, ORG_ROLES
from mujigae.governance.models import ActionItem, Commitment, Meeting
from mujigae.partners.selectors import members_by_organisation

MAX_ITEMS = 5  # an organisation's action items shown one by one; the rest as one
MINUTES_WITHIN = dt.timedelta(days=60)  # meetings held lately with no minutes
REPORT_EVERY = dt.timedelta(days=90)  # a commitment not updated for this long
ASSIGNED_WITHIN = dt.timedelta(days=7)  # "a new action item" events look this far back
CALENDAR_SINCE = dt.timedelta(days=365)  # the feed's meetings start a year ago

inbox.event_kind("governance.assigned", gettext_lazy("A new action item for your organisation"))
inbox.event_kind("governance.due", gettext_lazy("An action item is due soon"))


def _days_left(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else (due - today).days


def day(value: dt.date) -> str:
    """A date as Koreans write it: 2025. 8. 8."""
    return date_format(value, "Y. n. j.")


def _due_why(due: dt.date | None, today: dt.date) -> str:
    left = _days_left(due, today)
    if left is None:
        return _("No due date")
    if left < 0:
        return ngettext("Overdue by %(n)s day", "Overdue by %(n)s days", -left) % {"n": -left}
    if left == 0:
        return _("Due today")
    return ngettext("%(n)s day left", "%(n)s days left", left) % {"n": left}


# ------------------------------------------------------------------ to-dos


def _coordinator_todos(user: Any, today: dt.date, now: dt.datetime) -> list[inbox.Todo]:
    todos = []
    overdue = (
        policy.visible(user, ActionItem)
        .filter(
            district_id=user.district_id,
            status__in=ActionItem.OPEN_STATUSES,
            due_date__lt=today,
        )
        .aggregate(n=Count("id"), first=Min("due_date"), owners=Count("owner", distinct=True))
    )
    if overdue["n"]:
        todos.append(
            inbox.Todo(
                kind="governance.overdue",
                title=_("Follow up overdue action items"),
                why=_("%(n)s action items of %(owners)s organisations are past their due date")
                % {"n": overdue["n"], "owners": overdue["owners"]},
                url=reverse("governance:action_list")
                + "?"
                + urlencode({"status": "open", "overdue": "on"}),
                due=overdue["first"],
                count=overdue["n"],
                urgent=True,
            )
        )
    without_minutes = list(
        policy.visible(user, Meeting)
        .filter(
            district_id=user.district_id,
            starts_at__lt=now,
            starts_at__gte=now - MINUTES_WITHIN,
            minutes="",
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
        .values("pk", "title", "starts_at")[:MAX_ITEMS]
    )
    for meeting in without_minutes:
        todos.append(
            inbox.Todo(
                kind="governance.minutes",
                title=_("Record the minutes: %(title)s") % {"title": meeting["title"]},
                why=_("The meeting took place on %(date)s and has no minutes yet")
                % {"date": day(timezone.localdate(meeting["starts_at"]))},
                url=reverse("governance:meeting_minutes", args=[meeting["pk"]]),
            )
        )
    return todos


def _organisation_todos(user: Any, today: dt.date, now: dt.datetime) -> list[inbox.Todo]:
    org_id = user.organisation_id
    todos = []
    items = list(
        policy.visible(user, ActionItem)
        .filter(owner_id=org_id, status__in=ActionItem.OPEN_STATUSES)
        .order_by("due_date", "pk")
        .values("pk", "title", "due_date")[: MAX_ITEMS + 1]
    )
    shown = items[:MAX_ITEMS]
    for item in shown:
        due = item["due_date"]
        todos.append(
            inbox.Todo(
                kind="governance.action",
                title=_("Action item: %(title)s") % {"title": item["title"]},
                why=_("Your organisation owns it (%(when)s): record its progress or mark it done")
                % {"when": _due_why(due, today)},
                url=reverse("governance:action_update", args=[item["pk"]]),
                due=due,
                urgent=inbox.is_urgent(due, today),
            )
        )
    if len(items) > MAX_ITEMS:
        rest = (
            policy.visible(user, ActionItem)
            .filter(owner_id=org_id, status__in=ActionItem.OPEN_STATUSES)
            .count()
            - MAX_ITEMS
        )
        todos.append(
            inbox.Todo(
                kind="governance.actions_more",
                title=_("More open action items of your organisation"),
                why=_("They are listed with their due dates"),
                url=reverse("governance:action_list")
                + "?"
                + urlencode({"status": "open", "owner": org_id}),
                count=rest,
            )
        )
    stale = (
        policy.visible(user, Commitment)
        .filter(organisation_id=org_id, updated_at__lt=now - REPORT_EVERY)
        .exclude(status=Commitment.Status.ACHIEVED)
        .aggregate(n=Count("id"), one=Max("pk"), agreement=Max("clause__agreement_id"))
    )
    if stale["n"]:
        url = (
            reverse("governance:commitment_update", args=[stale["one"]])
            if stale["n"] == 1
            else reverse("governance:agreement_detail", args=[stale["agreement"]])
        )
        todos.append(
            inbox.Todo(
                kind="governance.commitment",
                title=_("Report on your MOU commitments"),
                why=_(
                    "Not achieved yet and not updated for %(days)s days: record the status "
                    "and the evidence"
                )
                % {"days": REPORT_EVERY.days},
                url=url,
                count=stale["n"],
            )
        )
    return todos


@inbox.todos
def governance_todos(user: Any) -> list[inbox.Todo]:
    role = policy.role_of(user)
    if not user.district_id:
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    if role == COORDINATOR:
        return _coordinator_todos(user, today, now)
    if role in ORG_ROLES and user.organisation_id:
        return _organisation_todos(user, today, now)
    return []


# ------------------------------------------------------------------ events


@inbox.events
def governance_events(now: dt.datetime) -> list[inbox.Event]:
    today = timezone.localdate(now)
    open_items = ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES)
    new = list(
        open_items.filter(created_at__lte=now, created_at__gt=now - ASSIGNED_WITHIN).values(
            "pk", "owner_id", "due_date"
        )
    )
    due_soon = list(
        open_items.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=3)).values(
            "pk", "owner_id", "due_date"
        )
    )
    members = members_by_organisation({i["owner_id"] for i in (*new, *due_soon)})
    events = []
    for item in new:
        to = tuple(members.get(item["owner_id"], ()))
        if to:
            events.append(
                inbox.Event(
                    key=f"governance.assigned:{item['pk']}",
                    kind="governance.assigned",
                    recipients=to,
                    title=_("A new action item for your organisation"),
                    url=reverse("governance:action_detail", args=[item["pk"]]),
                    body=_("Due %(date)s") % {"date": day(item["due_date"])}
                    if item["due_date"]
                    else "",
                )
            )
    for item in due_soon:
        to = tuple(members.get(item["owner_id"], ()))
        left = (item["due_date"] - today).days
        if not to:
            continue
        step = "d1" if left <= 1 else "d3"
        title = (
            _("An action item of your organisation is due in %(n)s days") % {"n": left}
            if left > 1
            else _("An action item of your organisation is due tomorrow")
            if left == 1
            else _("An action item of your organisation is due today")
        )
        events.append(
            inbox.Event(
                key=f"governance.due:{item['pk']}:{step}",
                kind="governance.due",
                recipients=to,
                title=title,
                url=reverse("governance:action_detail", args=[item["pk"]]),
            )
        )
    return events


# ------------------------------------------------------------------ calendar


@inbox.calendar
def governance_calendar(user: Any) -> list[inbox.Entry]:
    role = policy.role_of(user)
    if not user.district_id or role not in (COORDINATOR, *ORG_ROLES):
        return []
    since = timezone.now() - CALENDAR_SINCE
    meetings = policy.visible(user, Meeting).filter(
        district_id=user.district_id, starts_at__gte=since
    )
    if role != COORDINATOR:
        if not user.organisation_id:
            return []
        meetings = meetings.filter(organisations__id=user.organisation_id)
    entries = [meeting_entry(m) for m in meetings.order_by("starts_at", "pk").distinct()]
    if user.organisation_id:
        items = (
            policy.visible(user, ActionItem)
            .filter(
                owner_id=user.organisation_id,
                status__in=ActionItem.OPEN_STATUSES,
                due_date__isnull=False,
            )
            .order_by("due_date", "pk")
            .values("pk", "title", "due_date")
        )
        entries.extend(
            inbox.Entry(
                uid=f"action-{item['pk']}@mujigae",
                title=_("Due: %(title)s") % {"title": item["title"]},
                start=item["due_date"],
                url=reverse("governance:action_detail", args=[item["pk"]]),
                categories=(str(_("Action item")),),
            )
            for item in items
        )
    return entries
