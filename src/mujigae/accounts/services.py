"""Every write about people and their access. Each grant, change or removal of
access writes one `AccessChange` row in the same transaction."""

from __future__ import annotations

from typing import Any

from mujigae.accounts.models import AccessChange


def access_change_record(
    *, actor: Any, subject: Any, kind: str, detail: dict | None = None
) -> AccessChange:
    """Record one grant, change or removal of `subject`'s access by `actor`
    (None for the platform itself, e.g. a person accepting an invitation)."""
    return AccessChange.objects.create(
        district_id=getattr(subject, "district_id", None) or getattr(actor, "district_id", None),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(str(actor) if getattr(actor, "pk", None) else "mujigae")[:150],
        subject=subject,
        subject_name=str(subject)[:150],
        kind=kind,
        detail=detail or {},
    )
