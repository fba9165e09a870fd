"""Sharing's measures for the evaluation (core/indicators.py): documents put
in the district's library and the staff hours partners gave each other."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.sharing.models import Document
from mujigae.sharing.request_selectors import hours_by_district_year


@indicators.measure(
    "sharing.documents_shared",
    label=_("Documents shared"),
    unit=indicators.COUNT,
    area=indicators.COOPERATION,
    how=_(
        "Documents created in the year in the district's library (deleted documents "
        "are not counted)."
    ),
    rows=lambda district_id, year: reverse("sharing:documents"),
    order=50,
)
def documents_shared(district_ids, years):
    rows = (
        Document.objects.filter(
            district_id__in=district_ids, deleted_at__isnull=True, created_at__year__in=years
        )
        .annotate(y=ExtractYear("created_at"))
        .values("district_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["district_id"], int(r["y"])): indicators.count(r["n"]) for r in rows}


@indicators.measure(
    "sharing.staff_hours",
    label=_("Staff contribution hours"),
    unit=indicators.HOURS,
    area=indicators.COOPERATION,
    how=_(
        "Hours of the requests for staff or facilities accepted or done whose first day "
        "falls in the year (each request once, as in the annual contributions table)."
    ),
    rows=lambda district_id, year: reverse("sharing:requests"),
    order=60,
)
def staff_hours(district_ids, years):
    return {
        key: indicators.Figure(hours)
        for key, hours in hours_by_district_year(district_ids, years).items()
    }
