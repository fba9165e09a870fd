"""The client's address, one function for login throttling (axes, through
`AXES_CLIENT_IP_CALLABLE`), the password-spraying limit and the networks
exempt from the second factor.

Without a proxy (`MUJIGAE_PROXY_COUNT=0`, the default) it is `REMOTE_ADDR`:
a header the client sends is never believed. Behind N proxies it is the N-th
address from the right of `X-Forwarded-For` (each proxy appends the address it
saw), so a client cannot choose its own address by sending the header itself.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "MUJIGAE_PROXY_COUNT", 0)
    if not count:
        return remote
    chain = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(chain) < count:
        # Fewer entries than proxies: the request did not come through them all.
        return remote
    candidate = chain[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def in_networks(address: str | None, networks) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in networks)


def is_exempt(request: HttpRequest) -> bool:
    """Does this request come from a network where the second factor is waived?"""
    return in_networks(client_address(request), settings.MUJIGAE_SECOND_FACTOR_EXEMPT_NETWORKS)
