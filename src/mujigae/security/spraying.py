"""Password spraying: one password tried against many usernames from one
address. django-axes locks a username+address pair after repeated failures;
this adds the other direction. For each address the cache keeps, per keyed
hash of a password that failed, the (hashed) usernames it failed for; once
`MUJIGAE_LOGIN_SPRAY_LIMIT` different usernames have failed with the same
password, that password is refused from that address for the cool-off time,
whatever the username. People behind one office address who mistype their own
passwords are not affected: their wrong passwords differ from each other.

Nothing readable is stored: the password and the usernames are HMACs keyed
with the secret key. Several app servers need a shared cache
(`MUJIGAE_CACHE_URL`, Redis) for the limit to hold across them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

_SALT = "mujigae.security.spraying"


def _key(address: str | None, password: str) -> str:
    digest = salted_hmac(_SALT, password, algorithm="sha256").hexdigest()[:32]
    return f"security:spray:{address or '-'}:{digest}"


def _user_tag(username: str) -> str:
    return salted_hmac(_SALT + ".user", username.casefold(), algorithm="sha256").hexdigest()[:16]


def is_blocked(*, address: str | None, password: str) -> bool:
    tried = cache.get(_key(address, password)) or ()
    return len(tried) >= settings.MUJIGAE_LOGIN_SPRAY_LIMIT


def record_failure(*, address: str | None, username: str, password: str) -> None:
    key = _key(address, password)
    tried = set(cache.get(key) or ())
    tried.add(_user_tag(username))
    cache.set(key, sorted(tried), timeout=settings.MUJIGAE_LOGIN_COOLOFF_SECONDS)
