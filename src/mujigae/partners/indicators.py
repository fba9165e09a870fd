"""The partner registry's measure for the evaluation (core/indicators.py).

A company counts as participating in a year when its field-training status
(`placements.CompanyEligibility`: 선도 or 참여, with an on-site inspection) was
valid on at least one day of that year: inspected on or before 31 December
and not expired before 1 January (nor before the inspection)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.placements.models import CompanyEligibility, Tier

VALID_TIERS = (Tier.LEADING, Tier.PARTICIPATING)


def valid_in_year(inspected: dt.date | None, until: dt.date | None, year: int) -> bool:
    """Was a 선도/참여 status inspected on `inspected` and valid until `until`
    (None: no end) valid on some day of `year`?"""
    if inspected is None:
        return False
    first = max(inspected, dt.date(year, 1, 1))
    return first <= dt.date(year, 12, 31) and (until is None or first <= until)


@indicators.measure(
    "partners.participating_companies",
    label=_("Participating companies"),
    unit=indicators.COUNT,
    area=indicators.COOPERATION,
    how=_(
        "Companies whose 선도 or 참여 status (with an on-site inspection) was valid "
        "on at least one day of the year, from the companies' training eligibility."
    ),
    rows=lambda district_id, year: reverse("placements:eligibility_list"),
    order=10,
)
def participating_companies(district_ids, years):
    counts: Counter = Counter()
    rows = CompanyEligibility.objects.filter(
        district_id__in=district_ids,
        company__kind="company",
        tier__in=VALID_TIERS,
        inspected_on__isnull=False,
    ).values_list("district_id", "inspected_on", "valid_until")
    for district_id, inspected, until in rows:
        for year in years:
            if valid_in_year(inspected, until, year):
                counts[district_id, year] += 1
    return {key: indicators.count(n) for key, n in counts.items()}
