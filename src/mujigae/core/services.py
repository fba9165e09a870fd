"""Writes of the platform itself: API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import ApiToken, User

TOKEN_PREFIX = "mjg_"  # noqa: S105 - a public prefix, not a secret


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Enter a name."), field_errors={"name": [_("Enter a name.")]})
    if len(name) > 100:
        raise ApplicationError(
            _("The name must be at most 100 characters."),
            field_errors={"name": [_("The name must be at most 100 characters.")]},
        )
    if user.role not in policy.API_TOKEN_ROLES:
        raise PermissionDenied
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], digest=token_digest(raw))
    audit.record(actor=user, action="create", obj=token, changes={"name": [None, name]})
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="update", obj=token, changes={"revoked": [False, True]})
    return token


def api_token_user(raw: str) -> User | None:
    """The active user behind a raw token, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if (
        token is None
        or not token.user.is_active
        or token.user.role not in policy.API_TOKEN_ROLES  # e.g. made before students lost tokens
    ):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
