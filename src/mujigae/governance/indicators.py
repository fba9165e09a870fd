"""Governance's measures for the evaluation (core/indicators.py): meetings
held and action items closed, per district and year (KST)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.governance.models import ActionItem, Meeting


@indicators.measure(
    "governance.meetings_held",
    label=_("Council meetings held"),
    unit=indicators.COUNT,
    area=indicators.COOPERATION,
    how=_(
        "Meetings of the district's council and its committees marked as held, "
        "dated in the year (cancelled and planned meetings are not counted)."
    ),
    rows=lambda district_id, year: reverse("governance:meeting_list") + "?when=past",
    order=20,
)
def meetings_held(district_ids, years):
    rows = (
        Meeting.objects.filter(
            district_id__in=district_ids, status=Meeting.Status.HELD, starts_at__year__in=years
        )
        .annotate(y=ExtractYear("starts_at"))
        .values("district_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["district_id"], int(r["y"])): indicators.count(r["n"]) for r in rows}


@indicators.measure(
    "governance.action_items_closed",
    label=_("Action items closed"),
    unit=indicators.PERCENT,
    area=indicators.COOPERATION,
    how=_(
        "Action items due in the year that are done ÷ action items due in the year "
        "(cancelled items are not counted)."
    ),
    rows=lambda district_id, year: reverse("governance:action_list"),
    order=30,
)
def action_items_closed(district_ids, years):
    rows = (
        ActionItem.objects.filter(district_id__in=district_ids, due_date__year__in=years)
        .exclude(status=ActionItem.Status.CANCELLED)
        .annotate(y=ExtractYear("due_date"))
        .values("district_id", "y")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status=ActionItem.Status.DONE)))
        .order_by()
    )
    return {
        (r["district_id"], int(r["y"])): indicators.rate(r["done"], r["n"], persons=False)
        for r in rows
    }
