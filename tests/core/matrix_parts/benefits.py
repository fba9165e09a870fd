"""Access matrix part: company benefits (MOU clause 4, issue 14).

Product rules (docs/benefits.md), written by hand:

* The catalogue (benefits, their conditions) is the district's: every member
  (coordinator, school, company, partner) reads it; the coordinator edits it.
  Students and the ministry do not reach it.
* Who qualifies (every company's verdict) is the coordinator's; a company
  reads its own verdict and evidence (`benefits:evidence` without a company,
  or with its own; another company's answers 404).
* The ledger: the coordinator all of the district's grants, a company its own;
  schools, partners, students and the ministry nothing of it. A company asking
  for another company's grant gets 404 (the peer company_b, here).
* A company applies (the apply page; the coordinator may record a
  company's application); the coordinator approves, rejects, pays,
  withdraws (`benefits:grant_move`).
* The ministry: totals per district and kind only (`benefits:national`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mujigae.benefits.models import Grant
from tests.benefits import helpers as h
from tests.core.matrix_expect import (
    COMPANY,
    COORD,
    MEMBERS,
    MINISTRY,
    NOBODY,
    Expect,
    R,
)

LEDGER = COORD | {COMPANY}
GRANT = {"obj": "benefits_grant", "peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    "benefits:catalogue": Expect(MEMBERS, NOBODY),
    # an empty POST answers 422 (nothing saved)
    "benefits:benefit_create": Expect(COORD, COORD),
    "benefits:benefit_detail": Expect(MEMBERS, NOBODY, obj="benefits_benefit"),
    "benefits:benefit_edit": Expect(COORD, COORD, obj="benefits_benefit"),
    "benefits:benefit_delete": Expect(COORD, COORD, obj="benefits_benefit"),
    "benefits:condition_add": Expect(COORD, COORD, obj="benefits_benefit"),
    "benefits:condition_edit": Expect(COORD, COORD, obj="benefits_condition"),
    "benefits:condition_delete": Expect(COORD, COORD, obj="benefits_condition"),
    "benefits:qualifying": Expect(COORD, NOBODY, obj="benefits_benefit"),
    # a company: its own evidence (the peer gets its own, never the first's);
    # the coordinator without ?company= is sent to the list (302)
    "benefits:evidence": Expect(LEDGER, NOBODY, obj="benefits_benefit"),
    # a company applies for itself, a coordinator records a company's
    # application; an empty POST answers 422
    "benefits:apply": Expect(LEDGER, LEDGER, obj="benefits_benefit"),
    "benefits:ledger": Expect(LEDGER, NOBODY),
    "benefits:grant_detail": Expect(LEDGER, NOBODY, **GRANT),
    "benefits:grant_move": Expect(COORD, COORD, **GRANT),
    "benefits:national": Expect(R({MINISTRY}), NOBODY),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"benefits_grant"}
# the first company's grant: no peer (company, school or partner) ever sees it
MARKER = "GRANT-가나로봇-비밀"
SECRETS: dict[str, set[str]] = {peer: {MARKER} for peer in ("school_b", "company_b", "partner_b")}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    benefit = h.benefit(world.district, name="기업현장교사 수당", conditions=["survey"])
    condition = benefit.conditions.get()
    grant = Grant.objects.create(
        district=world.district,
        benefit=benefit,
        company=orgs["company"],
        year=h.YEAR,
        period=MARKER,
        quantity=10,
        amount=300_000,
    )
    return {
        "benefits_benefit": lambda org: benefit.pk,
        "benefits_condition": lambda org: condition.pk,
        "benefits_grant": lambda org: grant.pk,
    }
