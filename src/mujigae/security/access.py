"""Access rules of passwords, the second factor and idle logout (docs/security.md)."""

from __future__ import annotations

from mujigae.core import policy
from mujigae.core.policy import ALL_ROLES, COORD, PUBLIC, Rule, rule

policy.register_routes(
    {
        # the password step's follow-ups: the person is not logged in yet
        "security:verify": PUBLIC,
        "security:enrol": PUBLIC,
        # forgot my password: anyone, never saying whether an address exists
        "security:password_reset": PUBLIC,
        "security:password_reset_done": PUBLIC,
        "security:password_reset_confirm": PUBLIC,
        "security:password_reset_complete": PUBLIC,
        # one's own password, authenticator and session: every role, the ministry too
        "security:password_change": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own password"),
        "security:second_factor": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own authenticator"),
        "security:keepalive": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own session"),
        # a lost phone: a coordinator resets a person of their district
        "security:second_factor_reset": rule(COORD, COORD, "people of the district"),
    }
)
