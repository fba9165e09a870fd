"""Reads of the partner registry."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from mujigae.core import policy
from mujigae.partners.models import Organisation, Person


def organisation_list(
    *,
    user: Any,
    kind: str | None = None,
    industry: int | str | None = None,
    area: str | None = None,
    q: str | None = None,
    district: int | str | None = None,
    sample: str | None = None,
    only: list[QuerySet] | None = None,
) -> QuerySet[Organisation]:
    qs = policy.visible(user, Organisation).select_related("district")
    for ids in only or ():  # extension filters (partners.extensions): semi-joins
        qs = qs.filter(pk__in=ids)
    if district:
        qs = qs.filter(district_id=district)
    if kind:
        qs = qs.filter(kind=kind)
    if industry:
        # A semi-join, so no DISTINCT is needed (DISTINCT would sort every row).
        qs = qs.filter(
            pk__in=Organisation.industries.through.objects.filter(industry_id=industry).values(
                "organisation_id"
            )
        )
    if area:
        qs = qs.filter(area=area)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_en__icontains=q) | Q(description__icontains=q))
    if sample == "real":
        qs = qs.filter(is_sample=False)
    elif sample == "sample":
        qs = qs.filter(is_sample=True)
    return qs.prefetch_related("industries").order_by("kind", "name", "id")


def organisation_kind_counts(*, user: Any) -> dict[str, int]:
    rows = policy.visible(user, Organisation).values("kind").annotate(n=Count("id")).order_by()
    return {row["kind"]: row["n"] for row in rows}


def organisation_areas(*, user: Any) -> list[str]:
    return list(
        policy.visible(user, Organisation)
        .exclude(area="")
        .values_list("area", flat=True)
        .order_by("area")
        .distinct()
    )


def organisation_detail(*, user: Any, pk: int) -> Organisation:
    qs = (
        policy.visible(user, Organisation)
        .select_related("district")
        .prefetch_related(
            "industries", Prefetch("people", queryset=Person.objects.order_by("name"))
        )
    )
    return policy.access(user, Organisation, pk, qs=qs)


def organisation_counts_by_district(*, user: Any) -> dict[int, dict[str, int]]:
    """Per district the user may read: organisations, schools, companies,
    universities (one query, whatever the number of districts)."""
    return {
        r.pop("district_id"): r
        for r in policy.visible(user, Organisation)
        .values("district_id")
        .annotate(
            organisations=Count("id"),
            schools=Count("id", filter=Q(kind="school")),
            companies=Count("id", filter=Q(kind="company")),
            universities=Count("id", filter=Q(kind="university")),
        )
        .order_by()
    }


def members_by_organisation(
    organisation_ids: Any, *, roles: frozenset[str] = policy.ORG_ROLES
) -> dict[int, list[int]]:
    """The active logins that act for each organisation (school, company or
    partner users; never a student, whose account also names a school; only
    logins of the organisation's own district): the recipients of what an
    organisation owes (the apps' inbox events). One query, whatever the number
    of organisations."""
    from django.contrib.auth import get_user_model
    from django.db.models import F

    ids = {i for i in organisation_ids if i}
    found: dict[int, list[int]] = {}
    if not ids:
        return found
    rows = (
        get_user_model()
        .objects.filter(organisation_id__in=ids, role__in=roles, is_active=True)
        .filter(district_id=F("organisation__district_id"))
        .order_by("pk")
        .values_list("organisation_id", "pk")
    )
    for org_id, user_id in rows:
        found.setdefault(org_id, []).append(user_id)
    return found
