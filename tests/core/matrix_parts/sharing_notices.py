"""Access matrix part: notices (공지사항, issue 15; docs/sharing-notices.md).

Product rules, written by hand:

* Everyone of the district (coordinators, schools, companies, partners,
  students) opens the notices list; a notice only when its audience includes
  them (or their organisation wrote it): anyone else gets 404. The ministry
  has no notices (403).
* Staff post (coordinators, schools, companies, partners); students never.
* The author's side (and the district's coordinators) edit, delete and remind;
  a reader gets 403; someone outside the audience 404.
* "확인했습니다" (POST only): whoever the notice is shared with.

Fixtures (all written by the coordinator): a notice to the companies only (the
company and company_b read it), one to the first school and the students (the
school and the student; school_b: 404), one to the first partner only
(partner_b: 404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mujigae.partners.models import OrgKind
from mujigae.sharing import notices
from tests.core.matrix_expect import ALL_PEERS, COMPANY_B, COORD, MEMBERS, NOBODY, STUDENT, Expect

SEES = MEMBERS | {STUDENT}
NOTICE = {"obj": "sharing_notice"}
AUTHOR_ONLY = {**NOTICE, "peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    "sharing:notices": Expect(SEES, NOBODY),
    # an empty POST answers 422 (nothing saved); students are refused (403)
    "sharing:notice_create": Expect(MEMBERS, MEMBERS),
    # the companies' notice: company_b is in its audience; the first school's
    # and the first partner's: school_b and partner_b get 404
    "sharing:notice_detail": Expect(
        SEES, NOBODY, **NOTICE, peer_read=frozenset({COMPANY_B}), peer_write=NOBODY
    ),
    # POST only (GET: 405 for whoever passes the route rule, peers too)
    "sharing:notice_ack": Expect(
        SEES, SEES, **NOTICE, peer_read=ALL_PEERS, peer_write=frozenset({COMPANY_B})
    ),
    # the author is the coordinator: readers get 403, outsiders 404
    "sharing:notice_edit": Expect(COORD, COORD, **AUTHOR_ONLY),
    "sharing:notice_delete": Expect(COORD, COORD, **AUTHOR_ONLY),
    "sharing:notice_remind": Expect(
        MEMBERS, COORD, **NOTICE, peer_read=ALL_PEERS, peer_write=NOBODY
    ),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"sharing_notice"}
MARKER_SCHOOL = "NOTICE-시험고-비밀"
MARKER_PARTNER = "NOTICE-상의-비밀"
SECRETS: dict[str, set[str]] = {"school_b": {MARKER_SCHOOL}, "partner_b": {MARKER_PARTNER}}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    coordinator = world.users["coordinator"]

    def post(title: str, audience: dict) -> Any:
        return notices.notice_create(
            actor=coordinator,
            district=world.district,
            title=title,
            body="본문",
            audience=audience,
            requires_ack=True,
        )

    companies = post("기업 대상 공지", {"audience_kinds": [OrgKind.COMPANY]})
    school = post(MARKER_SCHOOL, {"audience_orgs": [orgs["school"]], "audience_roles": ["student"]})
    partner = post(MARKER_PARTNER, {"audience_orgs": [orgs["partner"]]})
    by_org = {"school": school.pk, "partner": partner.pk}
    return {"sharing_notice": lambda org: by_org.get(org, companies.pk)}
