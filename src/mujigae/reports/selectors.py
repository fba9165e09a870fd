"""Reads across the domain apps: each app answers for its own figures, this
module puts them side by side."""

from __future__ import annotations

from typing import Any

from mujigae.core import policy
from mujigae.core.models import District
from mujigae.governance import selectors as governance
from mujigae.partners import selectors as partners

ROLLUP_FIGURES = (
    "organisations",
    "schools",
    "companies",
    "universities",
    "meetings",
    "open",
    "overdue",
    "done",
    "commitments",
    "achieved_pct",
)


def national_rollup(*, user: Any) -> list[dict[str, Any]]:
    """One row per district the user may read: partners, meetings, action
    items, commitment progress. A fixed number of queries whatever the number
    of districts or rows."""
    sources = (
        partners.organisation_counts_by_district(user=user),
        governance.figures_by_district(user=user),
    )
    rows = []
    for district in policy.visible(user, District).order_by("name"):
        row: dict[str, Any] = dict.fromkeys(ROLLUP_FIGURES, 0)
        for figures in sources:
            row.update(figures.get(district.pk, {}))
        row["district"] = district
        rows.append(row)
    return rows
