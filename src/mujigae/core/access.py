"""Access rules of the platform itself: logging in and out, the language switch,
the health check, the audit log, personal API tokens, Django's admin, and the
rows core owns (districts, specialised industries, audit entries, tokens)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.core import policy
from mujigae.core.models import ApiToken, AuditEntry, District, Industry, ScheduleRun
from mujigae.core.policy import (
    ALL_ROLES,
    API_TOKEN_ROLES,
    COORD_AND_MINISTRY,
    MINISTRY,
    PUBLIC,
    Rule,
    rule,
)

policy.register_routes(
    {
        "login": PUBLIC,
        # Not domain writes: everyone, the ministry included, may log out.
        "logout": Rule(read=ALL_ROLES, write=ALL_ROLES),
        "set_language": PUBLIC,
        "healthz": PUBLIC,
        "robots_txt": PUBLIC,
        "core:audit_log": rule(COORD_AND_MINISTRY),
        # personal API tokens: each user their own (the ministry reads the API with
        # one); not students, whom the API serves nothing (policy.API_TOKEN_ROLES)
        "core:tokens": Rule(
            read=API_TOKEN_ROLES, write=API_TOKEN_ROLES, note="each user manages their own"
        ),
        "core:token_revoke": Rule(
            read=API_TOKEN_ROLES, write=API_TOKEN_ROLES, note="own tokens only"
        ),
        # the API's own description
        "api:openapi-json": PUBLIC,
        "api:openapi-view": PUBLIC,
    },
    # Whole namespaces with one rule: Django's admin is for superusers only.
    namespaces={"admin": Rule(superuser_only=True)},
)


def _districts(user: Any, qs: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == MINISTRY:
        return qs
    return qs.filter(pk=user.district_id)


def _tokens(user: Any, qs: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user_id=user.pk)


policy.register_scope(District, _districts)
policy.register_scope(Industry, policy.district_readers())
policy.register_scope(AuditEntry, policy.district_readers(roles=COORD_AND_MINISTRY))
policy.register_scope(ApiToken, _tokens, national=True)


def _nobody(user: Any, qs: QuerySet) -> QuerySet:
    return qs.none()


# the scheduler's own bookkeeping (`mujigae run_schedule`): shown in no page
policy.register_scope(ScheduleRun, _nobody, national=True)
