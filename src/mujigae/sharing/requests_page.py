"""The organisation page's section "Staff and facilities shared" (partners.
extensions): the accepted or done requests for staff the organisation gave
(as the asked side) and received (as the asking side), with their hours.
Whoever reads the organisation page sees the contribution (what kind, with
whom, when, how many hours); the title and the link only those who may open
the request (its two organisations, the district's coordinators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mujigae.core import policy
from mujigae.partners import extensions
from mujigae.partners.models import OrgKind
from mujigae.sharing import request_selectors
from mujigae.sharing.models import StaffRequest


def organisation_section(user: Any, org: Any) -> dict | None:
    if org.kind == OrgKind.MINISTRY:
        return None
    found = request_selectors.organisation_contributions(org=org)
    if not (found["given"] or found["received"]):
        return None
    seen = set(
        policy.visible(user, StaffRequest)
        .filter(pk__in=[r.pk for rows in found.values() for r in rows])
        .values_list("pk", flat=True)
    )

    def rows(items: list[StaffRequest]) -> list[dict]:
        return [{"obj": r, "visible": r.pk in seen} for r in items]

    return {
        "template": "sharing/requests/_organisation.html",
        "staff_given": rows(found["given"]),
        "staff_received": rows(found["received"]),
        "staff_hours_given": sum((r.hours for r in found["given"]), Decimal(0)),
        "staff_hours_received": sum((r.hours for r in found["received"]), Decimal(0)),
    }


def register() -> None:
    extensions.register_section(organisation_section)
