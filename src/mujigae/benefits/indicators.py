"""Benefits' measures for the evaluation (core/indicators.py): money paid to
companies and the companies that received a benefit, per grant year."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.benefits.models import MONEY_KINDS, Grant, GrantState
from mujigae.benefits.selectors import RECEIVED
from mujigae.core import indicators


def _ledger(district_id: int, year: int) -> str:
    return reverse("benefits:ledger") + "?" + urlencode({"year": year})


@indicators.measure(
    "benefits.paid",
    label=_("Benefits paid"),
    unit=indicators.WON,
    area=indicators.FOUNDATION,
    how=_(
        "The amounts of the money grants (field-training subsidies, trainer allowances, "
        "other money support) of the year that are paid."
    ),
    rows=_ledger,
    order=20,
)
def paid(district_ids, years):
    rows = (
        Grant.objects.filter(
            district_id__in=district_ids,
            year__in=years,
            state=GrantState.PAID,
            benefit__kind__in=sorted(MONEY_KINDS),
        )
        .values("district_id", "year")
        .annotate(won=Sum("amount"))
        .order_by()
    )
    return {(r["district_id"], r["year"]): indicators.Figure(int(r["won"] or 0)) for r in rows}


@indicators.measure(
    "benefits.companies_benefited",
    label=_("Companies benefited"),
    unit=indicators.COUNT,
    area=indicators.FOUNDATION,
    how=_("Companies with at least one grant of the year approved or paid (each company once)."),
    rows=_ledger,
    order=30,
)
def companies_benefited(district_ids, years):
    rows = (
        Grant.objects.filter(district_id__in=district_ids, year__in=years, state__in=RECEIVED)
        .values("district_id", "year")
        .annotate(n=Count("company_id", distinct=True, filter=Q(company__isnull=False)))
        .order_by()
    )
    return {(r["district_id"], r["year"]): indicators.count(r["n"]) for r in rows if r["n"]}
