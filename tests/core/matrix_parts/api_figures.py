"""Access matrix part: the read-only REST API of figures (issue 16).

Product rules (docs/api.md "Figures"), written by hand:

* The evaluation (frameworks, a year's evaluation, one district's evaluation):
  the district's coordinators (their own district and the national medians)
  and the ministry (every district); schools, companies, partners and
  students see none of it (403). Another district's evaluation is 404.
* The skills-gap figures: whoever may open the gap page (every reader of the
  district and the ministry), not students.
* A survey's aggregates: whoever may open its analysis page (readers of the
  survey's district and the ministry), not students; no individual answers.
* Everything is read only: every write is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import COORDINATOR, MINISTRY, NOBODY, READERS, Expect, R

COORD_AND_MINISTRY = R({COORDINATOR, MINISTRY})
YEAR = 2026  # a framework shipped by the data migration

EXPECTED: dict[str, Expect] = {
    "api:frameworks": Expect(COORD_AND_MINISTRY, NOBODY),
    "api:evaluation": Expect(COORD_AND_MINISTRY, NOBODY, obj="evaluation_year"),
    # our district: another district's coordinator gets 404
    "api:district_evaluation": Expect(COORD_AND_MINISTRY, NOBODY, obj="evaluation_district"),
    "api:gap": Expect(READERS, NOBODY),
    "api:survey_aggregates": Expect(READERS, NOBODY, obj="survey"),
}

# a year is the same for every district
SHARED_KINDS: set[str] = {"evaluation_year"}
SECRETS: dict[str, set[str]] = {}
OWNED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    return {
        "evaluation_year": lambda org: YEAR,
        "evaluation_district": lambda org: world.district.pk,
    }
