"""REST API of the evaluation (issue 16), read only: /api/frameworks/,
/api/evaluations/{year}, /api/districts/{id}/evaluation.

Route names and who may call them: reports/access.py ("api:frameworks",
"api:evaluation", "api:district_evaluation"): the district's coordinators and
the ministry. The figures are `reports.evaluation.evaluate` — the one place a
value, a score or a grade is computed — so they equal the report's and the
national view's. A coordinator reads their own district (plus the national
medians); the ministry every district, with a figure made of fewer than
MUJIGAE_SUPPRESS_BELOW people suppressed (`Result.small`: null, `suppressed`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from mujigae.core import policy
from mujigae.core.api_schemas import READ_ERRORS, Id, PageParams, paginate
from mujigae.core.models import District
from mujigae.reports import evaluation
from mujigae.reports.models import Area, Framework, Grade, Indicator

frameworks = Router(tags=["evaluation"])
evaluations = Router(tags=["evaluation"])
district_evaluations = Router(tags=["evaluation"])


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# ==========================================================================
# the framework


class IndicatorOut(Schema):
    id: int
    order: int
    name: str = Field(description="the indicator's name (the ministry's own words)")
    kind: Indicator.Kind = Field(
        description="computed: from mujigae's rows (a measure); entered: by the district"
    )
    measure: str = Field(description="key of the measure that computes it ('' when entered)")
    unit: str = Field(description="percent, count, won or hours")
    unit_label: str = Field(description="the unit in the request's language")
    weight: float = Field(description="points (배점); 0: shown but not scored")
    target: float | None = Field(description="this year's target (null: not scored)")
    higher_is_better: bool
    min_value: float | None = Field(description="smallest value a district may enter")
    max_value: float | None = Field(description="largest value a district may enter")
    evidence_required: bool
    guidance: str = Field(description="what is counted")

    @staticmethod
    def resolve_unit_label(obj: Indicator) -> str:
        return str(obj.get_unit_display())

    @staticmethod
    def resolve_weight(obj: Indicator) -> float:
        return float(obj.weight)

    @staticmethod
    def resolve_target(obj: Indicator) -> float | None:
        return _num(obj.target)

    @staticmethod
    def resolve_min_value(obj: Indicator) -> float | None:
        return _num(obj.min_value)

    @staticmethod
    def resolve_max_value(obj: Indicator) -> float | None:
        return _num(obj.max_value)


class AreaOut(Schema):
    id: int
    order: int
    name: str
    description: str
    narrative_required: bool = Field(description="the report needs a narrative for this area")
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj: Area) -> list[Indicator]:
        return list(obj.indicators.all())  # prefetched, in order


class FrameworkOut(Schema):
    id: int
    year: int = Field(description="the evaluation year")
    title: str
    excellent_min: float = Field(description="the score earning Excellent (우수), at least")
    fair_min: float = Field(description="the score earning Fair (보통), at least; below: Poor")
    notes: str
    areas: list[AreaOut]

    @staticmethod
    def resolve_excellent_min(obj: Framework) -> float:
        return float(obj.excellent_min)

    @staticmethod
    def resolve_fair_min(obj: Framework) -> float:
        return float(obj.fair_min)

    @staticmethod
    def resolve_areas(obj: Framework) -> list[Area]:
        return list(obj.areas.all())  # prefetched, in order


class FrameworkPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[FrameworkOut]


class FrameworkFilters(PageParams):
    year: int | None = Field(None, ge=2000, le=2100, description="only this evaluation year")


def _frameworks():
    indicators = Indicator.objects.order_by("order", "pk")
    areas = Area.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    return Framework.objects.order_by("-year").prefetch_related(Prefetch("areas", queryset=areas))


@frameworks.get(
    "/",
    response={200: FrameworkPage, **READ_ERRORS},
    url_name="frameworks",
    summary="Evaluation frameworks",
    description=(
        "The evaluation framework of each year, newest first: its areas and, under "
        "each, the indicators with their unit, weight (points) and target, and the "
        "score thresholds of the grades. For the districts' coordinators and the ministry."
    ),
)
def framework_list(request: HttpRequest, filters: Query[FrameworkFilters]):
    qs = _frameworks()
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return paginate(qs, filters)


# ==========================================================================
# the evaluation


class YearValue(Schema):
    year: int
    value: float | None


class ResultOut(Schema):
    indicator_id: int
    name: str
    area_id: int
    area: str
    kind: str = Field(description="computed or entered")
    unit: str = Field(description="percent, count, won or hours")
    weight: float
    target: float | None
    higher_is_better: bool
    value: float | None = Field(
        description="the district's value this year (null: no data yet, or suppressed)"
    )
    numerator: int | None = Field(description="for a rate: what is counted (null: suppressed)")
    denominator: int | None = Field(description="for a rate: out of how many")
    last_year: float | None = Field(description="the district's value the year before")
    median: float | None = Field(description="the national median this year (every district)")
    history: list[YearValue] = Field(description="the district's values, last five years")
    median_history: list[YearValue] = Field(description="the national median, last five years")
    achievement: float | None = Field(description="value against the target, 0–1")
    points: float | None = Field(description="points earned (null: not scored, or suppressed)")
    scored: bool = Field(description="the indicator counts in the score (a target and a weight)")
    suppressed: bool = Field(
        description=(
            "the figure rests on fewer people than the ministry may see: value, "
            "numerator, denominator, last year, history, achievement and points are null"
        )
    )
    how: str = Field(description="how the figure is computed (the rows it is made of)")
    note: str


class DistrictEvaluationOut(Schema):
    district: int = Field(description="id of the district")
    district_name: str
    year: int
    score: float | None = Field(description="points earned ÷ weights scored × 100")
    grade: Grade | None = Field(description="the grade the score proposes")
    grade_label: str | None = Field(description="the grade in the request's language")
    missing: list[str] = Field(description="indicators without a value this year")
    results: list[ResultOut]


class MedianOut(Schema):
    indicator_id: int
    name: str
    unit: str
    median: float | None = Field(description="the national median this year")
    median_history: list[YearValue]


class EvaluationOut(Schema):
    year: int
    framework: int = Field(description="id of the year's framework")
    title: str
    medians: list[MedianOut] = Field(description="per indicator, over every district")
    districts: list[DistrictEvaluationOut] = Field(
        description="the districts the caller may read (a coordinator: their own)"
    )


class EvaluationFilters(Schema):
    district: Id | None = Field(None, description="only this district (the ministry)")


class DistrictEvaluationFilters(Schema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="the evaluation year (default: the newest framework)"
    )


def _history(pairs: list[tuple[int, Decimal | None]], hide: bool) -> list[dict[str, Any]]:
    return [{"year": y, "value": None if hide else _num(v)} for y, v in pairs]


def _result(r: evaluation.Result, ministry: bool) -> dict[str, Any]:
    hide = ministry and r.small
    return {
        "indicator_id": r.indicator_id,
        "name": r.name,
        "area_id": r.area_id,
        "area": r.area,
        "kind": r.kind,
        "unit": r.unit,
        "weight": float(r.weight),
        "target": _num(r.target),
        "higher_is_better": r.higher_is_better,
        "value": None if hide else _num(r.value),
        "numerator": None if hide else r.numerator,
        "denominator": None if hide else r.denominator,
        "last_year": None if hide else _num(r.last_year),
        "median": _num(r.median),
        "history": _history(r.history, hide),
        "median_history": _history(r.median_history, False),
        "achievement": None if hide else _num(r.achievement),
        "points": None if hide else _num(r.points),
        "scored": r.scored,
        "suppressed": hide,
        "how": r.how,
        "note": "" if hide else r.note,
    }


def _district(ev: evaluation.DistrictEvaluation, ministry: bool) -> dict[str, Any]:
    return {
        "district": ev.district_id,
        "district_name": ev.district,
        "year": ev.year,
        "score": _num(ev.score),
        "grade": ev.grade,
        "grade_label": str(Grade(ev.grade).label) if ev.grade else None,
        "missing": list(ev.missing),
        "results": [_result(r, ministry) for r in ev.results],
    }


def _readable_districts(user: Any) -> list[int] | None:
    """None: every district (the ministry); else the coordinator's own."""
    if policy.role_of(user) == policy.MINISTRY:
        return None
    return [user.district_id] if user.district_id else []


def _framework(year: int | None) -> Framework:
    qs = Framework.objects.order_by("-year")
    framework = qs.filter(year=year).first() if year is not None else qs.first()
    if framework is None:
        raise Http404
    return framework


def _evaluate(user: Any, framework: Framework, district_id: int | None) -> dict[str, Any]:
    readable = _readable_districts(user)
    if district_id is not None:
        if readable is not None and district_id not in readable:
            raise Http404  # another district's: missing and forbidden look alike
        if not District.objects.filter(pk=district_id).exists():
            raise Http404
        wanted: list[int] | None = [district_id]
    else:
        wanted = readable
    ministry = policy.role_of(user) == policy.MINISTRY
    results = evaluation.evaluate(framework, wanted, max_age=settings.MUJIGAE_EVALUATION_MAX_AGE)
    ordered = sorted(results.values(), key=lambda ev: (ev.district, ev.district_id))
    return {"framework": framework, "ministry": ministry, "districts": ordered}


def _medians(districts: list[evaluation.DistrictEvaluation]) -> list[dict[str, Any]]:
    if not districts:
        return []
    return [
        {
            "indicator_id": r.indicator_id,
            "name": r.name,
            "unit": r.unit,
            "median": _num(r.median),
            "median_history": _history(r.median_history, False),
        }
        for r in districts[0].results
    ]


@evaluations.get(
    "/{year}",
    response={200: EvaluationOut, **READ_ERRORS},
    url_name="evaluation",
    summary="The evaluation of a year",
    description=(
        "Every indicator of the year's framework per district: value, numerator and "
        "denominator, last year, the national median, achievement, points, the score "
        "and the proposed grade, with the national medians. The ministry reads every "
        "district (a figure made of fewer people than the privacy threshold is null "
        "with `suppressed: true`); a district's coordinator reads their own district "
        "and the medians. An unknown year is 404."
    ),
)
def evaluation_of_year(request: HttpRequest, year: int, filters: Query[EvaluationFilters]):
    out = _evaluate(request.auth, _framework(year), filters.district)
    framework = out["framework"]
    districts = out["districts"]
    if not districts:  # the medians only, from any district
        any_district = District.objects.order_by("pk").values_list("pk", flat=True).first()
        sample = (
            evaluation.evaluate(
                framework, [any_district], max_age=settings.MUJIGAE_EVALUATION_MAX_AGE
            )
            if any_district
            else {}
        )
        medians = _medians(list(sample.values()))
    else:
        medians = _medians(districts)
    return {
        "year": framework.year,
        "framework": framework.pk,
        "title": framework.title,
        "medians": medians,
        "districts": [_district(ev, out["ministry"]) for ev in districts],
    }


@district_evaluations.get(
    "/{id}/evaluation",
    response={200: DistrictEvaluationOut, **READ_ERRORS},
    url_name="district_evaluation",
    summary="One district's evaluation",
    description=(
        "One district's evaluation of a year (default: the newest framework): every "
        "indicator's value, last year, national median, points, the score and the "
        "proposed grade. A coordinator may ask for their own district only (another "
        "is 404); the ministry for any (small groups suppressed)."
    ),
)
def district_evaluation(request: HttpRequest, id: Id, filters: Query[DistrictEvaluationFilters]):
    out = _evaluate(request.auth, _framework(filters.year), id)
    if not out["districts"]:
        raise Http404(gettext("Not found."))
    return _district(out["districts"][0], out["ministry"])
