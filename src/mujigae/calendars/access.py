"""Access rules of the calendars app (docs/calendars.md).

Everyone who logs in, the ministry included, keeps a calendar page and a
private feed address of their own (not a domain write: like personal API
tokens). The feed itself is public: its secret address is the credential, and
a wrong, revoked or switched-off one answers 404. A meeting's `.ics` download
is open to whoever may open the meeting page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.calendars.models import CalendarFeed
from mujigae.core import log_filters, policy
from mujigae.core.policy import ALL_ROLES, PUBLIC, READERS, Rule, rule

policy.register_routes(
    {
        "calendars:page": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own calendar"),
        "calendars:feed_create": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own feed"),
        "calendars:feed_revoke": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own feed"),
        "calendars:feed": PUBLIC,
        "calendars:meeting_ics": rule(READERS, note="meetings the user may open"),
    }
)


def _own(user: Any, qs: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user_id=user.pk)


policy.register_scope(CalendarFeed, _own, national=True)

# the feed's secret is in its path: never in a log line (core/log_filters.py)
log_filters.mask_secret_path("/calendar/feed/")
