"""The evaluation: every indicator of a year's framework, for many districts at
once — value, target, last year, the national median, the points it earns and
the grade the total proposes. The one place a score or a grade is computed.

    from mujigae.reports import evaluation

    results = evaluation.evaluate(framework)                 # every district
    mine = evaluation.evaluate(framework, district_ids=[d.pk])[d.pk]
    mine.score, mine.grade, mine.results[0].value, mine.results[0].median

Computed indicators ask their measure (`core.indicators`, declared by the app
owning the rows) for every district and the last `HISTORY` years in one call,
so the number of queries depends on the framework, never on the districts or
the rows. Medians are over every district with a value that year.

Points: an indicator with a target earns weight × achievement, where
achievement = value ÷ target (target ÷ value when lower is better), capped at 1;
no value earns 0 ("자료 없음" is visible in the report). An indicator without a
target or with weight 0 is shown but not scored. Score = points ÷ the weights
scored × 100; the grade from the framework's thresholds.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

from mujigae.core import indicators
from mujigae.core.models import District
from mujigae.reports.models import EnteredValue, Framework, Indicator

HISTORY = 5  # years shown in trends and sparklines (the year and four before)
ONE = Decimal("0.1")


def _d(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(ONE, rounding=ROUND_HALF_UP)


@dataclass
class Result:
    """One indicator for one district and year (JSON-safe through `as_json`)."""

    indicator_id: int
    name: str
    area_id: int
    area: str
    kind: str
    measure: str
    unit: str
    weight: Decimal
    target: Decimal | None
    higher_is_better: bool
    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    people: int | None = None
    note: str = ""
    last_year: Decimal | None = None
    median: Decimal | None = None  # national median of the year
    history: list[tuple[int, Decimal | None]] = field(default_factory=list)
    median_history: list[tuple[int, Decimal | None]] = field(default_factory=list)
    # years of `history` whose figure is made of fewer persons than the ministry
    # may see (the ministry's sparklines and trends leave them out)
    small_years: list[int] = field(default_factory=list)
    achievement: Decimal | None = None  # 0–1
    points: Decimal | None = None  # None: not scored
    how: str = ""
    rows_url: str | None = None
    evidence_note: str = ""
    evidence_document_id: int | None = None

    @property
    def scored(self) -> bool:
        return self.points is not None

    @property
    def small(self) -> bool:
        """Made of fewer persons than the ministry may see (suppressed for it)."""
        return _small(self.people)


@dataclass
class DistrictEvaluation:
    district_id: int
    district: str
    year: int
    results: list[Result]
    score: Decimal | None = None
    grade: str | None = None
    missing: list[str] = field(default_factory=list)  # indicators without a value

    def by_area(self) -> list[tuple[str, list[Result], Decimal, Decimal]]:
        """(area, results, points earned, weight scored) in the framework's order."""
        groups: dict[int, list[Result]] = {}
        names: dict[int, str] = {}
        for r in self.results:
            groups.setdefault(r.area_id, []).append(r)
            names[r.area_id] = r.area
        out = []
        for area_id, results in groups.items():
            earned = sum((r.points for r in results if r.points is not None), Decimal(0))
            weight = sum((r.weight for r in results if r.points is not None), Decimal(0))
            out.append((names[area_id], results, earned, weight))
        return out


def suppress_below() -> int:
    return int(getattr(settings, "MUJIGAE_SUPPRESS_BELOW", 3))


def _small(people: int | None) -> bool:
    return people is not None and 0 < people < suppress_below()


def _achievement(value: Decimal, target: Decimal, higher_is_better: bool) -> Decimal:
    if higher_is_better:
        ratio = value / target if target > 0 else Decimal(1)
    else:
        ratio = target / value if value > 0 else Decimal(1)
    return max(Decimal(0), min(Decimal(1), ratio)).quantize(Decimal("0.001"))


def _median(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return _d(statistics.median(present)) if present else None


def evaluate(
    framework: Framework,
    district_ids: Iterable[int] | None = None,
    *,
    history: int = HISTORY,
    max_age: int = 0,
) -> dict[int, DistrictEvaluation]:
    """Every indicator of `framework` for `district_ids` (default: every
    district), with the national median over all districts. `max_age` > 0:
    measures computed within that many seconds may be reused (pages that
    compare districts; a report always computes afresh)."""
    year = framework.year
    years = list(range(year - history + 1, year + 1))
    all_ids = list(District.objects.order_by("pk").values_list("pk", flat=True))
    wanted = all_ids if district_ids is None else [i for i in district_ids if i in set(all_ids)]
    names = dict(District.objects.filter(pk__in=wanted).values_list("pk", "name"))
    items = list(
        Indicator.objects.filter(area__framework=framework)
        .select_related("area")
        .order_by("area__order", "area__pk", "order", "pk")
    )

    # value[(indicator_id)][(district_id, year)] = Figure-like tuple
    values: dict[int, dict[tuple[int, int], indicators.Figure]] = {}
    with indicators.shared():  # measures of one app share their expensive reads
        for item in items:
            if item.kind == Indicator.Kind.COMPUTED:
                measure = indicators.get(item.measure)
                values[item.pk] = (
                    measure.figures(all_ids, years, max_age=max_age) if measure else {}
                )
    entered = [i for i in items if i.kind == Indicator.Kind.ENTERED]
    evidence: dict[tuple[int, int], EnteredValue] = {}
    if entered:
        # this year's values, and the same-named indicator's values of earlier years
        rows = EnteredValue.objects.filter(
            indicator__name__in=[i.name for i in entered],
            indicator__area__framework__year__in=years,
        ).values_list(
            "indicator__name",
            "indicator__area__framework__year",
            "district_id",
            "value",
            "pk",
        )
        by_name: dict[str, dict[tuple[int, int], indicators.Figure]] = defaultdict(dict)
        for name, y, district_id, value, _pk in rows:
            by_name[name][(district_id, y)] = indicators.Figure(value)
        for item in entered:
            values[item.pk] = by_name.get(item.name, {})
        for ev in EnteredValue.objects.filter(indicator__in=entered, district_id__in=wanted):
            evidence[(ev.indicator_id, ev.district_id)] = ev

    medians: dict[int, dict[int, Decimal | None]] = {}
    for item in items:
        figures = values.get(item.pk, {})
        medians[item.pk] = {
            y: _median(_d(figures[(d, y)].value) for d in all_ids if (d, y) in figures)
            for y in years
        }

    out: dict[int, DistrictEvaluation] = {}
    for district_id in wanted:
        results = []
        for item in items:
            figures = values.get(item.pk, {})
            figure = figures.get((district_id, year))
            measure = indicators.get(item.measure) if item.measure else None
            result = Result(
                indicator_id=item.pk,
                name=item.name,
                area_id=item.area_id,
                area=item.area.name,
                kind=item.kind,
                measure=item.measure,
                unit=item.unit,
                weight=item.weight,
                target=item.target,
                higher_is_better=item.higher_is_better,
                value=_d(figure.value) if figure else None,
                numerator=figure.numerator if figure else None,
                denominator=figure.denominator if figure else None,
                people=figure.people if figure else None,
                note=figure.note if figure else "",
                last_year=_d(figures[(district_id, year - 1)].value)
                if (district_id, year - 1) in figures
                else None,
                median=medians[item.pk][year],
                history=[
                    (
                        y,
                        _d(figures[(district_id, y)].value)
                        if (district_id, y) in figures
                        else None,
                    )
                    for y in years
                ],
                median_history=[(y, medians[item.pk][y]) for y in years],
                small_years=[
                    y
                    for y in years
                    if (district_id, y) in figures and _small(figures[(district_id, y)].people)
                ],
                how=str(measure.how) if measure else item.guidance,
                rows_url=measure.rows_url(district_id, year) if measure else None,
            )
            ev = evidence.get((item.pk, district_id))
            if ev is not None:
                result.evidence_note = ev.note
                result.evidence_document_id = ev.evidence_id
            if item.target is not None and item.weight > 0:
                if result.value is None:
                    result.achievement, result.points = Decimal(0), Decimal(0)
                else:
                    result.achievement = _achievement(
                        result.value, item.target, item.higher_is_better
                    )
                    result.points = _d(item.weight * result.achievement)
            results.append(result)
        evaluation = DistrictEvaluation(
            district_id=district_id, district=names.get(district_id, ""), year=year, results=results
        )
        weight = sum((r.weight for r in results if r.scored), Decimal(0))
        if weight > 0:
            earned = sum((r.points for r in results if r.points is not None), Decimal(0))
            evaluation.score = _d(earned / weight * 100)
            evaluation.grade = framework.grade_for(evaluation.score)
        evaluation.missing = [r.name for r in results if r.value is None]
        out[district_id] = evaluation
    return out


# --------------------------------------------------------------------------
# the snapshot stored on an annual report (AnnualReport.figures)


def as_json(evaluation: DistrictEvaluation) -> dict[str, Any]:
    """JSON-safe (Decimals as strings): what a report freezes."""

    def clean(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    return clean(asdict(evaluation))


def from_json(data: dict[str, Any]) -> DistrictEvaluation:
    decimals = {"weight", "target", "value", "last_year", "median", "achievement", "points"}

    def result(row: dict[str, Any]) -> Result:
        row = dict(row)
        for key in decimals:
            row[key] = None if row.get(key) is None else Decimal(row[key])
        for key in ("history", "median_history"):
            row[key] = [(y, None if v is None else Decimal(v)) for y, v in row.get(key, [])]
        return Result(**row)

    return DistrictEvaluation(
        district_id=data["district_id"],
        district=data["district"],
        year=data["year"],
        results=[result(r) for r in data["results"]],
        score=None if data.get("score") is None else Decimal(data["score"]),
        grade=data.get("grade"),
        missing=list(data.get("missing", [])),
    )
