"""REST API of the skills gap (issue 16), read only: /api/gap/.

Route name and who may call it: insights/access.py ("api:gap"), whoever may
open the gap page. The figures come through the gap page's own selectors
(`selectors.scope_for`, `selectors.export_rows`): the stored figures of the
viewer's district (the ministry: a district it picks, or the national roll-up),
with the page's small-group rule — for everyone but the district's
coordinators a demand resting on fewer than MUJIGAE_SUPPRESS_BELOW companies
is null (with its gap, coverage, LQ and companies) and `suppressed` is true.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from mujigae.core import policy
from mujigae.core.api_schemas import READ_ERRORS, Id, PageParams, local
from mujigae.core.models import District
from mujigae.insights import selectors
from mujigae.surveys.selectors_analysis import threshold

gap = Router(tags=["skills gap"])


class GapUnitOut(Schema):
    unit: int = Field(description="id of the competency unit (NCS 능력단위)")
    unit_code: str = Field(description="the unit's NCS code")
    unit_name: str
    year: int = Field(description="the year the people are wanted or complete training")
    demand: int | None = Field(
        description="people wanted by the district's companies (null: suppressed)"
    )
    supply: int = Field(description="expected completers of the cohorts covering the unit")
    gap: int | None = Field(description="demand − supply: positive is a shortage")
    coverage: float | None = Field(
        description="supply ÷ demand as a ratio (1.0 = demand fully covered; null: no demand)"
    )
    lq: float | None = Field(
        description="location quotient of the demand against the national share"
    )
    companies: int | None = Field(description="companies behind the demand")
    hiring_rows: int = Field(description="survey hiring rows behind the demand")
    cohorts: int = Field(description="cohorts behind the supply")
    suppressed: bool = Field(
        description="fewer companies than the privacy threshold: demand-side figures are null"
    )


class GapOut(Schema):
    district: int | None = Field(description="id of the district (null: the national roll-up)")
    district_name: str | None
    year: int | None = Field(description="the year asked for (null: every year)")
    years: list[int] = Field(description="the years with figures for this district")
    threshold: int = Field(description="the fewest companies a shown demand may rest on")
    computed_at: dt.datetime | None = Field(description="when the figures were last computed")
    count: int
    page: int
    page_size: int
    results: list[GapUnitOut]


class GapFilters(PageParams):
    district: Id | None = Field(
        None,
        description=(
            "the district (the ministry; without it the national roll-up). Others read "
            "their own district; another district is 404."
        ),
    )
    year: int | None = Field(None, ge=2000, le=2100, description="only this year")
    only_demand: bool = Field(
        False, description="only units with demand (as the gap page's default filter)"
    )


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _scope(user: Any, district_id: int | None) -> selectors.Scope:
    if district_id is not None:
        if not policy.visible(user, District).filter(pk=district_id).exists():
            raise Http404
        if policy.role_of(user) != policy.MINISTRY and district_id != user.district_id:
            raise Http404
    return selectors.scope_for(user, district_id)


@gap.get(
    "/",
    response={200: GapOut, **READ_ERRORS},
    url_name="gap",
    summary="Skills-gap figures",
    description=(
        "The gap page's figures per competency unit and year: demand, supply, gap, "
        "coverage, location quotient and what they rest on, ordered by unit code and "
        "year. A district's members read their own district; the ministry a district "
        "(`district`) or the national roll-up. Except for the district's coordinators, "
        "a demand resting on fewer companies than `threshold` is suppressed."
    ),
)
def gap_figures(request: HttpRequest, filters: Query[GapFilters]):
    user = request.auth
    scope = _scope(user, filters.district)
    rows = list(
        selectors.export_rows(
            user,
            scope,
            year_from=filters.year,
            year_to=filters.year,
            unit_ids=None,
            only_demand=filters.only_demand,
        )
    )
    size = min(filters.page_size or settings.MUJIGAE_PAGE_SIZE, settings.MUJIGAE_API_PAGE_SIZE_MAX)
    offset = (filters.page - 1) * size
    results = [
        {
            "unit": f.unit_id,
            "unit_code": f.unit.code,
            "unit_name": f.unit.name,
            "year": f.year,
            "demand": c.demand,
            "supply": c.supply,
            "gap": c.gap,
            "coverage": _ratio(c.coverage),
            "lq": _ratio(c.lq),
            "companies": c.companies,
            "hiring_rows": c.hiring_rows,
            "cohorts": c.cohorts,
            "suppressed": c.suppressed,
        }
        for f, c in rows[offset : offset + size]
    ]
    years = sorted(set(selectors.figures(user, scope).values_list("year", flat=True).order_by()))
    computation = selectors.computation(user, scope)
    return {
        "district": scope.district.pk if scope.district else None,
        "district_name": scope.district.name if scope.district else None,
        "year": filters.year,
        "years": years,
        "threshold": threshold(),
        "computed_at": local(computation.computed_at),
        "count": len(rows),
        "page": filters.page,
        "page_size": size,
        "results": results,
    }
