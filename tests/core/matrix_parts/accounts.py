"""Access matrix part: people and their access (issue 12, points 1, 3 and 7).

Product rules (docs/accounts-people.md), written by hand:

* Invitations: a district coordinator invites to any organisation of the
  district; a school's and a company's users to their own organisation. Each
  persona asks for the invitation to its own organisation; a peer (company_b,
  school_b) asks for the first one's and gets a 404. Partners, students and
  the ministry invite nobody.
* The accept link is public, but only for the person it is meant for: an
  anonymous visitor sees the form (an empty POST: 422); anyone logged in as
  somebody else is refused (403), never logged in as another person.
* People: the coordinator manages the district's people; school, company and
  partner users read their own organisation's list; nobody else.
* The role switcher: anyone logged in (among their own roles; an empty POST: 422).
* The access-rights history: the district's coordinators.
* Districts: the ministry (and platform administrators, tested in
  tests/accounts) reads the list; only platform administrators create one
  (no persona of the matrix is one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from mujigae.accounts.models import Invitation, Membership
from mujigae.accounts.services import token_digest
from mujigae.core.models import Role
from tests import factories as f
from tests.core.matrix_expect import (
    ANONYMOUS,
    COMPANY,
    COMPANY_B,
    COORD,
    LOGGED_IN,
    MEMBERS,
    MINISTRY,
    NOBODY,
    SCHOOL,
    SCHOOL_B,
    Expect,
    R,
)

INVITERS = COORD | {SCHOOL, COMPANY}
POST_ONLY_PEERS = R({SCHOOL_B, COMPANY_B})  # a GET is refused as a method (405) first
MATRIX_TOKEN = "matrix-invitation-token"  # noqa: S105 - a test fixture

EXPECTED: dict[str, Expect] = {
    "accounts:invitation_list": Expect(INVITERS, NOBODY),
    # an empty POST: 422 (the form), nothing sent
    "accounts:invitation_create": Expect(INVITERS, INVITERS),
    "accounts:invitation_import": Expect(INVITERS, INVITERS),
    "accounts:invitation_template": Expect(INVITERS, NOBODY),
    # POST only (GET: 405, whoever asks); each on the invitation to the persona's
    # own organisation; a peer's POST on the first one's: 404
    "accounts:invitation_revoke": Expect(
        INVITERS, INVITERS, obj="acc_invitation", peer_read=POST_ONLY_PEERS, peer_write=NOBODY
    ),
    "accounts:invitation_resend": Expect(
        INVITERS, INVITERS, obj="acc_invitation", peer_read=POST_ONLY_PEERS, peer_write=NOBODY
    ),
    "accounts:invitation_accept": Expect(R({ANONYMOUS}), R({ANONYMOUS}), obj="acc_link"),
    "accounts:people": Expect(MEMBERS, NOBODY),
    "accounts:person_detail": Expect(COORD, NOBODY, obj="acc_person"),
    "accounts:person_deactivate": Expect(COORD, COORD, obj="acc_person"),
    "accounts:person_reactivate": Expect(COORD, COORD, obj="acc_person"),
    "accounts:membership_add": Expect(COORD, COORD, obj="acc_person"),
    "accounts:membership_change": Expect(COORD, COORD, obj="acc_membership"),
    "accounts:membership_remove": Expect(COORD, COORD, obj="acc_membership"),
    "accounts:role_switch": Expect(LOGGED_IN, LOGGED_IN),
    "accounts:history": Expect(COORD, NOBODY),
    "accounts:history_export": Expect(COORD, NOBODY),
    "accounts:district_list": Expect(R({MINISTRY}), NOBODY),
    "accounts:district_create": Expect(NOBODY, NOBODY),
}

# The accept link is the same for everyone (public): left out of the
# other-district 404 check (that coordinator is refused as another person, 403).
SHARED_KINDS: set[str] = {"acc_link"}
OWNED_KINDS: set[str] = {"acc_invitation"}
# The first company's invitation: no other company sees it.
SECRETS: dict[str, set[str]] = {"company_b": {"[INV-company]"}, "school_b": {"[INV-school]"}}

ROLE_FOR_ORG = {
    "office": Role.COORDINATOR,
    "school": Role.SCHOOL,
    "company": Role.COMPANY,
    "partner": Role.PARTNER,
}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    expires = timezone.now() + dt.timedelta(days=7)
    coordinator = world.users["coordinator"]
    invitations = {
        key: Invitation.objects.create(
            district=world.district,
            organisation=orgs[key],
            role=role,
            name=f"[INV-{key}]",
            email=f"invited-{key}@example.com",
            digest=token_digest(f"matrix-{key}"),
            invited_by=coordinator,
            expires_at=expires,
        )
        for key, role in ROLE_FOR_ORG.items()
    }
    Invitation.objects.create(
        district=world.district,
        organisation=orgs["company"],
        role=Role.COMPANY,
        name="초대받은 사람",
        email="link-holder@example.com",
        digest=token_digest(MATRIX_TOKEN),
        invited_by=coordinator,
        expires_at=expires,
    )
    person = f.UserFactory(
        username="acc-person",
        role=Role.COMPANY,
        district=world.district,
        organisation=orgs["company"],
    )
    second = Membership.objects.create(
        user=person, role=Role.PARTNER, district=world.district, organisation=orgs["partner"]
    )
    return {
        "acc_invitation": lambda org: invitations[org if org in invitations else "company"].pk,
        "acc_link": lambda org: MATRIX_TOKEN,
        "acc_person": lambda org: person.pk,
        "acc_membership": lambda org: second.pk,
    }
