"""Access matrix part: the competency taxonomy and district maps (issue 4).

Product rules: the NCS taxonomy is national reference data, read by every
district member and the ministry (not students); coordinators import it (the
ministry never writes). A district's competency map is read by its members
and the ministry and written by its coordinators. Confirming units for free
text works on raw survey rows (which company wants whom): coordinators only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import COORD, NOBODY, READERS, Expect

EXPECTED: dict[str, Expect] = {
    "competencies:taxonomy": Expect(READERS, frozenset()),
    "competencies:class_detail": Expect(READERS, frozenset(), obj="ncs_class"),
    "competencies:unit_detail": Expect(READERS, frozenset(), obj="unit"),
    "competencies:taxonomy_import": Expect(COORD, COORD),
    "competencies:map": Expect(READERS, frozenset()),
    "competencies:map_export": Expect(READERS, frozenset()),
    "competencies:occupation_create": Expect(COORD, COORD),
    "competencies:occupation_detail": Expect(READERS, frozenset(), obj="occupation"),
    "competencies:occupation_edit": Expect(COORD, COORD, obj="occupation"),
    "competencies:occupation_delete": Expect(COORD, COORD, obj="occupation"),
    "competencies:occupation_units_add": Expect(COORD, COORD, obj="occupation"),
    "competencies:occupation_unit_remove": Expect(COORD, COORD, obj="occupation"),
    "competencies:queue": Expect(COORD, frozenset()),
    # a company's survey rows (who wants whom): coordinators only, never a peer
    "competencies:hiring_confirm": Expect(
        COORD, COORD, obj="hiring", peer_read=NOBODY, peer_write=NOBODY
    ),
    "competencies:answer_confirm": Expect(
        COORD, COORD, obj="answer", peer_read=NOBODY, peer_write=NOBODY
    ),
    "competencies:text_confirm": Expect(COORD, COORD),
    "competencies:tag_remove": Expect(COORD, COORD, obj="tag", peer_read=NOBODY, peer_write=NOBODY),
}

SHARED_KINDS: set[str] = {"ncs_class", "unit"}
# The taxonomy and the district's map belong to nobody in particular; survey
# rows and their tags belong to the answering company.
SECRETS: dict[str, set[str]] = {}
OWNED_KINDS: set[str] = {"hiring", "answer", "tag"}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    from tests.competencies import factories as cf

    d = world.district
    unit = cf.unit()
    occ = cf.occupation(d, units=[unit])
    resp = cf.response(d, orgs["company"])
    row = cf.hiring_row(resp, units="로봇 정비")
    answer = cf.text_answer(resp)
    # several tags: the matrix deletes one per allowed write
    tags = [
        cf.tag(d, cf.unit(f"19030601{n:02d}_17v1", f"단위 {n}"), source_id=row.pk)
        for n in range(2, 12)
    ]
    left = list(tags)

    def tag_pk(org: str) -> int:
        # a fresh tag for each request (the coordinator's POST deletes it)
        from mujigae.competencies.models import UnitTag

        for t in left:
            if UnitTag.objects.filter(pk=t.pk).exists():
                return t.pk
        return tags[-1].pk

    return {
        "ncs_class": lambda org: unit.job_id,
        "unit": lambda org: unit.pk,
        "occupation": lambda org: occ.pk,
        "hiring": lambda org: row.pk,
        "answer": lambda org: answer.pk,
        "tag": tag_pk,
    }
