"""How the report writes its figures, the same on the page, in the xlsx and in
the PDF: "61.2%", "25명", "1,234,000원", "자료 없음" for no data, "–" for a
figure suppressed for the ministry (fewer people than MUJIGAE_SUPPRESS_BELOW)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from mujigae.core import numbers
from mujigae.reports.evaluation import DistrictEvaluation, Result
from mujigae.reports.models import Grade, Unit

SUPPRESSED = "–"


def no_data() -> str:
    return _("No data")


def amount(value: Decimal | None, unit: str, *, people: bool = False) -> str:
    """One figure in its unit (None: "자료 없음")."""
    if value is None:
        return no_data()
    if unit == Unit.PERCENT:
        return numbers.percent(value)
    if unit == Unit.WON:
        return numbers.quantity(int(value), "원")
    if unit == Unit.HOURS:
        return numbers.quantity(value, "시간")
    return numbers.quantity(value, "명" if people else "")


def value_text(r: Result, *, suppress: bool = False) -> str:
    if suppress and r.small:
        return SUPPRESSED
    return amount(r.value, r.unit, people=r.people is not None and r.unit == Unit.COUNT)


def ratio_text(r: Result, *, suppress: bool = False) -> str:
    """ "48 / 60명" for a rate with its counts, else ""."""
    if r.numerator is None or r.denominator is None or (suppress and r.small):
        return ""
    return f"{numbers.quantity(r.numerator)} / {numbers.quantity(r.denominator, '명')}"


def target_text(r: Result) -> str:
    return amount(r.target, r.unit) if r.target is not None else "—"


def last_year_text(r: Result) -> str:
    return amount(r.last_year, r.unit)


def median_text(r: Result) -> str:
    return amount(r.median, r.unit)


def points_text(r: Result) -> str:
    if r.points is None:
        return _("not scored")
    return f"{numbers.quantity(r.points)} / {numbers.quantity(r.weight)}"


def grade_label(grade: str | None) -> str:
    if not grade:
        return "—"
    return str(dict(Grade.choices).get(grade, "—"))


def score_text(e: DistrictEvaluation) -> str:
    return numbers.quantity(e.score) if e.score is not None else "—"


def unit_label(unit: str) -> str:
    return str(dict(Unit.choices).get(unit, ""))


def how_text(r: Result) -> str:
    parts = [r.how]
    if r.note:
        parts.append(r.note)
    if r.evidence_note:
        parts.append(_("Evidence: %(note)s") % {"note": r.evidence_note})
    return " ".join(p for p in parts if p)


def chart_series(e: DistrictEvaluation, r: Result) -> tuple[dict[str, list[Any]], str]:
    """{district: [(year, value)], national median: [...]} and the name drawn dashed."""
    national = _("National median")
    return (
        {
            e.district: [(y, None if v is None else float(v)) for y, v in r.history],
            national: [(y, None if v is None else float(v)) for y, v in r.median_history],
        },
        national,
    )


def chart_unit(unit: str) -> str:
    return {"percent": "%", "won": "원", "hours": "시간"}.get(unit, "")


def has_history(r: Result) -> bool:
    """Anything to draw: a value of the district or a national median in the years shown."""
    return any(v is not None for _y, v in r.history) or any(
        v is not None for _y, v in r.median_history
    )
