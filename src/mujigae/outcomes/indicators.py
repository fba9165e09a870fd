"""Outcomes' measures for the evaluation (core/indicators.py). The rates are
the outcomes dashboard's own (`rates.figures` over the district's graduates of
the year, `selectors.district_year_figures`): the report shows the same figure
as the dashboard's district total row."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.outcomes import selectors


def _dashboard(district_id: int, year: int) -> str:
    return reverse("outcomes:dashboard") + "?" + urlencode({"district": district_id, "year": year})


def _rate_measure(key: str, figure_key: str, label, how, order: int):
    """A measure that is one rate of the dashboard (`rates.FIGURES[figure_key]`)."""

    @indicators.measure(
        key,
        label=label,
        unit=indicators.PERCENT,
        area=indicators.PATHWAY,
        how=how,
        rows=_dashboard,
        order=order,
    )
    def compute(district_ids, years):
        out = {}
        shared = indicators.memo(
            ("outcomes.district_year_figures", tuple(district_ids), tuple(years)),
            lambda: selectors.district_year_figures(district_ids, years),
        )
        for k, figures in shared.items():
            value = figures.rates[figure_key]
            den = figures.denominators[figure_key]
            out[k] = indicators.Figure(
                None if value is None else Decimal(str(value)),
                numerator=figures.numerators[figure_key],
                denominator=den,
                people=den,
            )
        return out

    return compute


employment_rate = _rate_measure(
    "outcomes.employment_rate",
    "employment_rate",
    _("Employment rate (취업률)"),
    _(
        "Graduates of the year covered by workplace health or employment insurance on "
        "1 April ÷ (graduates − further study − military service − recognised "
        "exclusions), from the graduate records."
    ),
    10,
)
regional_employment_rate = _rate_measure(
    "outcomes.regional_employment_rate",
    "in_region_rate",
    _("In-region employment rate"),
    _(
        "Employed graduates of the year working at an insured workplace in the "
        "district on 1 April ÷ employed graduates of the year."
    ),
    20,
)
retention_rate = _rate_measure(
    "outcomes.retention_rate",
    "retention_6",
    _("Retention rate, 1st (6 months)"),
    _(
        "Employed graduates of the year still insured at the 6-month follow-up ÷ "
        "employed graduates whose 6-month follow-up is due (an overdue follow-up "
        "not done counts as not retained)."
    ),
    30,
)
further_study_rate = _rate_measure(
    "outcomes.further_study_rate",
    "further_study_rate",
    _("Further-study rate (진학률)"),
    _("Graduates of the year in further study on 1 April ÷ graduates of the year."),
    40,
)


@indicators.measure(
    "outcomes.settlement_participants",
    label=_("Settlement programme participants"),
    unit=indicators.COUNT,
    area=indicators.FOUNDATION,
    how=_(
        "Persons taking part in the district's settlement programmes in the year: "
        "joined by 31 December in a programme running in the year (each person once)."
    ),
    rows=lambda district_id, year: reverse("outcomes:programme_list"),
    order=40,
)
def settlement_participants(district_ids, years):
    return {
        key: indicators.count(n, people=n)
        for key, n in selectors.settlement_participants(district_ids, years).items()
        if n
    }
