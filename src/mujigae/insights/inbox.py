"""What the skills-gap analysis owes its users (core/inbox.py, docs/inbox.md).

A coordinator: the district's gap figures are out of date when survey answers
were submitted (or imported) after the last finished recompute that read the
district (its own or a national one): one to-do opening the gap page, where
"recompute" is. None while a recompute is waiting or running.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from mujigae.core import inbox, policy
from mujigae.core.policy import COORDINATOR
from mujigae.insights.models import GapRun
from mujigae.surveys.models import Response


@inbox.todos
def insights_todos(user: Any) -> list[inbox.Todo]:
    if policy.role_of(user) != COORDINATOR or not user.district_id:
        return []
    from mujigae.insights.services import STALE_AFTER  # the page's window for a pending run

    now = timezone.now()
    done = Q(status=GapRun.Status.DONE)
    pending = Q(
        status__in=(GapRun.Status.QUEUED, GapRun.Status.RUNNING),
        created_at__gte=now - STALE_AFTER,
    )
    runs = (
        policy.visible(user, GapRun)
        .filter(Q(district_id=user.district_id) | Q(district__isnull=True))
        .aggregate(last=Max("started_at", filter=done), pending=Count("pk", filter=pending))
    )
    if runs["pending"]:
        return []
    stamp = runs["last"]
    answers = policy.visible(user, Response).filter(
        survey__district_id=user.district_id, is_submitted=True
    )
    if stamp is not None:
        answers = answers.filter(updated_at__gt=stamp)
    n = answers.count()
    if not n:
        return []
    if stamp is None:
        why = _("%(n)s survey answers are in, and the figures were never computed") % {"n": n}
    else:
        why = _("%(n)s survey answers came in after the figures of %(date)s") % {
            "n": n,
            "date": date_format(timezone.localtime(stamp), "Y. n. j. H:i"),
        }
    return [
        inbox.Todo(
            kind="insights.stale",
            title=_("Recompute the skills-gap figures"),
            why=why,
            url=reverse("insights:gap"),
        )
    ]
