"""Every read of the requests for staff (docs/sharing-requests.md): the list
a person may see, one request, an organisation's contributions (its page) and
the district's per-organisation totals for the annual report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from mujigae.core import policy
from mujigae.sharing.models import StaffRequest

S = StaffRequest.Status
COUNTED = (S.ACCEPTED, S.DONE)  # what counts as a contribution


def request_list(*, user: Any, status: str = "") -> QuerySet:
    qs = policy.visible(user, StaffRequest).select_related("requester", "provider")
    if status in S.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def request_detail(*, user: Any, pk: Any) -> StaffRequest:
    return policy.access(
        user, StaffRequest, pk, qs=StaffRequest.objects.select_related("requester", "provider")
    )


def waiting_counts(*, user: Any) -> dict[str, int]:
    """For the inbox: requests waiting for my organisation's answer (asked of
    it), and proposals of other dates waiting for its decision (asked by it)."""
    if policy.role_of(user) not in policy.ORG_ROLES or not user.organisation_id:
        return {"answer": 0, "proposal": 0}
    org = user.organisation_id
    return policy.visible(user, StaffRequest).aggregate(
        answer=Count("pk", filter=Q(provider_id=org, status=S.REQUESTED)),
        proposal=Count("pk", filter=Q(requester_id=org, status=S.PROPOSED)),
    )


def organisation_contributions(*, org: Any) -> dict[str, list[StaffRequest]]:
    """Accepted or done requests the organisation gave (provided) and received."""
    qs = (
        StaffRequest.objects.filter(district_id=org.district_id, status__in=COUNTED)
        .select_related("requester", "provider")
        .order_by("-starts_on", "-pk")
    )
    return {
        "given": list(qs.filter(provider=org)),
        "received": list(qs.filter(requester=org)),
    }


@dataclass
class Contribution:
    organisation_id: int
    name: str
    requests_given: int = 0
    requests_received: int = 0
    hours_given: Decimal = field(default_factory=Decimal)
    hours_received: Decimal = field(default_factory=Decimal)


def contributions(district: Any, year: int) -> list[Contribution]:
    """Per organisation of `district`: the requests it gave (as the asked
    side) and received (as the asking side) and their hours, counting the
    accepted and done requests whose first day falls in `year`. For the
    annual report (docs/sharing-requests.md "Annual report"). Two queries."""
    qs = StaffRequest.objects.filter(district=district, status__in=COUNTED, starts_on__year=year)
    rows: dict[int, Contribution] = {}

    def row(org_id: int, name: str) -> Contribution:
        if org_id not in rows:
            rows[org_id] = Contribution(organisation_id=org_id, name=name)
        return rows[org_id]

    given = qs.values("provider_id", "provider__name").annotate(n=Count("pk"), h=Sum("hours"))
    for g in given:
        r = row(g["provider_id"], g["provider__name"])
        r.requests_given, r.hours_given = g["n"], g["h"] or Decimal(0)
    received = qs.values("requester_id", "requester__name").annotate(n=Count("pk"), h=Sum("hours"))
    for g in received:
        r = row(g["requester_id"], g["requester__name"])
        r.requests_received, r.hours_received = g["n"], g["h"] or Decimal(0)
    return sorted(rows.values(), key=lambda r: (-(r.hours_given + r.hours_received), r.name))


def hours_by_district_year(district_ids: Any, years: Any) -> dict[tuple[int, int], Decimal]:
    """(district id, year) → the hours of the counted requests (accepted or
    done) whose first day falls in the year: the total of `contributions`'
    hours given, for many districts and years in one query (the evaluation's
    measure, sharing/indicators.py)."""
    from django.db.models.functions import ExtractYear

    rows = (
        StaffRequest.objects.filter(
            district_id__in=district_ids, status__in=COUNTED, starts_on__year__in=years
        )
        .annotate(y=ExtractYear("starts_on"))
        .values("district_id", "y")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    return {(r["district_id"], int(r["y"])): r["h"] or Decimal(0) for r in rows}
