"""Reads of the notifications app (each person's own rows; the coordinator's
failed deliveries of their district)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from mujigae.core import inbox, policy
from mujigae.notifications.models import Delivery, Notification, Preference, Profile


def notifications_of(user: Any) -> QuerySet:
    """The user's notifications, unread first, newest first."""
    return (
        policy.visible(user, Notification)
        .annotate(
            unread=Case(
                When(read_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("unread", "-created_at", "-pk")
    )


def unread_count(user: Any) -> int:
    """One cheap query (an index on recipient, read_at)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def preferences_of(user: Any) -> tuple[Profile, list[tuple[str, Any, bool, bool]]]:
    """The person's settings and, per event kind, (kind, label, e-mail, text)."""
    profile = Profile.objects.filter(user_id=user.pk).first() or Profile(user=user)
    saved = {p.kind: p for p in policy.visible(user, Preference)}
    rows = []
    for kind, label in sorted(inbox.EVENT_KINDS.items(), key=lambda kv: kv[0]):
        pref = saved.get(kind)
        rows.append((kind, label, pref.email if pref else True, pref.sms if pref else False))
    return profile, rows


def failed_deliveries(user: Any) -> QuerySet:
    return (
        policy.visible(user, Delivery)
        .filter(status__in=(Delivery.Status.FAILED, Delivery.Status.GIVEN_UP))
        .select_related("notification__recipient")
        .order_by("status", "-pk")
    )
