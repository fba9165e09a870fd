"""Writes of the calendars app: make, replace and revoke a private feed address,
and find the person behind an address (the feed's only credential)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mujigae.calendars.models import CalendarFeed
from mujigae.core import audit
from mujigae.core.services import token_digest

# What secrets.token_urlsafe(32) makes: 43 characters of the URL-safe alphabet.
# Anything else is not one of ours and is refused before any lookup.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")
LAST_USED_EVERY = 300  # seconds: calendar apps poll; one write per 5 minutes is enough


def _revoke_active(user: Any, now) -> list[CalendarFeed]:
    revoked = list(CalendarFeed.objects.filter(user=user, revoked_at__isnull=True))
    for feed in revoked:
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="update", obj=feed, changes={"revoked": [False, True]})
    return revoked


@transaction.atomic
def calendar_feed_create(*, user: Any) -> tuple[CalendarFeed, str]:
    """A new private address for `user`; any earlier one stops working. The raw
    token is returned once and never stored."""
    # one at a time per person (two quick clicks): the second waits for the first
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _revoke_active(user, timezone.now())
    raw = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, digest=token_digest(raw))
    audit.record(actor=user, action="create", obj=feed)
    return feed, raw


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> bool:
    """Revoke `user`'s address; False when there was none."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    return bool(_revoke_active(user, timezone.now()))


def calendar_feed_owner(raw: str) -> Any | None:
    """The active person behind a feed token, or None (unknown, revoked, or the
    person's account is switched off)."""
    if not isinstance(raw, str) or not TOKEN_SHAPE.fullmatch(raw):
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > LAST_USED_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
