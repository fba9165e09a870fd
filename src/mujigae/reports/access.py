"""Access rules of the pages above the domain apps: the home page of every role
(the ministry's is the national roll-up)."""

from __future__ import annotations

from mujigae.core import policy
from mujigae.core.policy import ALL_ROLES, rule

policy.register_routes({"home": rule(ALL_ROLES)})
