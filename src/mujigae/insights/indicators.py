"""The gap's measure for the evaluation (core/indicators.py): how much of the
district's demand its training supply covers in a year, from the stored gap
figures (`GapFigure`, what the gap page shows)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Sum
from django.db.models.functions import Least
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.insights.models import GapFigure


def _gap_page(district_id: int, year: int) -> str:
    query = urlencode({"district": district_id, "year_from": year, "year_to": year})
    return reverse("insights:gap") + "?" + query


@indicators.measure(
    "insights.gap_coverage",
    label=_("Gap coverage"),
    unit=indicators.PERCENT,
    area=indicators.FOUNDATION,
    how=_(
        "The share of the headcount companies asked for in the year's surveys (demand) "
        "that the year's cohorts are expected to supply: per competency unit the smaller "
        "of supply and demand, summed, ÷ the demand summed (a surplus in one unit does "
        "not cover a shortage in another); no value when the year lacks demand or supply."
    ),
    rows=_gap_page,
    order=50,
)
def gap_coverage(district_ids, years):
    rows = (
        GapFigure.objects.filter(district_id__in=district_ids, year__in=years)
        .values("district_id", "year")
        .annotate(
            met=Sum(Least("supply", "demand")),  # per row (unit), before the totals' names
            demand_total=Sum("demand"),
            supply_total=Sum("supply"),
        )
        .order_by()
    )
    out = {}
    for r in rows:
        demand, supply = r["demand_total"] or 0, r["supply_total"] or 0
        if not demand or not supply:
            note = gettext("No demand data this year") if not demand else ""
            note = note or gettext("No supply data this year")
            out[r["district_id"], r["year"]] = indicators.Figure(
                None, numerator=supply, denominator=demand, note=note
            )
        else:
            out[r["district_id"], r["year"]] = indicators.rate(r["met"] or 0, demand, persons=False)
    return out
