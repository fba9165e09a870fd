"""Access matrix part: students and their personal data (issue 5).

Product rules (docs/students.md), written by hand:

* A school sees and edits its own students only; the district coordinator sees
  the district's (masked lists, a logged detail) and alone may export or erase
  one person. Companies, partners and the ministry see no student rows; the
  ministry reads counts (the summary page, with the coordinator).
* A student reads their own record and its access log (`students:me`), nothing else.
* The fixture student belongs to our school, so the coordinator and the school
  persona reach it; the second school (school_b) asks for the same student and
  gets a 404 (another school's student: missing and forbidden look alike). Its
  list and import are its own school's (tests/students).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mujigae.students.models import Consent, Student
from tests.core.matrix_expect import (
    COORD,
    MINISTRY,
    NOBODY,
    SCHOOL,
    SCHOOL_B,
    STUDENT,
    Expect,
    R,
)

STAFF = COORD | {SCHOOL}  # the school and the district coordinator
OWN_SCHOOL = {"peer_read": NOBODY, "peer_write": NOBODY}  # another school's student: 404

EXPECTED: dict[str, Expect] = {
    # POST: a search by name (never in a URL)
    "students:student_list": Expect(STAFF, STAFF),
    # GET asks the reason; POST (an empty one: 422) downloads, one log row per person
    "students:student_list_export": Expect(STAFF, STAFF),
    # an empty POST (no file) answers 400: allowed, nothing saved
    "students:student_import": Expect(STAFF, STAFF),
    "students:import_template": Expect(STAFF, NOBODY),
    # GET without a grant asks for a purpose (200); POST gives it (empty: 422)
    "students:student_detail": Expect(STAFF, STAFF, obj="student", **OWN_SCHOOL),
    "students:student_edit": Expect(STAFF, STAFF, obj="student", **OWN_SCHOOL),
    "students:consent_add": Expect(STAFF, STAFF, obj="student", **OWN_SCHOOL),
    # POST only (GET: 405, whatever the consent)
    "students:consent_withdraw": Expect(
        STAFF, STAFF, obj="consent", peer_read=R({SCHOOL_B}), peer_write=NOBODY
    ),
    "students:access_log": Expect(STAFF, NOBODY, obj="student", **OWN_SCHOOL),
    "students:student_export": Expect(COORD, COORD, obj="student", **OWN_SCHOOL),
    "students:student_erase": Expect(COORD, COORD, obj="student", **OWN_SCHOOL),
    "students:summary": Expect(COORD | {MINISTRY}, NOBODY),
    # POST withdraws one of the student's own consents (empty POST: 400)
    "students:me": Expect(R({STUDENT}), R({STUDENT})),
    # the district's monthly review of the access log: coordinators (an empty POST: 422)
    "students:access_review": Expect(COORD, COORD),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"student", "consent"}
# The first school's student, in full or masked: no other organisation sees them.
_STUDENT = {"홍길동", "홍*동", "010-1234-5678", "010-****-5678"}
SECRETS: dict[str, set[str]] = {"school_b": _STUDENT, "company_b": _STUDENT, "partner_b": _STUDENT}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    student = Student.objects.create(
        district=world.district,
        school=orgs["school"],
        school_year=2025,
        grade=3,
        class_no=1,
        number=1,
        name="홍길동",
        birth_date=dt.date(2008, 3, 5),
        phone="010-1234-5678",
        user=world.users["student"],
    )
    consent = Consent.objects.create(
        student=student, purpose="processing", version="2025-1", given_at=dt.date(2025, 3, 4)
    )
    # Every persona works on our school's student: the others are refused by
    # the route, the other district's coordinator gets a 404.
    return {
        "student": lambda org: student.pk,
        "consent": lambda org: consent.pk,
    }
