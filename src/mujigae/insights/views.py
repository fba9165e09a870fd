"""The skills-gap pages (thin: parse, authorize, call a selector or service, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.competencies.models import CompetencyUnit
from mujigae.core import charts, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.insights import selectors, services
from mujigae.insights.forms import METRIC_LABELS, GapFilterForm
from mujigae.insights.templatetags.gap import metric
from mujigae.surveys.selectors_analysis import threshold


def _filters(request: HttpRequest) -> tuple[GapFilterForm, selectors.Scope, dict[str, Any]]:
    user = request.user
    scope = selectors.scope_for(user, request.GET.get("district"))
    choices = selectors.filter_choices(user, scope)
    form = GapFilterForm(
        request.GET or None,
        districts=choices["districts"] if user.role == policy.MINISTRY else None,
        industries=choices["industries"],
        occupations=choices["occupations"],
    )
    params: dict[str, Any] = {
        "year_from": None,
        "year_to": None,
        "unit_ids": None,
        "only_demand": True,
        "metric": "gap",
    }
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        params.update(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            only_demand=data["only_demand"],
            metric=data["metric"],
            unit_ids=selectors.unit_ids_for(
                occupation=data.get("occupation"), industry=data.get("industry")
            ),
        )
    return form, scope, params


def _query_without(request: HttpRequest, *names: str) -> str:
    q = request.GET.copy()
    for name in names:
        q.pop(name, None)
    return q.urlencode()


@require_GET
def gap(request: HttpRequest) -> HttpResponse:
    form, scope, params = _filters(request)
    status = 400 if form.is_bound and not form.is_valid() else 200
    table = selectors.gap_table(
        request.user,
        scope,
        page=request.GET.get("page") or 1,
        **params,
    )
    ranked = [(row.unit.name, row.total_gap) for row in table.rows if row.total_gap is not None]
    chart_title = _("Total gap per competency unit (shortage +, surplus −)")
    missing_text = {"demand": _("no demand data"), "supply": _("no supply data")}
    ctx = {
        "form": form,
        "scope": scope,
        "table": table,
        "missing": [f"{years}: {missing_text[what]}" for years, what in table.missing],
        "chart": charts.svg(charts.bars(ranked), title=chart_title) if ranked else None,
        "chart_title": chart_title,
        "chart_headers": [_("Competency unit"), _("Total gap")],
        "chart_rows": [[name, metric(v, "gap")] for name, v in ranked],
        "metric_label": METRIC_LABELS[table.metric],
        "computation": selectors.computation(request.user, scope),
        "threshold": threshold(),
        "can_recompute": scope.district is not None
        and policy.can_manage(request.user, scope.district),
        "query": _query_without(request, "page"),
        "unit_query": _query_without(request, "page", "metric", "units"),
    }
    return render(request, "insights/gap.html", ctx, status=status)


@require_GET
def gap_unit(request: HttpRequest, pk: int) -> HttpResponse:
    form, scope, params = _filters(request)
    unit = CompetencyUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    span = {"year_from": params["year_from"], "year_to": params["year_to"]}
    cells = selectors.unit_figures(request.user, scope, unit, **span)
    demand = selectors.demand_detail(scope, unit, **span)
    cohorts = selectors.cohort_detail(scope, unit, **span)
    supply_by_year: dict[int, int] = {}
    for c in cohorts:
        supply_by_year[c.year] = supply_by_year.get(c.year, 0) + c.expected_completers
    # the stored figures against the source rows as they are now
    changed = [
        f.year
        for f, _shown in cells
        if f.supply != supply_by_year.get(f.year, 0)
        or (scope.reveal and f.demand != demand.by_year.get(f.year, 0))
    ]
    ctx = {
        "form": form,
        "scope": scope,
        "unit": unit,
        "cells": cells,
        "demand": demand,
        "cohorts": cohorts,
        "changed": changed,
        "threshold": threshold(),
        "breakdown": selectors.district_breakdown(request.user, unit, **span)
        if scope.is_national
        else [],
        "computation": selectors.computation(request.user, scope),
        "back": _query_without(request, "page"),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "insights/gap_unit.html", ctx, status=status)


def _pct(value: float | None) -> Any:
    return None if value is None else round(value, 4)


@require_GET
def gap_export(request: HttpRequest) -> HttpResponse:
    form, scope, params = _filters(request)
    if form.is_bound and not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(
            _("Check the filters: %(errors)s") % {"errors": errors},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    params.pop("metric")
    place = scope.district.name if scope.district else _("National roll-up")
    headers = [
        _("District"),
        _("Competency unit code"),
        _("Competency unit"),
        _("Year"),
        _("Demand"),
        _("Supply"),
        _("Gap"),
        _("Coverage"),
        _("Location quotient"),
        _("Companies"),
        _("Hiring rows"),
        _("Cohorts"),
        _("Computed at"),
    ]
    rows = (
        [
            place,
            f.unit.code,
            f.unit.name,
            f.year,
            c.demand,
            c.supply,
            c.gap,
            _pct(c.coverage),
            _pct(c.lq),
            c.companies,
            c.hiring_rows,
            c.cohorts,
            f.computed_at,
        ]
        for f, c in selectors.export_rows(request.user, scope, **params)
    )
    stamp = timezone.localdate().isoformat()
    filename = _("skills gap") + f"-{stamp}.xlsx"
    return xlsx_response(filename, _("Skills gap"), headers, rows)


@require_http_methods(["GET", "POST"])
def gap_recompute(request: HttpRequest) -> HttpResponse:
    """POST: queue a recompute of the coordinator's district. GET: its status
    (a fragment the page polls with htmx)."""
    scope = selectors.scope_for(request.user)
    if scope.district is None or not policy.can_manage(request.user, scope.district):
        raise Http404
    if request.method == "POST":
        try:
            run, created = services.gap_recompute_request(
                actor=request.user, district=scope.district
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("insights:gap")
        if created:
            messages.success(
                request, _("The recompute was queued. The figures change when it has finished.")
            )
        else:
            messages.info(request, _("A recompute is already waiting or running."))
        return redirect("insights:gap")
    ctx = {"computation": selectors.computation(request.user, scope), "can_recompute": True}
    return render(request, "insights/_status.html", ctx)
