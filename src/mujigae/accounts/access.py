"""Access rules of people and their access (invitations, accounts, roles,
activation codes, the access-rights history). See docs/accounts-people.md.

* Invitations: a district coordinator invites to any organisation of the
  district; a school's staff and a company's managers invite colleagues of
  their own organisation (the service checks the role and organisation).
* People: the district's coordinators manage the people of the district;
  school, company and partner users see their own organisation's people
  (read-only). Students' accounts are not listed here.
* The access-rights history: the district's coordinators.
* Districts: the ministry and platform administrators (superusers) read the
  list; only platform administrators create a district.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.core import log_filters, policy
from mujigae.core.policy import (
    ALL_ROLES,
    COMPANY,
    COORD,
    COORDINATOR,
    DISTRICT_MEMBERS,
    MINISTRY,
    ORG_ROLES,
    PUBLIC,
    SAFE_METHODS,
    SCHOOL,
    Rule,
    rule,
)

INVITERS = frozenset({COORDINATOR, SCHOOL, COMPANY})
# Roles listed and managed on the people page (students' accounts belong to
# their school's records).
PEOPLE_ROLES = frozenset({COORDINATOR, *ORG_ROLES})


@dataclass(frozen=True)
class ReadsEveryDistrict(Rule):
    """Read-only pages about every district: the ministry and platform administrators."""

    def allows(self, user: Any, method: str) -> bool:
        if not getattr(user, "is_authenticated", False) or method.upper() not in SAFE_METHODS:
            return False
        return bool(user.is_superuser) or user.role == MINISTRY


policy.register_routes(
    {
        "accounts:invitation_list": rule(INVITERS),
        "accounts:invitation_create": rule(
            INVITERS, INVITERS, "own organisation (coordinator: district)"
        ),
        "accounts:invitation_import": rule(
            INVITERS, INVITERS, "own organisation (coordinator: district)"
        ),
        "accounts:invitation_template": rule(INVITERS),
        "accounts:invitation_revoke": rule(INVITERS, INVITERS, "POST only"),
        "accounts:invitation_resend": rule(INVITERS, INVITERS, "POST only"),
        # the link in the e-mail: the token is the key; a logged-in other person is refused
        "accounts:invitation_accept": PUBLIC,
        "accounts:people": rule(DISTRICT_MEMBERS, note="org roles: own organisation, read-only"),
        "accounts:person_detail": rule(COORD),
        "accounts:person_deactivate": rule(COORD, COORD, "POST only"),
        "accounts:person_reactivate": rule(COORD, COORD, "POST only"),
        "accounts:membership_add": rule(COORD, COORD),
        "accounts:membership_change": rule(COORD, COORD, "role or organisation"),
        "accounts:membership_remove": rule(COORD, COORD, "POST only"),
        # Not a domain write: anyone holding several roles switches among their own.
        "accounts:role_switch": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own roles; POST only"),
        "accounts:history": rule(COORD),
        "accounts:history_export": rule(COORD),
        "accounts:district_list": ReadsEveryDistrict(note="ministry and platform administrators"),
        "accounts:district_create": Rule(superuser_only=True),
    }
)


def people_scope(user: Any, qs: QuerySet) -> QuerySet:
    """The accounts a user may see on the people page: a coordinator everyone
    holding a role of the district, a school, company or partner user the
    people of its own organisation; nobody else anyone."""
    role = policy.role_of(user)
    if role not in DISTRICT_MEMBERS or user.district_id is None:
        return qs.none()
    held = Membership.objects.filter(district_id=user.district_id, role__in=PEOPLE_ROLES)
    if role != COORDINATOR:
        if not user.organisation_id:
            return qs.none()
        held = held.filter(organisation_id=user.organisation_id)
    return qs.filter(pk__in=held.values("user_id"))


def _own_organisation(organisation_id: int) -> Q:
    return Q(organisation_id=organisation_id)


def invitation_change(user: Any, invitation: Any) -> bool:
    """A school's or company's inviter revokes and resends their organisation's invitations."""
    return (
        policy.role_of(user) in INVITERS
        and user.organisation_id is not None
        and invitation.district_id == user.district_id
        and invitation.organisation_id == user.organisation_id
    )


policy.register_scope(get_user_model(), people_scope)
policy.register_scope(Invitation, policy.organisation_rows(_own_organisation))
policy.register_scope(Membership, policy.organisation_rows(_own_organisation))
policy.register_scope(AccessChange, policy.district_coordinators())
policy.register_change(Invitation, invitation_change)

# student accounts and activation codes (appended below)


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

# invitation and activation codes are in the path: never in a log line (core/log_filters.py)
log_filters.mask_secret_path("/accounts/invite/")
log_filters.mask_secret_path("/accounts/activate/")
