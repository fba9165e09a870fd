"""Access rules of the notifications pages (docs/notifications.md).

Every logged-in person, the ministry and students included, reads their own
notifications, marks them read and sets their own preferences: these are not
domain writes, so the ministry may make them too (like its API tokens). Each
person's rows are theirs alone: another's notification is a 404. The district
coordinator sees the failed and given-up deliveries of their district's people
(by username only) and retries them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.core import policy
from mujigae.core.policy import ALL_ROLES, COORD, COORDINATOR, Rule, rule
from mujigae.notifications import jobs  # noqa: F401 - registers the scheduler's jobs
from mujigae.notifications.models import Delivery, DigestRun, Notification, Preference, Profile

OWN = Rule(read=ALL_ROLES, write=ALL_ROLES, note="each person their own")

policy.register_routes(
    {
        "notifications:list": OWN,
        "notifications:read": OWN,
        "notifications:open": OWN,
        "notifications:preferences": OWN,
        "notifications:deliveries": rule(COORD, COORD, "own district's people"),
        "notifications:delivery_retry": rule(COORD, COORD, "own district's people"),
    }
)


def _own(path: str):
    def scope(user: Any, qs: QuerySet) -> QuerySet:
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        return qs.filter(**{path: user.pk})

    return scope


def _district_deliveries(user: Any, qs: QuerySet) -> QuerySet:
    if policy.role_of(user) != COORDINATOR:
        return qs.none()
    return policy.in_district(user, qs, "notification__recipient__district")


policy.register_scope(Notification, _own("recipient_id"), national=True)
policy.register_scope(Preference, _own("user_id"), national=True)
policy.register_scope(Profile, _own("user_id"), national=True)
policy.register_scope(DigestRun, _own("user_id"), national=True)
policy.register_scope(Delivery, _district_deliveries, national=True)
