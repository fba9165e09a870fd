"""Access matrix part: the skills-gap analysis (issue 4).

Readers of the district (coordinator, school, company, partner) and the
ministry read the gap page, its drill-down and its export (non-coordinators
see aggregates: small groups hidden, no company rows); only coordinators ask
for a recompute (and read its status fragment); students see none of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import COORD, NOBODY, READERS, Expect

EXPECTED: dict[str, Expect] = {
    "insights:gap": Expect(READERS, NOBODY),
    "insights:gap_unit": Expect(READERS, NOBODY, obj="gap_unit"),
    "insights:gap_export": Expect(READERS, NOBODY),
    "insights:gap_recompute": Expect(COORD, COORD),
}

# Competency units are national (the NCS taxonomy): the same for every district.
SHARED_KINDS: set[str] = {"gap_unit"}
# Figures of the district: nothing here belongs to one organisation.
SECRETS: dict[str, set[str]] = {}
OWNED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    from mujigae.insights.services import gap_recompute
    from tests.insights import factories as g

    unit = g.unit(name="로봇 유지보수")
    sq = g.survey(world.district)
    g.hiring(sq, orgs["company"], year=2026, units=unit.code, headcount=4)
    g.hiring(sq, orgs["company_b"], year=2026, units=unit.code, headcount=2)
    g.cohort(g.programme(world.district, [unit], provider=orgs["school"]), year=2026, enrolled=3)
    gap_recompute()
    return {"gap_unit": lambda org: unit.pk}
