"""REST API of survey results (issue 16), read only: /api/surveys/{id}/aggregates.

Route name and who may call it: surveys/access.py ("api:survey_aggregates"),
whoever may open the analysis page. The figures are the analysis page's
(`selectors_analysis.survey_analysis`, the same cache), with its suppression:
for everyone but the survey district's coordinators a group of fewer than
MUJIGAE_SUPPRESS_BELOW companies is null. Aggregates only: no free-text
answer, no company name, no response is ever listed here.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from mujigae.core import policy
from mujigae.core.api_schemas import READ_ERRORS, Id, Text
from mujigae.surveys import selectors_analysis as sa
from mujigae.surveys.models import Survey

survey_aggregates = Router(tags=["survey results"])


class OptionOut(Schema):
    value: str = Field(description="the option's stored value")
    label: str = Field(description="the option as the survey shows it")
    count: int | None = Field(description="companies that chose it (null: suppressed)")
    share: float | None = Field(description="percent of the question's answers, one decimal")


class NumberStats(Schema):
    n: int | None = Field(description="answers counted (null: suppressed)")
    mean: float | None = None
    median: float | None = None
    min: float | None = Field(None, description="the district's coordinators only")
    max: float | None = Field(None, description="the district's coordinators only")


class YearCount(Schema):
    year: int
    count: int | None


class QuestionOut(Schema):
    id: int
    code: str
    text: str
    kind: str = Field(description="the question type (single, multi, scale, number, date …)")
    answered: int | None = Field(description="companies that answered it (null: suppressed)")
    options: list[OptionOut] = Field(description="choice questions: one row per option")
    stats: NumberStats | None = Field(description="number questions")
    years: list[YearCount] = Field(description="date questions: answers per year")


class RollupOut(Schema):
    key: str
    label: str
    headcount: int | None = Field(description="people wanted (null: suppressed)")
    companies: int | None


class HiringOut(Schema):
    total_headcount: int | None
    companies: int | None
    by_unit: list[RollupOut] = Field(description="per competency unit named")
    by_occupation: list[RollupOut]
    by_timing: list[RollupOut]
    by_size: list[RollupOut] = Field(description="per company size")


class AggregatesOut(Schema):
    survey: int = Field(description="id of the survey")
    title: str
    district: int
    year: int = Field(description="the survey year")
    respondents: int | None = Field(description="submitted responses (null: suppressed)")
    threshold: int = Field(description="the fewest companies a shown group may rest on")
    suppressed_groups: bool = Field(
        description="small groups are suppressed for this caller (all but the coordinators)"
    )
    questions: list[QuestionOut]
    hiring: HiringOut | None = Field(
        description="the hiring-demand roll-ups (surveys with a hiring question)"
    )


class AggregateFilters(Schema):
    size: Literal["micro", "small", "medium", "large"] | None = Field(
        None, description="only companies of this size"
    )
    industry: Id | None = Field(None, description="only companies of this industry (id)")
    area: Text | None = Field(None, description="only companies of this area")


def _stats(stats: dict[str, Any]) -> dict[str, Any] | None:
    if not stats:
        return None
    return {k: stats.get(k) for k in ("n", "mean", "median", "min", "max")}


def _question(r: sa.QuestionResult) -> dict[str, Any]:
    q = r.question
    return {
        "id": q.pk,
        "code": q.code,
        "text": q.text,
        "kind": q.kind,
        "answered": r.answered,
        "options": [
            {"value": o.value, "label": str(o.label), "count": o.count, "share": o.pct}
            for o in r.options
        ],
        "stats": _stats(r.stats) if r.kind == "number" else None,
        "years": [{"year": y, "count": c} for y, c in r.years],
    }


def _rollup(rows: list[sa.RollupRow]) -> list[dict[str, Any]]:
    return [
        {"key": r.key, "label": r.label, "headcount": r.headcount, "companies": r.companies}
        for r in rows
    ]


@survey_aggregates.get(
    "/{id}/aggregates",
    response={200: AggregatesOut, **READ_ERRORS},
    url_name="survey_aggregates",
    summary="A survey's aggregate results",
    description=(
        "The analysis page's figures of one survey: per question how many answered, "
        "per option the count and share, number statistics, answers per year for "
        "dates, and the hiring-demand roll-ups. Submitted responses only. Except for "
        "the survey district's coordinators, a group of fewer companies than "
        "`threshold` is null. No individual answer is ever returned."
    ),
)
def aggregates(request: HttpRequest, id: Id, filters: Query[AggregateFilters]):
    user = request.auth
    survey = policy.access(
        user, Survey, id, qs=policy.visible(user, Survey).select_related("district")
    )
    reveal = policy.can_manage(user, survey)
    result = sa.survey_analysis(
        survey=survey,
        reveal=reveal,
        filters=sa.Filters(
            size=filters.size or "", industry=filters.industry, area=filters.area or ""
        ),
    )
    hiring = result.hiring
    return {
        "survey": survey.pk,
        "title": survey.title,
        "district": survey.district_id,
        "year": survey.year,
        "respondents": result.respondents,
        "threshold": sa.threshold(),
        "suppressed_groups": not reveal,
        "questions": [_question(r) for r in result.results],
        "hiring": None
        if hiring is None
        else {
            "total_headcount": hiring.total_headcount,
            "companies": hiring.companies,
            "by_unit": _rollup(hiring.by_unit),
            "by_occupation": _rollup(hiring.by_occupation),
            "by_timing": _rollup(hiring.by_timing),
            "by_size": _rollup(hiring.by_size),
        },
    }
