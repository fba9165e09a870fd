"""Reads of the ministry's national view: every district side by side for one
year's framework, one indicator across districts, one district over the years.

Every figure comes from `reports.evaluation.evaluate` (the one place a score or
a grade is computed); this module only arranges it, hides what the ministry may
not see (a figure of fewer than MUJIGAE_SUPPRESS_BELOW people: `Result.small`,
and the years of a history in `Result.small_years`) and adds the one query for
the submitted reports. The number of queries does not depend on the districts.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core import numbers, policy
from mujigae.core.models import District
from mujigae.reports import evaluation
from mujigae.reports.evaluation import DistrictEvaluation, Result
from mujigae.reports.models import AnnualReport, Framework, Grade, Indicator

SUPPRESSED = "–"  # a figure of a group too small to show (footnoted)
GRADE_ORDER = {Grade.EXCELLENT: 3, Grade.FAIR: 2, Grade.POOR: 1}
FIXED_SORTS = {
    "district": gettext_lazy("District"),
    "region": gettext_lazy("Region"),
    "score": gettext_lazy("Score"),
    "grade": gettext_lazy("Proposed grade"),
    "submitted": gettext_lazy("Report"),
}


class BadRequest(Exception):
    """A malformed filter: the page answers 400 with this Korean message."""


def format_value(value: Any, unit: str) -> str:
    """A figure as Korean writes it in its unit: 61.2%, 12, 3,000,000원, 120시간."""
    if value is None:
        return numbers.UNDEFINED
    if unit == "percent":
        return numbers.percent(value)
    if unit == "won":
        return numbers.quantity(value, _("won"))
    if unit == "hours":
        return numbers.quantity(value, _("hours"))
    return numbers.quantity(value)


def score_text(score: Decimal | None) -> str:
    return numbers.UNDEFINED if score is None else numbers.quantity(score, places=1)


def grade_label(grade: str | None) -> str:
    return str(Grade(grade).label) if grade else numbers.UNDEFINED


# --------------------------------------------------------------------------
# which year


def frameworks(user: Any) -> list[Framework]:
    return list(policy.visible(user, Framework).order_by("-year"))


def _has_data(evaluations: dict[int, DistrictEvaluation]) -> bool:
    return any(r.value is not None for e in evaluations.values() for r in e.results)


def choose(
    user: Any, year: str | None
) -> tuple[Framework | None, dict[int, DistrictEvaluation], list[Framework]]:
    """The framework of `year` (?year=, as typed) with every district's
    evaluation; without a year the newest framework with any figure (the
    newest when none has one). BadRequest for a year that is no framework's."""
    available = frameworks(user)
    raw = (year or "").strip()
    if raw:
        chosen = next((fw for fw in available if str(fw.year) == raw), None)
        if chosen is None:
            raise BadRequest(_("Choose an evaluation year from the list."))
        return (
            chosen,
            evaluation.evaluate(chosen, max_age=settings.MUJIGAE_EVALUATION_MAX_AGE),
            available,
        )
    first: tuple[Framework | None, dict[int, DistrictEvaluation]] = (None, {})
    for fw in available:
        evaluations = evaluation.evaluate(fw, max_age=settings.MUJIGAE_EVALUATION_MAX_AGE)
        if first[0] is None:
            first = (fw, evaluations)
        if _has_data(evaluations):
            return fw, evaluations, available
    return first[0], first[1], available


# --------------------------------------------------------------------------
# the comparison


@dataclass
class Cell:
    result: Result
    shown: Decimal | None  # the value the ministry may see (None: none, or suppressed)
    text: str
    small: bool
    spark: Any = ""

    @property
    def sort_value(self) -> Decimal | None:
        return self.shown


@dataclass
class Column:
    indicator_id: int
    name: str
    area_id: int
    area: str
    unit: str
    key: str  # the sort key "i<pk>"


@dataclass
class Row:
    district_id: int
    name: str
    region: str
    is_sample: bool
    score: Decimal | None
    grade: str | None
    cells: dict[int, Cell]
    report: AnnualReport | None = None

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)

    @property
    def score_text(self) -> str:
        return score_text(self.score)


@dataclass
class Comparison:
    framework: Framework
    columns: list[Column]
    rows: list[Row]  # after filtering and sorting
    total: int  # districts before filtering
    medians: dict[int, str]  # indicator id -> the national median, formatted
    median_score: Decimal | None
    grade_counts: dict[str, int] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    any_small: bool = False


def _shown_history(result: Result) -> list[Decimal | None]:
    """The last years' values the ministry may see (small groups left out)."""
    hidden = set(result.small_years)
    return [None if y in hidden else v for y, v in result.history]


def cell_for(result: Result, *, spark: bool = True) -> Cell:
    from mujigae.core import charts

    small = result.small
    shown = None if small else result.value
    text = SUPPRESSED if small else format_value(result.value, result.unit)
    cell = Cell(result=result, shown=shown, text=text, small=small)
    if spark and not small:
        history = _shown_history(result)
        years = [y for y, _v in result.history]
        label = _("%(name)s %(first)s–%(last)s") % {
            "name": result.name,
            "first": years[0] if years else "",
            "last": years[-1] if years else "",
        }
        cell.spark = charts.sparkline(
            [None if v is None else float(v) for v in history], label=label
        )
    return cell


def submitted_reports(framework: Framework) -> dict[int, AnnualReport]:
    """The newest submitted version of each district's report of the year: one query."""
    out: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(
        framework=framework,
        district__isnull=False,
        status=AnnualReport.Status.SUBMITTED,
    ).order_by("district_id", "-version"):
        out.setdefault(report.district_id, report)
    return out


def _columns(framework: Framework) -> list[Column]:
    items = (
        Indicator.objects.filter(area__framework=framework)
        .select_related("area")
        .order_by("area__order", "area__pk", "order", "pk")
    )
    return [
        Column(
            indicator_id=i.pk,
            name=i.name,
            area_id=i.area_id,
            area=i.area.name,
            unit=i.unit,
            key=f"i{i.pk}",
        )
        for i in items
    ]


def sort_keys(columns: Iterable[Column]) -> set[str]:
    return set(FIXED_SORTS) | {c.key for c in columns}


def comparison(
    user: Any,
    framework: Framework,
    evaluations: dict[int, DistrictEvaluation],
    *,
    sort: str = "district",
    descending: bool = False,
    grade: str = "",
    region: str = "",
    name: str = "",
    sparklines: bool = True,
) -> Comparison:
    columns = _columns(framework)
    if sort not in sort_keys(columns):
        raise BadRequest(_("Sort by one of the table's columns."))
    if grade and grade not in (*Grade.values, "none"):
        raise BadRequest(_("Choose a grade from the list."))
    districts = {
        d.pk: d for d in policy.visible(user, District).only("pk", "name", "region", "is_sample")
    }
    reports = submitted_reports(framework)
    rows: list[Row] = []
    any_small = False
    for district_id, ev in evaluations.items():
        district = districts.get(district_id)
        if district is None:
            continue
        cells = {r.indicator_id: cell_for(r, spark=sparklines) for r in ev.results}
        any_small = any_small or any(c.small for c in cells.values())
        rows.append(
            Row(
                district_id=district_id,
                name=district.name,
                region=district.region,
                is_sample=district.is_sample,
                score=ev.score,
                grade=ev.grade,
                cells=cells,
                report=reports.get(district_id),
            )
        )
    total = len(rows)
    grade_counts = {g: sum(1 for r in rows if r.grade == g) for g in Grade.values}
    grade_counts["none"] = sum(1 for r in rows if not r.grade)
    regions = sorted({r.region for r in rows if r.region})
    scores = [r.score for r in rows if r.score is not None]
    median_score = evaluation._median(scores) if scores else None
    first = next(iter(evaluations.values()), None)
    medians = {}
    if first is not None:
        medians = {r.indicator_id: format_value(r.median, r.unit) for r in first.results}

    if grade == "none":
        rows = [r for r in rows if not r.grade]
    elif grade:
        rows = [r for r in rows if r.grade == grade]
    if region:
        if region not in regions:
            raise BadRequest(_("Choose a region from the list."))
        rows = [r for r in rows if r.region == region]
    if name.strip():
        needle = name.strip().casefold()
        rows = [r for r in rows if needle in r.name.casefold() or needle in r.region.casefold()]
    rows = sort_rows(rows, sort, descending)
    return Comparison(
        framework=framework,
        columns=columns,
        rows=rows,
        total=total,
        medians=medians,
        median_score=median_score,
        grade_counts=grade_counts,
        regions=regions,
        any_small=any_small,
    )


def _sort_value(row: Row, sort: str) -> Any:
    if sort == "district":
        return row.name
    if sort == "region":
        return row.region or None
    if sort == "score":
        return row.score
    if sort == "grade":
        return GRADE_ORDER.get(row.grade) if row.grade else None
    if sort == "submitted":
        return 1 if row.report else 0
    cell = row.cells.get(int(sort[1:]))
    return cell.sort_value if cell else None


def sort_rows(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    """Sorted by `sort` (numbers as numbers); rows without a value last in
    either direction; ties by the district's name."""
    present = [r for r in rows if _sort_value(r, sort) is not None]
    missing = [r for r in rows if _sort_value(r, sort) is None]
    present.sort(key=lambda r: r.name)
    present.sort(key=lambda r: _sort_value(r, sort), reverse=descending)
    missing.sort(key=lambda r: r.name)
    return present + missing


def median_of(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return evaluation._d(statistics.median(present)) if present else None


def grade_summary(user: Any) -> tuple[Framework | None, list[tuple[str, str, int]]]:
    """For the ministry's home: the newest year with figures and the number of
    districts per proposed grade [(value, label, count)], "none" last."""
    framework, evaluations, _available = choose(user, None)
    if framework is None:
        return None, []
    visible = set(policy.visible(user, District).values_list("pk", flat=True))
    grades = [e.grade for d, e in evaluations.items() if d in visible]
    counts = [(g.value, str(g.label), grades.count(g.value)) for g in Grade]
    counts.append(("none", _("No grade"), sum(1 for g in grades if not g)))
    return framework, counts
