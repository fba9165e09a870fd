"""Access matrix part: passwords, the second factor, idle logout (issue 12).

The code and enrolment steps and the password-reset pages are public (the
person is not logged in yet; a logged-in visitor uses them to step up); one's
own password, second-factor page and keep-alive ping are every role's, the
ministry's too; resetting someone else's second factor is the district
coordinator's, for a person of their own district (another district's: 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import COORD, EVERYONE, LOGGED_IN, Expect

EXPECTED: dict[str, Expect] = {
    "security:verify": Expect(EVERYONE, EVERYONE),
    "security:enrol": Expect(EVERYONE, EVERYONE),
    "security:password_reset": Expect(EVERYONE, EVERYONE),
    "security:password_reset_done": Expect(EVERYONE, EVERYONE),
    # a made-up link: the "this link no longer works" page, for anyone
    "security:password_reset_confirm": Expect(EVERYONE, EVERYONE, obj="reset_link"),
    "security:password_reset_complete": Expect(EVERYONE, EVERYONE),
    "security:password_change": Expect(LOGGED_IN, LOGGED_IN),
    "security:second_factor": Expect(LOGGED_IN, LOGGED_IN),
    "security:keepalive": Expect(LOGGED_IN, LOGGED_IN),
    # the person is the school user of our district (not an organisation's own object:
    # only coordinators may, peers never)
    "security:second_factor_reset": Expect(COORD, COORD, obj="security_person"),
}

# A reset link belongs to no district (the token is the key).
SHARED_KINDS: set[str] = {"reset_link"}
SECRETS: dict[str, set[str]] = {}
OWNED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    person = world.users["school"]
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    return {"reset_link": lambda org: "x", "security_person": lambda org: person.pk}
