"""The networks exempt from the second factor, judged on the client's address
(`core.client_ip`: one function for login throttling through axes'
`AXES_CLIENT_IP_CALLABLE`, the password-spraying limit, this and the access log).

Without a proxy (`MUJIGAE_PROXY_COUNT=0`, the default) it is `REMOTE_ADDR`:
a header the client sends is never believed. Behind N proxies it is the N-th
address from the right of `X-Forwarded-For` (each proxy appends the address it
saw), so a client cannot choose its own address by sending the header itself.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from mujigae.core.client_ip import client_ip

# One definition of the client's address, shared with the access log (core).
client_address = client_ip


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
