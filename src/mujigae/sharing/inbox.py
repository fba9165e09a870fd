"""What sharing owes its users (docs/inbox.md, docs/sharing-notices.md,
docs/sharing-requests.md).

To-dos:
* a notice asking the reader to confirm it ("공지 확인하기: ‹title›"), while
  they have not pressed "확인했습니다" (the five newest, then one line with the rest);
* a school, company or partner: requests for staff asked of it and not
  answered ("답변이 필요한 인력 협조 요청"), and other dates proposed for its
  own requests ("다른 날짜가 제안된 인력 협조 요청").

Events (notifications, e-mail, text message as each person chose):
* a new notice asking for confirmation: its audience's members;
* a reminder of a notice (the author pressed "remind"): the members not done
  yet, once per person and reminder (the key carries the reminder's number);
* a new request for staff: the asked organisation's logins;
* an answer (accepted, declined, other dates): the asking organisation's logins.

Bounded: a fixed number of queries per user for the to-dos."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core import inbox
from mujigae.partners.selectors import members_by_organisation
from mujigae.sharing import notice_selectors, request_selectors
from mujigae.sharing.models import Notice, StaffRequest
from mujigae.sharing.requests import status_label

NOTICE_TODOS = 5
NEW_WITHIN = dt.timedelta(days=2)
REMINDER_WITHIN = dt.timedelta(days=1)
REQUEST_WITHIN = dt.timedelta(days=7)
S = StaffRequest.Status

inbox.event_kind("sharing.notice_ack", gettext_lazy("A notice asks you to confirm you read it"))
inbox.event_kind("sharing.notice_reminder", gettext_lazy("A reminder of a notice"))
inbox.event_kind("sharing.request_asked", gettext_lazy("A request for staff to your organisation"))
inbox.event_kind("sharing.request_answered", gettext_lazy("An answer to your request for staff"))


@inbox.todos
def sharing_todos(user: Any) -> list[inbox.Todo]:
    out: list[inbox.Todo] = []
    waiting = notice_selectors.needs_ack(user=user)
    first = list(waiting.values("pk", "title")[: NOTICE_TODOS + 1])
    for n in first[:NOTICE_TODOS]:
        out.append(
            inbox.Todo(
                kind="sharing.notice_ack",
                title=_("Confirm the notice: %(title)s") % {"title": n["title"]},
                why=_("The author asks you to confirm that you have read it."),
                url=reverse("sharing:notice_detail", args=[n["pk"]]),
            )
        )
    if len(first) > NOTICE_TODOS:
        rest = waiting.count() - NOTICE_TODOS
        out.append(
            inbox.Todo(
                kind="sharing.notice_ack_more",
                title=_("Other notices to confirm"),
                why=_("%(n)s more notices ask you to confirm them.") % {"n": rest},
                url=reverse("sharing:notices"),
                count=rest,
            )
        )
    counts = request_selectors.waiting_counts(user=user)
    if counts["answer"]:
        out.append(
            inbox.Todo(
                kind="sharing.request_answer",
                title=_("Requests for staff waiting for your answer"),
                why=_("%(n)s requests from other organisations wait for an answer.")
                % {"n": counts["answer"]},
                url=reverse("sharing:requests") + "?status=requested",
                count=counts["answer"],
            )
        )
    if counts["proposal"]:
        out.append(
            inbox.Todo(
                kind="sharing.request_proposal",
                title=_("Other dates proposed for your requests for staff"),
                why=_("%(n)s requests wait for you to accept the dates or withdraw.")
                % {"n": counts["proposal"]},
                url=reverse("sharing:requests") + "?status=proposed",
                count=counts["proposal"],
            )
        )
    return out


def _notice_events(now: dt.datetime) -> list[inbox.Event]:
    live = Notice.objects.filter(deleted_at__isnull=True).select_related("audience")
    events = []
    for notice in live.filter(
        requires_ack=True, created_at__lte=now, created_at__gt=now - NEW_WITHIN
    ):
        to = tuple(notice_selectors.pending_ids(notice))
        if to:
            events.append(
                inbox.Event(
                    key=f"sharing.notice_ack:{notice.pk}",
                    kind="sharing.notice_ack",
                    recipients=to,
                    title=_("Please confirm the notice: %(title)s") % {"title": notice.title},
                    url=reverse("sharing:notice_detail", args=[notice.pk]),
                )
            )
    for notice in live.filter(reminded_at__lte=now, reminded_at__gt=now - REMINDER_WITHIN):
        to = tuple(notice_selectors.pending_ids(notice))
        if to:
            title = (
                _("Reminder: please confirm the notice: %(title)s")
                if notice.requires_ack
                else _("Reminder: please read the notice: %(title)s")
            )
            events.append(
                inbox.Event(
                    key=f"sharing.notice_reminder:{notice.pk}:{notice.reminders}",
                    kind="sharing.notice_reminder",
                    recipients=to,
                    title=title % {"title": notice.title},
                    url=reverse("sharing:notice_detail", args=[notice.pk]),
                )
            )
    return events


def _request_events(now: dt.datetime) -> list[inbox.Event]:
    asked = list(
        StaffRequest.objects.filter(
            status=S.REQUESTED, created_at__lte=now, created_at__gt=now - REQUEST_WITHIN
        ).values("pk", "provider_id", "requester__name")
    )
    answered = list(
        StaffRequest.objects.filter(
            status__in=(S.ACCEPTED, S.DECLINED, S.PROPOSED),
            responded_at__lte=now,
            responded_at__gt=now - REQUEST_WITHIN,
        ).values("pk", "requester_id", "provider__name", "status")
    )
    members = members_by_organisation(
        {r["provider_id"] for r in asked} | {r["requester_id"] for r in answered}
    )
    events = []
    for r in asked:
        to = tuple(members.get(r["provider_id"], ()))
        if to:
            events.append(
                inbox.Event(
                    key=f"sharing.request_asked:{r['pk']}",
                    kind="sharing.request_asked",
                    recipients=to,
                    title=_("%(org)s asks your organisation for staff")
                    % {"org": r["requester__name"]},
                    url=reverse("sharing:request_detail", args=[r["pk"]]),
                )
            )
    for r in answered:
        to = tuple(members.get(r["requester_id"], ()))
        if to:
            events.append(
                inbox.Event(
                    key=f"sharing.request_answered:{r['pk']}:{r['status']}",
                    kind="sharing.request_answered",
                    recipients=to,
                    title=_("%(org)s answered your request for staff: %(status)s")
                    % {"org": r["provider__name"], "status": status_label(r["status"])},
                    url=reverse("sharing:request_detail", args=[r["pk"]]),
                )
            )
    return events


@inbox.events
def sharing_events(now: dt.datetime) -> list[inbox.Event]:
    return [*_notice_events(now), *_request_events(now)]
