"""What standard agreements (표준협약서) mean for their parties (issue 13): the
company and the school are told a week before an agreement's period ends,
and their calendars hold the training periods of their agreements.

The to-do "record the agreement for your trainees" needs the rounds' results,
so it lives in `rounds/inbox.py`. See docs/inbox-pipeline.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core import inbox, policy
from mujigae.partners.selectors import members_by_organisation
from mujigae.placements.models import StandardAgreement

EXPIRY_NOTICE = dt.timedelta(days=7)
# the calendar keeps an agreement whose period ended less than this long ago
CALENDAR_PAST = dt.timedelta(days=90)

inbox.event_kind(
    "placements.agreement_expiring", gettext_lazy("A standard agreement's period ends soon")
)


@inbox.events
def events(now: dt.datetime) -> list[inbox.Event]:
    """An agreement whose period ends within a week: to the users of its
    company and of its school (of the agreement's district)."""
    today = timezone.localtime(now).date()
    rows = list(
        StandardAgreement.objects.filter(
            period_end__gte=today, period_end__lte=today + EXPIRY_NOTICE
        )
        .values_list("pk", "company_id", "school_id", "period_end")
        .order_by("period_end", "pk")
    )
    if not rows:
        return []
    members = members_by_organisation(
        {r[1] for r in rows} | {r[2] for r in rows},
        roles=frozenset({policy.COMPANY, policy.SCHOOL}),
    )
    url = reverse("placements:agreement_list")
    out = []
    for pk, company_id, school_id, period_end in rows:
        recipients = tuple(members.get(company_id, []) + members.get(school_id, []))
        if recipients:
            out.append(
                inbox.Event(
                    key=f"placements.agreement_expiring:{pk}",
                    kind="placements.agreement_expiring",
                    recipients=recipients,
                    title=_("A standard agreement's training period ends on %(day)s")
                    % {"day": inbox.day(period_end)},
                    body=_("To continue the training, record a new standard agreement."),
                    url=url,
                )
            )
    return out


@inbox.calendar
def calendar(user: Any) -> list[inbox.Entry]:
    """The training periods of the agreements a company or a school is party to."""
    if policy.role_of(user) not in (policy.COMPANY, policy.SCHOOL) or user.district_id is None:
        return []
    since = timezone.localdate() - CALENDAR_PAST
    url = reverse("placements:agreement_list")
    return [
        inbox.Entry(
            uid=f"agreement-{a.pk}@mujigae",
            title=_("Field training (standard agreement): %(company)s · %(school)s")
            % {"company": a.company.name, "school": a.school.name},
            start=a.period_start,
            end=a.period_end,
            url=url,
            categories=("placements",),
        )
        for a in policy.visible(user, StandardAgreement)
        .filter(period_end__gte=since)
        .select_related("company", "school")
        .order_by("period_start", "pk")
    ]
