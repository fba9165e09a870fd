"""Access matrix part: graduates' outcomes (issue 5.5).

Product rules (docs/outcomes.md), written by hand:

* Graduate status, hires, further study and follow-ups are personal data: a
  school records them for its own students, the district coordinator for the
  district's. Companies, partners, students and the ministry do not reach them.
* The dashboard: coordinator (district, per school), school (its own) and the
  ministry (district aggregates only); the rows behind a figure: coordinator
  and school only.
* Settlement programmes: the coordinator creates them; the coordinator and the
  provider organisation (a school, company or partner) manage them and their
  participants. Each persona gets the programme its organisation provides.
* A student reads their own outcomes (`outcomes:me`).
* Peers: the second school asks for the first school's graduate, hire and
  follow-up (404: another school's student); each peer asks for the
  settlement programme the first organisation of its role provides (404: not
  its programme).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mujigae.outcomes.models import (
    FollowUp,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.students.models import Student
from tests.core.matrix_expect import (
    ALL_PEERS,
    COORD,
    MEMBERS,
    MINISTRY,
    NOBODY,
    SCHOOL,
    STUDENT,
    Expect,
    R,
)

STAFF = COORD | {SCHOOL}
DASHBOARD = STAFF | {MINISTRY}
NOT_PEERS = {"peer_read": NOBODY, "peer_write": NOBODY}  # another's: 404

EXPECTED: dict[str, Expect] = {
    "outcomes:dashboard": Expect(DASHBOARD, NOBODY),
    "outcomes:dashboard_export": Expect(DASHBOARD, NOBODY),
    # without ?figure=… the page answers 400 with a message: still allowed
    "outcomes:figure_rows": Expect(STAFF, NOBODY),
    "outcomes:graduate_list": Expect(STAFF, NOBODY),
    # an empty POST (no file) answers 400, nothing saved
    "outcomes:graduate_import": Expect(STAFF, STAFF),
    # POST saves the status (empty: 400)
    "outcomes:student_outcomes": Expect(STAFF, STAFF, obj="outcomes_graduate", **NOT_PEERS),
    "outcomes:hire_create": Expect(STAFF, STAFF, obj="outcomes_graduate", **NOT_PEERS),
    "outcomes:study_create": Expect(STAFF, STAFF, obj="outcomes_graduate", **NOT_PEERS),
    "outcomes:hire_edit": Expect(STAFF, STAFF, obj="outcomes_hire", **NOT_PEERS),
    "outcomes:followup_list": Expect(STAFF, NOBODY),
    "outcomes:followup_edit": Expect(STAFF, STAFF, obj="outcomes_follow_up", **NOT_PEERS),
    "outcomes:programme_list": Expect(MEMBERS, NOBODY),
    "outcomes:programme_create": Expect(COORD, COORD),
    "outcomes:programme_detail": Expect(MEMBERS, NOBODY, obj="outcomes_programme", **NOT_PEERS),
    "outcomes:programme_edit": Expect(MEMBERS, MEMBERS, obj="outcomes_programme", **NOT_PEERS),
    # GET goes back to the programme (302); an empty POST answers 400
    "outcomes:participant_add": Expect(MEMBERS, MEMBERS, obj="outcomes_programme", **NOT_PEERS),
    # POST only (GET: 405, whatever the participation)
    "outcomes:participant_remove": Expect(
        MEMBERS, MEMBERS, obj="outcomes_participation", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
    "outcomes:me": Expect(R({STUDENT}), NOBODY),
}

SHARED_KINDS: set[str] = set()
# The first school's graduate, and each settlement programme to other providers.
SECRETS: dict[str, set[str]] = {
    peer: {"김졸업", "김*업", f"정착 지원 {org}"}
    for peer, org in (("school_b", "school"), ("company_b", "company"), ("partner_b", "partner"))
}
OWNED_KINDS: set[str] = {
    "outcomes_graduate",
    "outcomes_hire",
    "outcomes_follow_up",
    "outcomes_programme",
    "outcomes_participation",
}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    graduate = Student.objects.create(
        district=world.district,
        school=orgs["school"],
        school_year=2024,
        grade=3,
        class_no=2,
        number=7,
        name="김졸업",
        birth_date=dt.date(2006, 5, 1),
    )
    GraduateRecord.objects.create(
        district=world.district,
        school=orgs["school"],
        student=graduate,
        graduation_year=2025,
        status="employed",
    )
    hire = Hire.objects.create(
        district=world.district,
        student=graduate,
        company=orgs["company"],
        start_date=dt.date(2025, 3, 2),
        contract_type="permanent",
    )
    follow_up = FollowUp.objects.create(
        district=world.district, hire=hire, months=6, due_on=dt.date(2025, 9, 2)
    )
    programmes = {
        key: SettlementProgramme.objects.create(
            district=world.district,
            name=f"정착 지원 {key}",
            kind="mentoring",
            provider=orgs[key],
            starts_on=dt.date(2025, 1, 1),
        )
        for key in ("office", "school", "company", "partner")
    }
    participations = {
        key: Participation.objects.create(
            programme=p, student=graduate, joined_on=dt.date(2025, 3, 10)
        )
        for key, p in programmes.items()
    }

    def programme(org: str) -> int:
        return programmes.get(org, programmes["office"]).pk

    def participation(org: str) -> int:
        return participations.get(org, participations["office"]).pk

    return {
        "outcomes_graduate": lambda org: graduate.pk,
        "outcomes_hire": lambda org: hire.pk,
        "outcomes_follow_up": lambda org: follow_up.pk,
        "outcomes_programme": programme,
        "outcomes_participation": participation,
    }
