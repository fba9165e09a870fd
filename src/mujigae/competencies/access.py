"""Access rules of the competency map (clauses 2 and 3): the national NCS
taxonomy (every district's members and the ministry read it; district
coordinators import it — there is no national administrator role and the
ministry never writes, see docs/ncs.md), the district's occupations, and the
confirmation of free text → units (the rows say which company wants whom:
coordinators only)."""

from __future__ import annotations

from mujigae.competencies.models import (
    CompetencyElement,
    CompetencyUnit,
    NcsClass,
    NcsImport,
    Occupation,
    UnitTag,
)
from mujigae.core import policy
from mujigae.core.policy import COORD, COORD_AND_MINISTRY, READERS, rule

policy.register_routes(
    {
        "competencies:taxonomy": rule(READERS),
        "competencies:class_detail": rule(READERS),
        "competencies:unit_detail": rule(READERS),
        "competencies:taxonomy_import": rule(COORD, COORD),
        "competencies:map": rule(READERS),
        "competencies:map_export": rule(READERS),
        "competencies:occupation_create": rule(COORD, COORD),
        "competencies:occupation_detail": rule(READERS),
        "competencies:occupation_edit": rule(COORD, COORD),
        "competencies:occupation_delete": rule(COORD, COORD),
        "competencies:occupation_units_add": rule(COORD, COORD),
        "competencies:occupation_unit_remove": rule(COORD, COORD),
        "competencies:queue": rule(COORD),
        "competencies:hiring_confirm": rule(COORD, COORD),
        "competencies:answer_confirm": rule(COORD, COORD),
        "competencies:text_confirm": rule(COORD, COORD),
        "competencies:tag_remove": rule(COORD, COORD),
    }
)

policy.register_scope(NcsClass, policy.national(READERS), national=True)
policy.register_scope(CompetencyUnit, policy.national(READERS), national=True)
policy.register_scope(CompetencyElement, policy.national(READERS), national=True)
policy.register_scope(NcsImport, policy.national(COORD_AND_MINISTRY), national=True)
policy.register_scope(Occupation, policy.district_readers())
policy.register_scope(UnitTag, policy.district_coordinators())
