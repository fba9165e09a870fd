"""Log in with one's e-mail address as the username, in any case.

Django's ModelBackend (listed before this one) matches a username exactly, so
the demo usernames (`coordinator`, `school` …) work as before, and only as
typed. This backend takes what it left when it looks like an e-mail address:
the account whose login or address it is, in any case. An address that two
accounts share (never made by mujigae: invitations refuse it) logs in neither.

`axes_username` gives the login throttle the same name for every way of
writing one address (AXES_USERNAME_CALLABLE), so changing the case of an
e-mail does not buy more attempts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmailBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = username.strip()
        if "@" not in login:
            return None  # usernames match exactly (ModelBackend)
        candidates = list(
            User._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2]
        )
        if len(candidates) != 1:
            # Run the hasher anyway: the answer takes as long with or without an account.
            User().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: Any, credentials: dict | None = None) -> str | None:
    """The name django-axes counts failures under: an e-mail address lower-cased."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    username = (source or {}).get("username")
    if not isinstance(username, str):
        return username
    username = username.strip()
    return username.lower() if "@" in username else username
