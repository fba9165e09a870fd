"""Access rules of the partner registry (clause 1): who reads the directory,
who edits organisations and people, and for which organisations a user may act."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.core import policy
from mujigae.core.policy import COORD, COORDINATOR, ORG_ROLES, READERS, rule
from mujigae.partners.models import Organisation, Person

policy.register_routes(
    {
        "partners:directory": rule(READERS),
        "partners:directory_export": rule(READERS),
        "partners:organisation_detail": rule(READERS),
        "partners:organisation_create": rule(COORD, COORD),
        "partners:organisation_edit": rule(COORD, COORD),
        "partners:person_create": rule(COORD, COORD),
        "partners:person_edit": rule(COORD, COORD),
        # API (django-ninja); read = GET, write = POST/PATCH
        "api:organisations": rule(READERS, COORD),
        "api:organisation": rule(READERS, COORD),
    }
)

policy.register_scope(Organisation, policy.district_readers())
policy.register_scope(Person, policy.district_readers())


def actable_organisations(user: Any) -> QuerySet:
    """A district's coordinators act for every organisation of their district
    (they record on behalf of a school or a company); a school, company or
    partner user for its own organisation; students and the ministry for none."""
    qs = Organisation.objects.all()
    role = policy.role_of(user)
    if role == COORDINATOR:
        return policy.in_district(user, qs)
    if role in ORG_ROLES and user.organisation_id:
        return policy.in_district(user, qs).filter(pk=user.organisation_id)
    return qs.none()


policy.register_actable(actable_organisations)
