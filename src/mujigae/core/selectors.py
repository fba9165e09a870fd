"""Reads of the platform: the home page of each role, the national roll-up, the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mujigae.core import policy
from mujigae.core.models import AuditEntry, District
from mujigae.governance.models import ActionItem, Commitment, Meeting
from mujigae.partners.models import Organisation


def audit_log(
    *,
    user: Any,
    object_type: str | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> QuerySet[AuditEntry]:
    qs = policy.visible(user, AuditEntry).select_related("district")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor:
        qs = qs.filter(actor_name=actor)
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-at", "-id")


def audit_object_types(*, user: Any) -> list[str]:
    return list(
        policy.visible(user, AuditEntry)
        .values_list("object_type", flat=True)
        .order_by("object_type")
        .distinct()
    )


def national_rollup(*, user: Any) -> list[dict[str, Any]]:
    """One row per district: partners, meetings, action items, commitment progress.
    A fixed number of queries whatever the number of districts or rows."""
    districts = list(policy.visible(user, District).order_by("name"))
    today = timezone.localdate()
    orgs = {
        r["district_id"]: r
        for r in policy.visible(user, Organisation)
        .values("district_id")
        .annotate(
            n=Count("id"),
            schools=Count("id", filter=Q(kind="school")),
            companies=Count("id", filter=Q(kind="company")),
            universities=Count("id", filter=Q(kind="university")),
        )
        .order_by()
    }
    meetings = {
        r["district_id"]: r["n"]
        for r in policy.visible(user, Meeting)
        .values("district_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    actions = {
        r["district_id"]: r
        for r in policy.visible(user, ActionItem)
        .values("district_id")
        .annotate(
            open=Count("id", filter=Q(status__in=ActionItem.OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)),
            done=Count("id", filter=Q(status=ActionItem.Status.DONE)),
        )
        .order_by()
    }
    commitments = {
        r["district_id"]: r
        for r in policy.visible(user, Commitment)
        .values("district_id")
        .annotate(
            total=Count("id"), achieved=Count("id", filter=Q(status=Commitment.Status.ACHIEVED))
        )
        .order_by()
    }
    rows = []
    for d in districts:
        o = orgs.get(d.pk, {})
        a = actions.get(d.pk, {})
        c = commitments.get(d.pk, {})
        total = c.get("total", 0)
        rows.append(
            {
                "district": d,
                "organisations": o.get("n", 0),
                "schools": o.get("schools", 0),
                "companies": o.get("companies", 0),
                "universities": o.get("universities", 0),
                "meetings": meetings.get(d.pk, 0),
                "open": a.get("open", 0),
                "overdue": a.get("overdue", 0),
                "done": a.get("done", 0),
                "commitments": total,
                "achieved_pct": round(100 * c.get("achieved", 0) / total) if total else 0,
            }
        )
    return rows
