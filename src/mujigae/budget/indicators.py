"""Budget's measure for the evaluation (core/indicators.py): 집행률 of the
district's fiscal year, the execution page's overall figure."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.budget.execution_selectors import rate
from mujigae.budget.models import SourceFunding, Spending
from mujigae.core import indicators


@indicators.measure(
    "budget.execution_rate",
    label=_("Budget execution rate (집행률)"),
    unit=indicators.PERCENT,
    area=indicators.FOUNDATION,
    how=_(
        "Spending of the fiscal year (refunds lower it) ÷ the current budget of its "
        "funding sources × 100, as on the execution page."
    ),
    rows=lambda district_id, year: reverse("budget:execution", args=[year]),
    order=10,
)
def execution_rate(district_ids, years):
    budgets: dict[tuple[int, int], int] = defaultdict(int)
    for r in (
        SourceFunding.objects.filter(
            fiscal_year__district_id__in=district_ids, fiscal_year__year__in=years
        )
        .values("fiscal_year__district_id", "fiscal_year__year")
        .annotate(current=Sum("current"))
        .order_by()
    ):
        budgets[r["fiscal_year__district_id"], r["fiscal_year__year"]] += r["current"] or 0
    spent: dict[tuple[int, int], int] = defaultdict(int)
    for r in (
        Spending.objects.filter(
            fiscal_year__district_id__in=district_ids, fiscal_year__year__in=years
        )
        .values("fiscal_year__district_id", "fiscal_year__year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        spent[r["fiscal_year__district_id"], r["fiscal_year__year"]] += r["total"] or 0
    return {
        key: indicators.Figure(
            rate(spent.get(key, 0), budgets.get(key, 0)),
            numerator=spent.get(key, 0),
            denominator=budgets.get(key, 0),
        )
        for key in set(budgets) | set(spent)
    }
