"""What surveys owe their users (core/inbox.py, docs/inbox.md).

* **To-dos.** A company: each open survey it is invited to and has not
  submitted, with a button straight into the answer form while signed in
  (`surveys:survey_answer`). A coordinator: each open survey of the district
  closing within `CLOSING_WITHIN` with fewer than half of the invited companies
  answered (the response rate in `why`).
* **Events.** `surveys.deadline:<survey>:d3` / `:d1`: the deadline in three days
  / one day, to the logins of the invited companies that have not submitted.
* **Calendar.** The closing dates of the surveys a company is invited to, and
  of the district's surveys for its coordinators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mujigae.core import inbox, policy
from mujigae.core.policy import COMPANY, COORDINATOR
from mujigae.partners.selectors import members_by_organisation
from mujigae.surveys.access import answerable_invitations
from mujigae.surveys.models import Invitation, Survey

CLOSING_WITHIN = dt.timedelta(days=7)  # a coordinator is told this long before
LOW_RESPONSE = 0.5  # below this share of invited companies answered
CALENDAR_SINCE = dt.timedelta(days=365)
DAY = dt.timedelta(days=1)

inbox.event_kind("surveys.deadline", gettext_lazy("A survey you have not answered closes soon"))


def _accepting(now: dt.datetime, prefix: str = "") -> Q:
    """Open surveys whose deadline (if any) has not passed."""
    return Q(**{f"{prefix}status": Survey.Status.OPEN}) & (
        Q(**{f"{prefix}deadline__isnull": True}) | Q(**{f"{prefix}deadline__gt": now})
    )


def _left(deadline: dt.datetime | None, now: dt.datetime) -> str:
    if deadline is None:
        return _("No deadline")
    days = (timezone.localdate(deadline) - timezone.localdate(now)).days
    if days <= 0:
        return _("Closes today at %(time)s") % {
            "time": timezone.localtime(deadline).strftime("%H:%M")
        }
    return ngettext("Closes in %(n)s day", "Closes in %(n)s days", days) % {"n": days}


# ------------------------------------------------------------------ to-dos


def _company_todos(user: Any, now: dt.datetime) -> list[inbox.Todo]:
    rows = (
        answerable_invitations(user)
        .filter(_accepting(now, "survey__"))
        .exclude(status=Invitation.Status.SUBMITTED)
        .order_by("survey__deadline", "survey_id")
        .values("survey_id", "survey__title", "survey__deadline", "status")
    )
    todos = []
    for row in rows:
        deadline = row["survey__deadline"]
        started = row["status"] == Invitation.Status.IN_PROGRESS
        why = (
            _("You have started it: check your answers and submit them (%(left)s)")
            if started
            else _("The district office asks your company; answers are saved as you go (%(left)s)")
        ) % {"left": _left(deadline, now)}
        todos.append(
            inbox.Todo(
                kind="surveys.answer",
                title=_("Answer the survey: %(title)s") % {"title": row["survey__title"]},
                why=why,
                url=reverse("surveys:survey_answer", args=[row["survey_id"]]),
                due=timezone.localtime(deadline) if deadline else None,
                urgent=inbox.is_urgent(deadline, now),
            )
        )
    return todos


def _coordinator_todos(user: Any, now: dt.datetime) -> list[inbox.Todo]:
    submitted = Q(invitations__status=Invitation.Status.SUBMITTED)
    rows = (
        policy.visible(user, Survey)
        .filter(
            district_id=user.district_id,
            status=Survey.Status.OPEN,
            deadline__gt=now,
            deadline__lte=now + CLOSING_WITHIN,
        )
        .annotate(invited=Count("invitations"), answered=Count("invitations", filter=submitted))
        .order_by("deadline", "pk")
        .values("pk", "title", "deadline", "invited", "answered")
    )
    todos = []
    for row in rows:
        invited, answered = row["invited"], row["answered"]
        if invited and answered / invited >= LOW_RESPONSE:
            continue
        left = _left(row["deadline"], now)
        if invited:
            why = _(
                "Response rate %(rate)s%% (%(answered)s of %(invited)s companies); %(left)s: "
                "remind the others"
            ) % {
                "rate": round(100 * answered / invited),
                "answered": answered,
                "invited": invited,
                "left": left,
            }
            url = reverse("surveys:survey_tracker", args=[row["pk"]])
        else:
            why = _("No company has been invited yet; %(left)s") % {"left": left}
            url = reverse("surveys:survey_send", args=[row["pk"]])
        todos.append(
            inbox.Todo(
                kind="surveys.low_response",
                title=_("Low response to the survey: %(title)s") % {"title": row["title"]},
                why=why,
                url=url,
                due=timezone.localtime(row["deadline"]),
                urgent=inbox.is_urgent(row["deadline"], now),
            )
        )
    return todos


@inbox.todos
def survey_todos(user: Any) -> list[inbox.Todo]:
    role = policy.role_of(user)
    if not user.district_id:
        return []
    now = timezone.now()
    if role == COMPANY:
        return _company_todos(user, now)
    if role == COORDINATOR:
        return _coordinator_todos(user, now)
    return []


# ------------------------------------------------------------------ events


@inbox.events
def survey_events(now: dt.datetime) -> list[inbox.Event]:
    surveys = {
        s["pk"]: s
        for s in Survey.objects.filter(
            status=Survey.Status.OPEN, deadline__gt=now, deadline__lte=now + 3 * DAY
        ).values("pk", "title", "deadline")
    }
    if not surveys:
        return []
    pending = list(
        Invitation.objects.filter(survey_id__in=surveys)
        .exclude(status=Invitation.Status.SUBMITTED)
        .values_list("survey_id", "organisation_id")
    )
    members = members_by_organisation({org for _survey, org in pending}, roles=frozenset({COMPANY}))
    recipients: dict[int, list[int]] = {}
    for survey_id, org_id in pending:
        recipients.setdefault(survey_id, []).extend(members.get(org_id, ()))
    events = []
    for survey_id, to in recipients.items():
        if not to:
            continue
        survey = surveys[survey_id]
        step = "d1" if survey["deadline"] - now <= DAY else "d3"
        events.append(
            inbox.Event(
                key=f"surveys.deadline:{survey_id}:{step}",
                kind="surveys.deadline",
                recipients=tuple(sorted(set(to))),
                title=_("“%(title)s” closes soon: %(left)s")
                % {"title": survey["title"], "left": _left(survey["deadline"], now)},
                url=reverse("surveys:survey_answer", args=[survey_id]),
            )
        )
    return events


# ------------------------------------------------------------------ calendar


def _entry(pk: int, title: str, deadline: dt.datetime, url: str) -> inbox.Entry:
    return inbox.Entry(
        uid=f"survey-{pk}-deadline@mujigae",
        title=_("Survey closes: %(title)s") % {"title": title},
        start=deadline,
        url=url,
        categories=(str(_("Survey")),),
    )


@inbox.calendar
def survey_calendar(user: Any) -> list[inbox.Entry]:
    role = policy.role_of(user)
    if not user.district_id:
        return []
    since = timezone.now() - CALENDAR_SINCE
    if role == COMPANY:
        rows = (
            answerable_invitations(user)
            .filter(survey__deadline__gte=since)
            .exclude(survey__status=Survey.Status.DRAFT)
            .order_by("survey__deadline")
            .values_list("survey_id", "survey__title", "survey__deadline")
        )
        return [
            _entry(pk, title, deadline, reverse("surveys:survey_answer", args=[pk]))
            for pk, title, deadline in rows
        ]
    if role == COORDINATOR:
        rows = (
            policy.visible(user, Survey)
            .filter(district_id=user.district_id, deadline__gte=since, is_template=False)
            .exclude(status=Survey.Status.DRAFT)
            .order_by("deadline")
            .values_list("pk", "title", "deadline")
        )
        return [
            _entry(pk, title, deadline, reverse("surveys:survey_tracker", args=[pk]))
            for pk, title, deadline in rows
        ]
    return []
