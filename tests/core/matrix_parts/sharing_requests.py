"""Access matrix part: requests for staff (참여인력 협조, issue 15;
docs/sharing-requests.md).

Product rules, written by hand:

* The list and the form: the district's staff (coordinators, schools,
  companies, partners); students and the ministry: 403.
* A request is seen by its two organisations and the district's
  coordinators; any other organisation gets 404 (school_b, company_b,
  partner_b here, and the first partner for the school–company request).
* Answering (POST only; an empty POST answers 422): the two organisations and
  the coordinators; the service decides which side may make which move.

Fixtures: the first school asks the first company for an engineer (the
coordinator, the school and the company work on it); the first partner asks
the first school (the partner persona works on that one, so that its own
request is the one it opens: a partner outside the school–company request
gets 404, like the peers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mujigae.sharing import requests
from tests.core.matrix_expect import ALL_PEERS, MEMBERS, NOBODY, Expect

REQUEST = {"obj": "sharing_request", "peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    "sharing:requests": Expect(MEMBERS, NOBODY),
    # an empty POST answers 422 (nothing saved)
    "sharing:request_create": Expect(MEMBERS, MEMBERS),
    "sharing:request_detail": Expect(MEMBERS, NOBODY, **REQUEST),
    # POST only (GET: 405 for whoever passes the route rule, peers too)
    "sharing:request_move": Expect(
        MEMBERS, MEMBERS, obj="sharing_request", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"sharing_request"}
MARKER = "REQUEST-시험고-가나로봇-비밀"
SECRETS: dict[str, set[str]] = {peer: {MARKER} for peer in ("school_b", "company_b", "partner_b")}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    day = dt.date(2026, 5, 11)
    school_company = requests.request_create(
        actor=world.users["school"],
        requester=orgs["school"],
        provider=orgs["company"],
        kind="person",
        title=MARKER,
        starts_on=day,
        ends_on=day,
        hours="4",
    )
    requests.request_move(actor=world.users["company"], request=school_company, action="accept")
    partner_school = requests.request_create(
        actor=world.users["partner"],
        requester=orgs["partner"],
        provider=orgs["school"],
        kind="facility",
        title="상의 요청",
        starts_on=day,
        ends_on=day,
        hours="2",
    )
    return {
        "sharing_request": lambda org: partner_school.pk if org == "partner" else school_company.pk
    }
