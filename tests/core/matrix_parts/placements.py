"""Access matrix part: placements (issue 5, point 2).

Product rules (docs/placements.md), written by hand:

* A company posts, edits, closes and reopens its own slots ("My slots") and
  reads its own eligibility; it records standard agreements for itself.
* The district coordinator sees every slot of the district (and exports them),
  every agreement and authorisation, and alone sets company eligibility.
* A school and a student read the district's open slots; a school records
  agreements where it is the school, night/holiday authorisations of its own
  students and checks one of its students against a slot.
* Partners and the ministry see none of it.
* The fixture slot belongs to "company" (open): every persona reaches what its
  role allows; the other district's coordinator gets a 404 on all of them.
* Peers: the second school reads the company's open slot like the first one
  (the district's open slots); the second company does not see another
  company's slot at all (a company sees its own slots only: 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from mujigae.placements.models import Slot
from tests.core.matrix_expect import (
    COMPANY,
    COMPANY_B,
    COORD,
    NOBODY,
    SCHOOL,
    SCHOOL_B,
    STUDENT,
    Expect,
    R,
)

SLOT_READERS = COORD | {SCHOOL, COMPANY, STUDENT}
SLOT_WRITERS = COORD | {COMPANY}
AGREEMENT_PARTIES = COORD | {SCHOOL, COMPANY}
STAFF = COORD | {SCHOOL}

EXPECTED: dict[str, Expect] = {
    "placements:slot_list": Expect(SLOT_READERS, NOBODY),
    "placements:slot_export": Expect(COORD, NOBODY),
    # an empty POST is a bad form: 400, nothing saved; always for the own company
    "placements:slot_create": Expect(R({COMPANY}), R({COMPANY})),
    "placements:slot_detail": Expect(
        SLOT_READERS, NOBODY, obj="slot", peer_read=R({SCHOOL_B}), peer_write=NOBODY
    ),
    "placements:slot_edit": Expect(
        SLOT_WRITERS, SLOT_WRITERS, obj="slot", peer_read=NOBODY, peer_write=NOBODY
    ),
    # POST only (GET: 405, whatever the slot); an empty POST answers 400
    "placements:slot_status": Expect(
        SLOT_WRITERS, SLOT_WRITERS, obj="slot", peer_read=R({COMPANY_B}), peer_write=NOBODY
    ),
    "placements:agreement_list": Expect(AGREEMENT_PARTIES, NOBODY),
    "placements:agreement_create": Expect(AGREEMENT_PARTIES, AGREEMENT_PARTIES),
    "placements:eligibility_list": Expect(COORD | {COMPANY}, NOBODY),
    "placements:eligibility_edit": Expect(
        COORD, COORD, obj="placement_company", peer_read=NOBODY, peer_write=NOBODY
    ),
    "placements:exception_list": Expect(STAFF, NOBODY),
    "placements:exception_create": Expect(STAFF, STAFF),
    "placements:pair_check": Expect(STAFF, NOBODY),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"slot", "placement_company"}
# The company's slot is open: schools read it, another company does not.
SECRETS: dict[str, set[str]] = {"company_b": {"로봇 정비 현장실습"}}


def _slot(company: Any, title: str) -> Slot:
    return Slot.objects.create(
        district=company.district,
        company=company,
        kind="field_training",
        title=title,
        daily_hours=Decimal(7),
        weekly_hours=Decimal(35),
        start_time=dt.time(9, 0),
        end_time=dt.time(17, 0),
        capacity=2,
    )


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    ours = _slot(orgs["company"], "로봇 정비 현장실습")
    theirs = _slot(orgs["company_b"], "비전 검사 현장실습")
    far = _slot(orgs["other_company"], "타지구 현장실습")
    slots = {"company_b": theirs, "other_company": far}
    return {
        "slot": lambda org: slots.get(org, ours).pk,
        "placement_company": lambda org: orgs["company"].pk,
    }
