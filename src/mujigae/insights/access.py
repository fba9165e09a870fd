"""Access rules of the skills-gap analysis (clauses 2 and 3): every reader of a
district sees its figures; the ministry every district and the national rows
(district empty); coordinators queue a recompute of their own district."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from mujigae.core import policy
from mujigae.core.policy import COORD, MINISTRY, READERS, rule
from mujigae.insights.models import GapFigure, GapRun

policy.register_routes(
    {
        "insights:gap": rule(READERS),
        "insights:gap_unit": rule(READERS),
        "insights:gap_export": rule(READERS),
        "insights:gap_recompute": rule(COORD, COORD, "queues a recompute of the own district"),
    }
)


def _gap_figures(user: Any, qs: QuerySet) -> QuerySet:
    role = policy.role_of(user)
    if role not in READERS:
        return qs.none()
    if role == MINISTRY:
        return qs
    return policy.in_district(user, qs)


def _gap_runs(user: Any, qs: QuerySet) -> QuerySet:
    """Recompute runs (counts only): readers see their district's and the
    national ones (district empty), which recompute their figures too."""
    role = policy.role_of(user)
    if role not in READERS:
        return qs.none()
    if role == MINISTRY:
        return qs
    if user.district_id is None:
        return qs.none()
    return qs.filter(Q(district_id=user.district_id) | Q(district__isnull=True))


policy.register_scope(GapFigure, _gap_figures)
policy.register_scope(GapRun, _gap_runs)

# REST API (insights/api.py), read only: whoever may open the gap page
policy.register_routes({"api:gap": rule(READERS)})
