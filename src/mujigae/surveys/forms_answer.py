"""The answer form's POST turned into the checker's `data` (code -> raw value),
and a saved response read back into `values` (code -> parsed value)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.http import QueryDict

from mujigae.surveys.answers import HiringRow, QuestionSpec
from mujigae.surveys.models import Answer, HiringDemand, Response

HIRING_FIELDS = ("occupation", "competency_units", "headcount", "timing", "accepts_trainees")
IGNORED = frozenset({"csrfmiddlewaretoken"})
# <code>-<row>-<field>, e.g. hiring-0-occupation (codes are slugs and may hold "-")
_ROW = re.compile(r"^(?P<code>[-\w]+?)-(?P<i>\d{1,3})-(?P<field>[a-z_]+)$")
MAX_FIELDS = 2000
MAX_BYTES = 1_000_000


def data_from_post(post: QueryDict, questions: Sequence[QuestionSpec]) -> dict[str, Any]:
    """Every posted name lands in `data`: names that are no question of this
    survey are kept as they are, so the checker reports them (a tampered form)."""
    kinds = {q.code: q.kind for q in questions}
    data: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, str]]] = {}
    for name in post:
        if name in IGNORED:
            continue
        kind = kinds.get(name)
        if kind is not None and kind != "hiring":
            data[name] = post.getlist(name) if kind == "multi" else post.get(name)
            continue
        m = _ROW.match(name)
        if m and kinds.get(m["code"]) == "hiring" and m["field"] in HIRING_FIELDS:
            rows.setdefault(m["code"], {}).setdefault(int(m["i"]), {})[m["field"]] = post.get(
                name, ""
            )
            continue
        data[name] = post.get(name)
    for code, by_index in rows.items():
        data[code] = [by_index[i] for i in sorted(by_index)]
    return data


def saved_values(response: Response | None) -> dict[str, Any]:
    """The stored answers of a response (a draft to resume), as the checker parses them."""
    if response is None:
        return {}
    values: dict[str, Any] = {}
    for a in Answer.objects.filter(response=response).select_related("question"):
        kind = a.question.kind
        if kind in ("single", "scale"):
            values[a.question.code] = a.choice or None
        elif kind == "multi":
            values[a.question.code] = list(a.choices or [])
        elif kind == "number":
            values[a.question.code] = a.number
        elif kind in ("short_text", "long_text"):
            values[a.question.code] = a.text
        elif kind == "date":
            values[a.question.code] = a.date
    hiring = HiringDemand.objects.filter(response=response).select_related("question")
    for row in hiring.order_by("pk"):
        values.setdefault(row.question.code, []).append(
            HiringRow(
                occupation=row.occupation,
                competency_units=row.competency_units,
                headcount=row.headcount,
                timing=row.timing,
                accepts_trainees=row.accepts_trainees,
            )
        )
    return values
