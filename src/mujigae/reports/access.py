"""Access rules of the pages above the domain apps: the home page of every role
(the ministry's is the national roll-up)."""

from __future__ import annotations

from mujigae.core import policy
from mujigae.core.policy import ALL_ROLES, rule

policy.register_routes({"home": rule(ALL_ROLES)})

# REST API of the evaluation (reports/api.py), read only: the district's
# coordinators (their own district and the national medians) and the ministry
# (every district, small groups suppressed)
policy.register_routes(
    {
        "api:frameworks": rule(policy.COORD_AND_MINISTRY),
        "api:evaluation": rule(policy.COORD_AND_MINISTRY),
        "api:district_evaluation": rule(policy.COORD_AND_MINISTRY),
    }
)
