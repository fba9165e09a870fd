"""Access rules of governance (clauses 1 and 7): councils, meetings, decisions,
action items, the MOU and its commitments.

Everyone of the district (and the ministry) reads meetings and the MOU;
coordinators create and edit them. An action item is seen by the coordinators
and by its owner organisation, which updates its status; a commitment is seen
by the district and updated by its own party."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from mujigae.core import policy
from mujigae.core.policy import (
    COORD,
    COORDINATOR,
    DISTRICT_MEMBERS,
    MINISTRY,
    ORG_ROLES,
    READERS,
    rule,
)
from mujigae.governance.models import ActionItem, Agreement, Clause, Commitment, Decision, Meeting

policy.register_routes(
    {
        "governance:meeting_list": rule(READERS),
        "governance:meeting_detail": rule(READERS),
        "governance:meeting_create": rule(COORD, COORD),
        "governance:meeting_edit": rule(COORD, COORD),
        "governance:meeting_minutes": rule(COORD, COORD),
        "governance:decision_add": rule(COORD, COORD),
        "governance:action_create": rule(COORD, COORD),
        "governance:action_list": rule(READERS),
        "governance:action_list_export": rule(READERS),
        "governance:action_detail": rule(READERS),
        "governance:action_update": rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "owner organisation only"
        ),
        "governance:agreement_current": rule(READERS),
        "governance:agreement_detail": rule(READERS),
        "governance:timeline": rule(READERS),
        "governance:commitment_update": rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own organisation only"
        ),
        # API (django-ninja); read = GET, write = POST/PATCH
        "api:meetings": rule(READERS, COORD),
        "api:meeting": rule(READERS, COORD),
        "api:action_items": rule(READERS, COORD),
        "api:action_item": rule(READERS, DISTRICT_MEMBERS, "owner organisation only"),
        "api:commitments": rule(READERS),
        "api:commitment": rule(READERS, DISTRICT_MEMBERS, "own organisation only"),
    }
)


def _action_items(user: Any, qs: QuerySet) -> QuerySet:
    qs = policy.district_scoped(user, qs)
    role = policy.role_of(user)
    if role in (COORDINATOR, MINISTRY):
        return qs
    if role in ORG_ROLES and user.organisation_id:
        return qs.filter(owner_id=user.organisation_id)
    return qs.none()


def _owner_updates(user: Any, item: Model) -> bool:
    return user.role in ORG_ROLES and item.owner_id == user.organisation_id


def _party_updates(user: Any, commitment: Model) -> bool:
    return user.role in ORG_ROLES and commitment.organisation_id == user.organisation_id


policy.register_scope(Meeting, policy.district_readers())
policy.register_scope(Decision, policy.district_readers("meeting__district"))
policy.register_scope(Agreement, policy.district_readers())
policy.register_scope(Clause, policy.district_readers("agreement__district"))
policy.register_scope(Commitment, policy.district_readers())
policy.register_scope(ActionItem, _action_items)
policy.register_change(ActionItem, _owner_updates)
policy.register_change(Commitment, _party_updates)
