"""Access matrix part: student logins and activation codes (issue 12, point 2).

Product rules (docs/accounts-students.md), written by hand:

* A school makes and re-issues the logins of its own students; the district
  coordinator those of any school of the district. Companies, partners,
  students and the ministry: nothing (the ministry never writes, and reads no
  student rows).
* The list and the "make logins" page of a second school (school_b) show its
  own students only; re-issuing a code for the first school's student is a 404
  for it (another school's student: missing and forbidden look alike).
* The activation page is public (the code is the key; wrong codes are
  throttled). An empty POST answers 422; a made-up code in the e-mail link's
  address only fills in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import COORD, EVERYONE, NOBODY, SCHOOL, Expect

STAFF = COORD | {SCHOOL}
OWN_SCHOOL = {"peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    "accounts:student_accounts": Expect(STAFF, NOBODY),
    # GET: the confirmation with the counts; an empty POST (not confirmed): 422
    "accounts:student_accounts_create": Expect(STAFF, STAFF),
    # the students part's student (our school, with a student login);
    # an empty POST (not confirmed): 422
    "accounts:student_code_reissue": Expect(STAFF, STAFF, obj="student", **OWN_SCHOOL),
    "accounts:student_activate": Expect(EVERYONE, EVERYONE),
    "accounts:student_activate_code": Expect(EVERYONE, EVERYONE, obj="activation_code"),
}

# The code in the address is not a row of any district.
SHARED_KINDS: set[str] = {"activation_code"}
OWNED_KINDS: set[str] = set()
SECRETS: dict[str, set[str]] = {}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    return {"activation_code": lambda org: "2345ABCD6789"}
