"""Access matrix part: notifications (issue 13, point 2).

Product rules (docs/notifications.md), written by hand:

* Every logged-in person, the ministry and students included, reads their own
  notifications, marks them read (POST, the id in the form: an empty POST is
  422), opens one, and sets what reaches them by e-mail or text message. These
  are not domain writes: the ministry may make them too. Anonymous visitors go
  to the login page.
* A person's notifications are theirs alone: a second company never sees the
  first company's notification (SECRETS); another's id is a 404
  (tests/notifications/test_pages.py).
* The failed deliveries of the district's people, and "retry now": the district
  coordinator only (an empty POST is 422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mujigae.notifications.models import Notification
from tests.core.matrix_expect import COMPANY_B, COORD, LOGGED_IN, PARTNER_B, SCHOOL_B, Expect

EXPECTED: dict[str, Expect] = {
    "notifications:list": Expect(LOGGED_IN, LOGGED_IN),  # POST: 405
    "notifications:read": Expect(LOGGED_IN, LOGGED_IN),  # GET: 405
    "notifications:open": Expect(LOGGED_IN, LOGGED_IN),  # GET: 405
    "notifications:preferences": Expect(LOGGED_IN, LOGGED_IN),
    "notifications:deliveries": Expect(COORD, COORD),  # POST: 405
    "notifications:delivery_retry": Expect(COORD, COORD),  # GET: 405
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = set()
SECRETS: dict[str, set[str]] = {
    SCHOOL_B: {"[NOTE-school]"},
    COMPANY_B: {"[NOTE-company]"},
    PARTNER_B: {"[NOTE-partner]"},
}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    for role in ("school", "company", "partner"):
        Notification.objects.create(
            recipient=world.users[role],
            key=f"matrix:{role}",
            kind="tests.matrix",
            title=f"[NOTE-{role}]",
            url="/",
        )
    return {}
