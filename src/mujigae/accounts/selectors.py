"""Reads about people and their access, always through the policy."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.core import policy
from mujigae.core.models import District
from mujigae.partners.models import Organisation


def invitation_list(*, user: Any, status: str | None = None) -> QuerySet:
    qs = policy.visible(user, Invitation).select_related("organisation", "invited_by", "user")
    now = timezone.now()
    pending = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    if status == Invitation.Status.PENDING:
        qs = qs.filter(pending, expires_at__gt=now)
    elif status == Invitation.Status.ACCEPTED:
        qs = qs.filter(accepted_at__isnull=False)
    elif status == Invitation.Status.REVOKED:
        qs = qs.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    elif status == Invitation.Status.EXPIRED:
        qs = qs.filter(pending, expires_at__lte=now)
    return qs


def invitation_counts(*, user: Any) -> dict[str, int]:
    qs = policy.visible(user, Invitation)
    now = timezone.now()
    pending = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    return qs.aggregate(
        pending=Count("pk", filter=pending & Q(expires_at__gt=now)),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        expired=Count("pk", filter=pending & Q(expires_at__lte=now)),
        revoked=Count("pk", filter=Q(accepted_at__isnull=True, revoked_at__isnull=False)),
    )


def invitable_organisations(*, user: Any) -> QuerySet:
    """The organisations `user` may invite people to (policy.actable_organisations)."""
    return policy.actable_organisations(user).order_by("kind", "name")


def people(*, user: Any, organisation: Organisation | None = None) -> QuerySet:
    """The people of the district (coordinator) or of one's organisation, with
    the roles they hold in the district."""
    memberships = policy.visible(user, Membership).select_related("organisation")
    qs = policy.visible(user, get_user_model()).prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="held")
    )
    if organisation is not None:
        qs = qs.filter(memberships__in=memberships.filter(organisation=organisation)).distinct()
    return qs.select_related("organisation").order_by("display_name", "username")


def person_detail(*, user: Any, pk: Any) -> Any:
    return policy.access(user, get_user_model(), pk)


def person_memberships(*, user: Any, person: Any) -> QuerySet:
    """The roles the person holds that `user` may see (a coordinator: in the district)."""
    return (
        policy.visible(user, Membership)
        .filter(user=person)
        .select_related("organisation", "granted_by")
    )


def own_memberships(*, user: Any) -> list[Membership]:
    """The roles one holds (for the role switcher), the one in use marked."""
    if not getattr(user, "is_authenticated", False):
        return []
    held = list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "district")
        .order_by("granted_at", "pk")
    )
    for m in held:
        m.in_use = (
            m.role == user.role
            and m.district_id == user.district_id
            and m.organisation_id == user.organisation_id
        )
    return held


def history(*, user: Any, person: int | None = None) -> QuerySet:
    qs = policy.visible(user, AccessChange).select_related("actor", "subject")
    if person is not None:
        qs = qs.filter(subject_id=person)
    return qs


def history_people(*, user: Any) -> QuerySet:
    """The people who appear in the district's history (the filter's choices)."""
    ids = policy.visible(user, AccessChange).exclude(subject=None).values("subject_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("display_name", "username")


def districts(*, user: Any) -> QuerySet:
    """Every district, with its counts: the ministry and platform administrators."""
    if not (getattr(user, "is_superuser", False) or policy.role_of(user) == policy.MINISTRY):
        return District.objects.none()
    return District.objects.annotate(
        organisation_count=Count("organisations", distinct=True),
        industry_count=Count("industries", distinct=True),
    ).order_by("name")
