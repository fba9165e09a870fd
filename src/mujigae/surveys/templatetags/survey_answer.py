"""`{% answer_field question values errors as f %}`: what the answer form's
renderer (surveys/answer/_form.html) needs to draw one question."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import template

from mujigae.surveys.answers import MAX_HIRING_ROWS
from mujigae.surveys.models import SCALE_LABELS, Timing

register = template.Library()

EMPTY_ROWS = 3


def _scale_options() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in SCALE_LABELS.items()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 and value == int(value) else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return str(value[0]) if value else ""
    return str(value)


def _row(raw: Any, i: int) -> dict[str, Any]:
    get = raw.get if isinstance(raw, Mapping) else (lambda k, d="": getattr(raw, k, d))
    accepts = get("accepts_trainees", False)
    if isinstance(accepts, str):
        accepts = accepts.lower() in {"1", "true", "on", "yes", "y"}
    return {
        "i": i,
        "occupation": _text(get("occupation", "")),
        "competency_units": _text(get("competency_units", "")),
        "headcount": _text(get("headcount", "")),
        "timing": _text(get("timing", "")),
        "accepts_trainees": bool(accepts),
    }


@register.simple_tag
def answer_field(question: Any, values: Mapping | None, errors: Mapping | None) -> dict:
    code = question.code
    value = (values or {}).get(code)
    field: dict[str, Any] = {
        "code": code,
        "kind": question.kind,
        "error": (errors or {}).get(code, ""),
        "value": "",
        "selected": [],
        "options": [],
        "rows": [],
        "show_if": "",
        "show_values": "[]",
    }
    if question.show_if_question_id:
        field["show_if"] = question.show_if_question.code
        field["show_values"] = json.dumps([str(v) for v in question.show_if_values])
    if question.kind in ("single", "multi", "scale"):
        if question.kind == "scale":
            field["options"] = _scale_options()
        else:
            field["options"] = [(str(o["value"]), o["label"]) for o in question.options]
        chosen = value if isinstance(value, list | tuple) else [value]
        field["selected"] = [str(v) for v in chosen if v not in (None, "")]
    elif question.kind == "hiring":
        existing = list(value) if isinstance(value, list | tuple) else []
        rows = [_row(r, i) for i, r in enumerate(existing)]
        rows += [_row({}, len(rows) + n) for n in range(EMPTY_ROWS)]
        field["rows"] = rows[:MAX_HIRING_ROWS] if len(existing) <= MAX_HIRING_ROWS else rows
        field["timings"] = list(Timing.choices)
        field["max_rows"] = MAX_HIRING_ROWS
    else:
        field["value"] = _text(value)
    return field


@register.filter
def first_input_id(question: Any) -> str:
    """The id of a question's first input (what the error summary links to)."""
    if question.kind in ("single", "multi", "scale"):
        return f"id_{question.code}_0"
    if question.kind == "hiring":
        return f"id_{question.code}-0-occupation"
    return f"id_{question.code}"
