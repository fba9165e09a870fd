"""Access matrix part: calendars (issue 13, point 4).

Product rules (docs/calendars.md), written by hand:

* Everyone who logs in, the ministry included, has a calendar page and keeps
  a private feed address of their own: make or replace it, revoke it (POST;
  a GET there answers 405). Nobody acts on another's address: the routes take
  no id.
* The feed is public: its secret address is the only credential, so anyone
  holding it reads it (and POST answers 405). Whose entries it shows is the
  address's owner's (tests/calendars/test_feed.py).
* A meeting's `.ics` download is open to whoever may open the meeting page:
  the district's members and the ministry; another district's meeting is a
  404 (the cross-district test), students are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mujigae.calendars.services import calendar_feed_create
from tests.core.matrix_expect import EVERYONE, LOGGED_IN, NOBODY, READERS, Expect

EXPECTED: dict[str, Expect] = {
    "calendars:page": Expect(LOGGED_IN, LOGGED_IN),
    "calendars:feed_create": Expect(LOGGED_IN, LOGGED_IN),
    "calendars:feed_revoke": Expect(LOGGED_IN, LOGGED_IN),
    "calendars:feed": Expect(EVERYONE, EVERYONE, obj="calendar_feed"),
    "calendars:meeting_ics": Expect(READERS, NOBODY, obj="meeting"),
}

# The address is the key (like a survey invitation): not a district's object.
SHARED_KINDS: set[str] = {"calendar_feed"}
OWNED_KINDS: set[str] = set()
SECRETS: dict[str, set[str]] = {}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    _feed, raw = calendar_feed_create(user=world.users["coordinator"])
    return {"calendar_feed": lambda org: raw}
