"""Access rules of the policy pages (docs/legal.md).

The privacy policy, the terms and the contact page are public (PIPA art. 30: a
controller publishes its privacy policy; a visitor answering a survey by link,
or about to log in, reads them without an account). The district coordinator
alone edits their district's privacy policy (each save a new version) and
contact; `policy.can_change` already gives a district's rows to its coordinators."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.core import policy
from mujigae.core.policy import COORD, PUBLIC, rule
from mujigae.legal.models import Contact, PrivacyPolicy

policy.register_routes(
    {
        "legal:privacy": PUBLIC,
        "legal:privacy_district": PUBLIC,
        "legal:privacy_version": PUBLIC,
        "legal:privacy_edit": rule(COORD, COORD, "own district; each save a new version"),
        "legal:terms": PUBLIC,
        "legal:contact": PUBLIC,
        "legal:contact_district": PUBLIC,
        "legal:contact_edit": rule(COORD, COORD, "own district"),
    }
)


def _published(user: Any, qs: QuerySet) -> QuerySet:
    """Published documents: every district's, to anyone."""
    return qs


policy.register_scope(PrivacyPolicy, _published)
policy.register_scope(Contact, _published)
