"""The client's address: one definition for login throttling (django-axes,
`AXES_CLIENT_IP_CALLABLE`) and the personal-data access log.

Without a proxy (`MUJIGAE_PROXY_COUNT=0`) it is the connection's address.
Behind N proxies of our own, each appends the address it was connected from to
X-Forwarded-For, so the client is the N-th entry from the right; anything
further left was sent by the client and can be forged."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR"))
    count = getattr(settings, "MUJIGAE_PROXY_COUNT", 0) or 0
    if not count:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        # Fewer entries than proxies: the request did not come through them all,
        # and whatever it says of itself is not believed.
        return remote
    return _valid(hops[-count]) or remote
