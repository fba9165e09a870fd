"""Access rules of people and their access (invitations, accounts, roles,
activation codes, the access-rights history). See docs/accounts.md."""

from __future__ import annotations

from mujigae.core import policy

policy.register_routes({})

# ---- student accounts and activation codes (docs/accounts-students.md) ----
# A school makes and re-issues its own students' logins, the district's
# coordinator any school's of the district (the object check: students'
# `school_owns`); the activation page is public (the code is the key,
# attempts are throttled per username and per address).
policy.register_routes(
    {
        "accounts:student_accounts": policy.rule(policy.STUDENT_STAFF),
        "accounts:student_accounts_create": policy.rule(
            policy.STUDENT_STAFF, policy.STUDENT_STAFF, "the response is the printed sheet"
        ),
        "accounts:student_code_reissue": policy.rule(
            policy.STUDENT_STAFF, policy.STUDENT_STAFF, "own school (coordinator: the district's)"
        ),
        "accounts:student_activate": policy.PUBLIC,
        "accounts:student_activate_code": policy.PUBLIC,
    }
)
