"""Access matrix part: the policy pages (issue 12, point 11).

Product rules (docs/legal.md), written by hand:

* The privacy policy (the district's current version, any earlier one), the
  terms of use and the contact page are public: anyone reads them, logged in or
  not (PIPA art. 30: a controller publishes its policy). They take no POST
  (405: the policy let the request through).
* Only the district coordinator edits their own district's privacy policy (each
  save a new version) and contact; the page has no district in its URL, so
  another district's coordinator edits their own (tests/legal). An empty POST
  answers 422: allowed, nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mujigae.legal import defaults
from mujigae.legal.models import PrivacyPolicy
from tests.core.matrix_expect import COORD, EVERYONE, Expect

EXPECTED: dict[str, Expect] = {
    "legal:privacy": Expect(EVERYONE, EVERYONE),
    "legal:privacy_district": Expect(EVERYONE, EVERYONE, obj="legal_district"),
    "legal:privacy_version": Expect(EVERYONE, EVERYONE, obj="privacy_version"),
    "legal:privacy_edit": Expect(COORD, COORD),
    "legal:terms": Expect(EVERYONE, EVERYONE),
    "legal:contact": Expect(EVERYONE, EVERYONE),
    "legal:contact_district": Expect(EVERYONE, EVERYONE, obj="legal_district"),
    "legal:contact_edit": Expect(COORD, COORD),
}

# Published documents: every district's readable by anyone (no 404 across districts).
SHARED_KINDS: set[str] = {"legal_district", "privacy_version"}
OWNED_KINDS: set[str] = set()
SECRETS: dict[str, set[str]] = {}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    texts = {
        name: value
        for name, value in defaults.default_policy(world.district).items()
        if not name.startswith("officer_")
    }
    published = PrivacyPolicy.objects.create(
        district=world.district,
        version=1,
        effective_date=dt.date(2025, 3, 1),
        officer_name="김보호",
        officer_position="행정지원국장",
        officer_phone="031-000-0000",
        **texts,
    )
    return {
        "legal_district": lambda org: world.district.code,
        "privacy_version": lambda org: published.pk,
    }
