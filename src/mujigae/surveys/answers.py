"""Parse and check a company's answers against the survey's questions.

Plain data in, plain data out (no database): the same rules run for a draft
(types and ranges only) and for the final submission (also required questions,
honouring skip logic)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mujigae.core.forms import parse_day
from mujigae.core.text import clean_data

MAX_TEXT = 5000
MAX_SHORT_TEXT = 300
MAX_HIRING_ROWS = 30
MAX_HEADCOUNT = 10000
TIMINGS = ("this_year", "next_year", "in_two_years")
SCALE_VALUES = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class QuestionSpec:
    """What the checker needs to know about one question."""

    id: int
    code: str
    kind: str
    text: str
    required: bool = False
    options: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    show_if_code: str | None = None
    show_if_values: tuple[str, ...] = ()


@dataclass
class HiringRow:
    occupation: str
    competency_units: str
    headcount: int
    timing: str
    accepts_trainees: bool


@dataclass
class Checked:
    values: dict[str, Any] = field(default_factory=dict)  # code -> parsed value (None = blank)
    errors: dict[str, str] = field(default_factory=dict)  # code -> message

    @property
    def ok(self) -> bool:
        return not self.errors


def _blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple):
        return all(_blank(r) for r in raw)
    return False


def _one(raw: Any) -> str:
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return "" if raw is None else str(raw).strip()


def _clean_text(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(_("Write at most %(limit)s characters.") % {"limit": f"{limit:,}"})
    return value


def _number(q: QuestionSpec, raw: Any) -> float:
    text = _one(raw).replace(",", "")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(_("Enter a number.")) from None
    if not math.isfinite(value):
        raise ValueError(_("Enter a number."))
    if q.min_value is not None and value < q.min_value:
        raise ValueError(_("Enter a number of at least %(min)s.") % {"min": f"{q.min_value:g}"})
    if q.max_value is not None and value > q.max_value:
        raise ValueError(_("Enter a number of at most %(max)s.") % {"max": f"{q.max_value:g}"})
    return value


def _date(raw: Any) -> dt.date:
    """A date written as the forms of every page read it (2025-08-08,
    2025. 8. 8., 2025/8/8, 20250808, 2025년 8월 8일); 2025-02-30 is no date."""
    text = _one(raw)
    try:
        value = parse_day(text)
    except ValueError:
        value = None
    if value is None or not (1900 <= value.year <= 2100):
        raise ValueError(
            _("The date is not valid (%(value)s). Write a real date, for example 2025-08-08.")
            % {"value": text}
        )
    return value


def parse_hiring(raw: Any) -> list[HiringRow]:
    """`raw`: a list of dicts (occupation, competency_units, headcount, timing,
    accepts_trainees). Fully blank rows are dropped."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list | tuple):
        raise ValueError(_("The hiring table could not be read."))
    if len(raw) > MAX_HIRING_ROWS:
        raise ValueError(_("Enter at most %(n)s rows.") % {"n": MAX_HIRING_ROWS})
    rows = []
    for i, row in enumerate(raw, start=1):
        if not isinstance(row, Mapping):
            raise ValueError(_("The hiring table could not be read."))
        occupation = _one(row.get("occupation"))
        headcount_raw = _one(row.get("headcount"))
        units = _one(row.get("competency_units"))
        timing = _one(row.get("timing"))
        if not occupation and not headcount_raw and not units:
            continue
        if not occupation:
            raise ValueError(_("Row %(row)s: enter the occupation.") % {"row": i})
        try:
            headcount = int(headcount_raw.replace(",", ""))
        except ValueError:
            raise ValueError(
                _("Row %(row)s: enter the headcount as a whole number.") % {"row": i}
            ) from None
        if not 1 <= headcount <= MAX_HEADCOUNT:
            raise ValueError(
                _("Row %(row)s: the headcount must be between 1 and %(max)s.")
                % {"row": i, "max": f"{MAX_HEADCOUNT:,}"}
            )
        if timing not in TIMINGS:
            raise ValueError(_("Row %(row)s: choose when you would hire.") % {"row": i})
        accepts = _one(row.get("accepts_trainees")).lower() in {"1", "true", "on", "yes", "y"}
        rows.append(
            HiringRow(
                occupation=_clean_text(occupation, 200),
                competency_units=_clean_text(units, 500),
                headcount=headcount,
                timing=timing,
                accepts_trainees=accepts,
            )
        )
    return rows


def parse_value(q: QuestionSpec, raw: Any) -> Any:
    """The parsed value of one answer, None when blank; ValueError with a Korean message.
    Control characters are removed and CRLF becomes LF first (docs/input.md), as
    at every edge: an answer never reaches the database or an export with them."""
    raw = clean_data(raw)
    if q.kind == "hiring":
        rows = parse_hiring(raw)
        return rows or None
    if _blank(raw):
        return None
    if q.kind in ("single", "scale"):
        value = _one(raw)
        allowed = SCALE_VALUES if q.kind == "scale" else q.options
        if value not in allowed:
            raise ValueError(_("Choose one of the options."))
        return value
    if q.kind == "multi":
        values = [
            str(v).strip()
            for v in (raw if isinstance(raw, list | tuple) else [raw])
            if str(v).strip()
        ]
        if any(v not in q.options for v in values):
            raise ValueError(_("Choose from the options listed."))
        return sorted(set(values), key=q.options.index)
    if q.kind == "number":
        return _number(q, raw)
    if q.kind == "short_text":
        return _clean_text(_one(raw), MAX_SHORT_TEXT)
    if q.kind == "long_text":
        return _clean_text(_one(raw), MAX_TEXT)
    if q.kind == "date":
        return _date(raw)
    raise ValueError(_("Unknown question type."))


def is_shown(q: QuestionSpec, values: Mapping[str, Any]) -> bool:
    """Skip logic: a question with a condition is shown only when the earlier
    answer matches one of the listed values."""
    if not q.show_if_code:
        return True
    answer = values.get(q.show_if_code)
    if answer is None:
        return False
    answers = answer if isinstance(answer, list) else [answer]
    return any(str(a) in q.show_if_values for a in answers)


def check(questions: Sequence[QuestionSpec], data: Mapping[str, Any], *, final: bool) -> Checked:
    """Parse every question's raw answer from `data` (code -> raw). Unknown codes
    are an error (a tampered form). With `final`, required questions that are
    shown must be answered; answers to hidden questions are dropped."""
    result = Checked()
    known = {q.code for q in questions}
    for code in data:
        if code not in known:
            result.errors[code] = _("This question is not in the survey.")
    for q in questions:
        try:
            result.values[q.code] = parse_value(q, data.get(q.code))
        except ValueError as exc:
            result.errors[q.code] = str(exc)
            result.values[q.code] = None
    for q in questions:  # in order, so a condition sees the earlier answers
        if not is_shown(q, result.values):
            result.values[q.code] = None
            result.errors.pop(q.code, None)
        elif final and q.required and result.values[q.code] is None and q.code not in result.errors:
            result.errors[q.code] = _("This question must be answered.")
    return result
