"""Reads of the platform: the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.core import policy
from mujigae.core.models import AuditEntry


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
