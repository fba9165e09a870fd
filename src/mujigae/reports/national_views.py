"""The ministry's national view (thin: parse, authorize, call the selectors,
render). docs/national.md.

`comparison`: every district side by side for a year (sparklines, score,
proposed grade, the submitted report), sorted and filtered, a median row;
`comparison_xlsx` the same table as a workbook; `indicator`: one indicator
across districts (trend, distribution, ranking); `district`: one district's
evaluation and its grade over the years. Bad filters: a Korean 400.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mujigae.core import charts, numbers, policy
from mujigae.core.exports import XlsxWriter
from mujigae.core.models import District
from mujigae.reports import evaluation
from mujigae.reports import national_selectors as selectors
from mujigae.reports.models import AnnualReport, Indicator
from mujigae.reports.national_selectors import BadRequest


def report_url(pk: int) -> str | None:
    """The annual report's page (annual:detail), when that route is installed."""
    try:
        return reverse("annual:detail", args=[pk])
    except NoReverseMatch:
        return None


def national_report_url() -> str | None:
    try:
        return reverse("annual:national")
    except NoReverseMatch:
        return None


def footnote() -> str:
    return _("Groups of fewer than %(n)s people are not shown (–).") % {
        "n": evaluation.suppress_below()
    }


def _bad(request: HttpRequest, message: str, back: str) -> HttpResponse:
    return render(
        request, "reports/national/bad_request.html", {"message": message, "back": back}, status=400
    )


# --------------------------------------------------------------------------
# the comparison


def _comparison(request: HttpRequest, *, sparklines: bool):
    framework, evaluations, available = selectors.choose(request.user, request.GET.get("year"))
    sort = request.GET.get("sort", "district").strip() or "district"
    direction = request.GET.get("dir", "asc").strip() or "asc"
    if direction not in ("asc", "desc"):
        raise BadRequest(_("Sort up or down."))
    if framework is None:
        return None, available, sort, direction
    table = selectors.comparison(
        request.user,
        framework,
        evaluations,
        sort=sort,
        descending=direction == "desc",
        grade=request.GET.get("grade", "").strip(),
        region=request.GET.get("region", "").strip(),
        name=request.GET.get("q", ""),
        sparklines=sparklines,
    )
    return table, available, sort, direction


@require_GET
def comparison(request: HttpRequest) -> HttpResponse:
    try:
        table, available, sort, direction = _comparison(request, sparklines=True)
        area = request.GET.get("area", "").strip()
        known = {str(c.area_id) for c in table.columns} if table is not None else set()
        if table is not None and area and area != "all" and area not in known:
            raise BadRequest(_("Choose an area from the list."))
    except BadRequest as exc:
        return _bad(request, str(exc), reverse("national:comparison"))
    ctx: dict[str, Any] = {"available": available, "footnote": footnote()}
    if table is None:
        return render(request, "reports/national/comparison.html", ctx)
    areas = []
    for c in table.columns:
        if (c.area_id, c.area) not in areas:
            areas.append((c.area_id, c.area))
    if not area:
        area = str(areas[0][0]) if areas else "all"
    columns = [c for c in table.columns if area == "all" or str(c.area_id) == area]
    groups = []
    for c in columns:
        if groups and groups[-1]["area_id"] == c.area_id:
            groups[-1]["span"] += 1
        else:
            groups.append({"area_id": c.area_id, "area": c.area, "span": 1})

    def keep(**change: str) -> str:
        params = request.GET.copy()
        params["year"] = str(table.framework.year)
        for k, v in change.items():
            params[k] = v
        return "?" + params.urlencode()

    def header(key: str, label: Any) -> dict:
        now = sort == key
        next_dir = "desc" if now and direction == "asc" else "asc"
        if not now and key not in ("district", "region"):
            next_dir = "desc"  # a figure: largest first on the first click
        return {
            "label": label,
            "url": keep(sort=key, dir=next_dir),
            "sorted": ("ascending" if direction == "asc" else "descending") if now else "",
            "key": key,
        }

    rows = [
        {
            "row": r,
            "cells": [r.cells.get(c.indicator_id) for c in columns],
            "report_url": report_url(r.report.pk) if r.report else None,
        }
        for r in table.rows
    ]
    ctx.update(
        {
            "table": table,
            "framework": table.framework,
            "columns": [{"col": c, "head": header(c.key, c.name)} for c in columns],
            "groups": groups,
            "areas": areas,
            "area": area,
            "rows": rows,
            "medians": [table.medians.get(c.indicator_id, numbers.UNDEFINED) for c in columns],
            "median_score": selectors.score_text(table.median_score),
            "heads": {k: header(k, v) for k, v in selectors.FIXED_SORTS.items()},
            "grades": [(g.value, g.label) for g in selectors.Grade]
            + [("none", _("No grade (no scored figure)"))],
            "grade": request.GET.get("grade", ""),
            "region": request.GET.get("region", ""),
            "q": request.GET.get("q", ""),
            "sort": sort,
            "direction": direction,
            "xlsx_url": reverse("national:comparison_xlsx") + keep(),
            "national_report_url": national_report_url(),
            "grade_counts": [
                (selectors.grade_label(g), table.grade_counts.get(g, 0))
                for g in selectors.Grade.values
            ],
        }
    )
    return render(request, "reports/national/comparison.html", ctx)


@require_GET
def comparison_xlsx(request: HttpRequest) -> HttpResponse:
    try:
        table, _available, _sort, _direction = _comparison(request, sparklines=False)
    except BadRequest as exc:
        return _bad(request, str(exc), reverse("national:comparison"))
    wb = XlsxWriter()
    if table is None:
        wb.add(_("Comparison"), [_("No evaluation framework yet.")], [])
        return wb.response(f"{_('National comparison')}.xlsx", fallback="national.xlsx")
    headers = [
        _("District"),
        _("Region"),
        *[f"{c.area} · {c.name}" for c in table.columns],
        _("Score"),
        _("Proposed grade"),
        _("Report submitted"),
    ]

    def cell(c) -> Any:
        if c is None or c.shown is None:
            return selectors.SUPPRESSED if c is not None and c.small else None
        return float(c.shown) if c.result.unit in ("percent",) else _number(c.shown)

    rows = [
        [
            r.name,
            r.region,
            *[cell(r.cells.get(c.indicator_id)) for c in table.columns],
            float(r.score) if r.score is not None else None,
            selectors.grade_label(r.grade) if r.grade else None,
            _("yes") if r.report else _("no"),
        ]
        for r in table.rows
    ]
    first = next(iter(table.rows), None)
    medians = []
    for c in table.columns:
        result = first.cells[c.indicator_id].result if first else None
        median = result.median if result else None
        medians.append(None if median is None else _number(median))
    rows.append(
        [
            _("National median"),
            "",
            *medians,
            float(table.median_score) if table.median_score is not None else None,
            "",
            "",
        ]
    )
    rows.append([])
    rows.append([footnote()])
    rows.append([_("Units: rates in percent, amounts in won, hours in hours.")])
    title = _("Comparison %(year)s") % {"year": table.framework.year}
    wb.add(title, headers, rows)
    name = _("National comparison %(year)s") % {"year": table.framework.year}
    return wb.response(f"{name}.xlsx", fallback=f"national-{table.framework.year}.xlsx")


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


# --------------------------------------------------------------------------
# one indicator across districts


def _formatted(values, unit: str) -> list[str]:
    return [selectors.format_value(v, unit) for v in values]


@require_GET
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.access(
        request.user, Indicator, pk, qs=Indicator.objects.select_related("area__framework")
    )
    framework = item.area.framework
    back = reverse("national:comparison") + f"?year={framework.year}"
    evaluations = evaluation.evaluate(framework, max_age=settings.MUJIGAE_EVALUATION_MAX_AGE)
    names = dict(policy.visible(request.user, District).values_list("pk", "name"))
    results = []
    for district_id, ev in evaluations.items():
        if district_id not in names:
            continue
        result = next(r for r in ev.results if r.indicator_id == item.pk)
        results.append((district_id, names[district_id], result))
    raw = request.GET.get("district", "").strip()
    chosen = None
    if raw:
        chosen = next((t for t in results if str(t[0]) == raw), None)
        if chosen is None:
            return _bad(request, _("Choose a district from the list."), back)
    unit = item.unit
    shown = [(d, n, r, None if r.small else r.value) for d, n, r in results]
    present = [t for t in shown if t[3] is not None]
    present.sort(key=lambda t: t[1])
    present.sort(key=lambda t: t[3], reverse=item.higher_is_better)
    absent = sorted((t for t in shown if t[3] is None), key=lambda t: t[1])
    ranked = present + absent
    years = [y for y, _v in (results[0][2].history if results else [])]
    median_label = _("National median")

    # the trend: the national median (dashed), the chosen district, the top and bottom three
    picked: list[tuple[int, str, Any]] = []
    if chosen is not None:
        picked.append((chosen[0], chosen[1], chosen[2]))
    for t in present[:3] + present[-3:]:
        if all(p[0] != t[0] for p in picked):
            picked.append((t[0], t[1], t[2]))
    series: dict[str, list] = {}
    if results:
        series[median_label] = [
            (y, None if v is None else float(v)) for y, v in results[0][2].median_history
        ]
    trend_rows = (
        [[median_label, *_formatted([v for _y, v in results[0][2].median_history], unit)]]
        if results
        else []
    )
    for _d, name, result in picked:
        hidden = set(result.small_years)
        values = [None if y in hidden else v for y, v in result.history]
        series[name] = [
            (y, None if v is None else float(v)) for y, v in zip(years, values, strict=True)
        ]
        trend_rows.append(
            [
                name,
                *[
                    selectors.SUPPRESSED if y in hidden else selectors.format_value(v, unit)
                    for y, v in result.history
                ],
            ]
        )
    suffix = "%" if unit == "percent" else ""
    trend_title = _("%(name)s over the years") % {"name": item.name}
    trend = charts.svg(
        charts.lines(series, title=trend_title, unit=suffix, dashed=[median_label]),
        title=trend_title,
    )

    # the distribution this year
    values = [float(t[3]) for t in present]
    mark = (
        float(chosen[2].value)
        if chosen and not chosen[2].small and chosen[2].value is not None
        else None
    )
    dist_title = _("Distribution across districts, %(year)s") % {"year": framework.year}
    histogram = charts.svg(
        charts.histogram(values, title=dist_title, unit=suffix, mark=mark), title=dist_title
    )
    dist_rows = _bins(values, unit)

    median = results[0][2].median if results else None
    table = [
        {
            "rank": i + 1 if t[3] is not None else None,
            "district_id": t[0],
            "name": t[1],
            "value": selectors.SUPPRESSED if t[2].small else selectors.format_value(t[3], unit),
            "last_year": selectors.SUPPRESSED
            if t[2].small or (framework.year - 1) in t[2].small_years
            else selectors.format_value(t[2].last_year, unit),
            "points": numbers.UNDEFINED if t[2].points is None else numbers.quantity(t[2].points),
            "spark": selectors.cell_for(t[2]).spark if not t[2].small else "",
            "chosen": chosen is not None and t[0] == chosen[0],
        }
        for i, t in enumerate(ranked)
    ]
    ctx = {
        "item": item,
        "framework": framework,
        "measure_how": item.guidance,
        "results": results,
        "chosen": chosen[0] if chosen else None,
        "trend": trend,
        "trend_title": trend_title,
        "trend_headers": [_("Series"), *[str(y) for y in years]],
        "trend_rows": trend_rows,
        "histogram": histogram,
        "dist_title": dist_title,
        "dist_headers": [_("Range"), _("Districts")],
        "dist_rows": dist_rows,
        "table": table,
        "median": selectors.format_value(median, unit),
        "target": selectors.format_value(item.target, unit),
        "footnote": footnote(),
        "back": back,
        "has_values": bool(present),
    }
    from mujigae.core import indicators

    measure = indicators.get(item.measure) if item.measure else None
    if measure is not None:
        ctx["measure_how"] = str(measure.how)
    return render(request, "reports/national/indicator.html", ctx)


def _bins(values: list[float], unit: str, bins: int = 8) -> list[list[str]]:
    """The histogram's bins as table rows (the same bins charts.histogram draws)."""
    if not values:
        return []
    lo, hi = min(values), max(values)
    if hi == lo:
        hi = lo + 1
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / width))] += 1
    rows = []
    for i, count in enumerate(counts):
        start = selectors.format_value(Decimal(str(round(lo + i * width, 1))), unit)
        end = selectors.format_value(Decimal(str(round(lo + (i + 1) * width, 1))), unit)
        rows.append([f"{start} – {end}", numbers.quantity(count)])
    return rows


# --------------------------------------------------------------------------
# one district


@require_GET
def district(request: HttpRequest, pk: int) -> HttpResponse:
    place = policy.access(request.user, District, pk)
    back = reverse("national:comparison")
    try:
        framework, evaluations, available = selectors.choose(request.user, request.GET.get("year"))
    except BadRequest as exc:
        return _bad(request, str(exc), back)
    ctx: dict[str, Any] = {"place": place, "available": available, "footnote": footnote()}
    if framework is not None:
        mine = evaluations.get(place.pk)
        ctx["framework"] = framework
        ctx["evaluation"] = mine
        areas = []
        if mine is not None:
            for area, results, earned, weight in mine.by_area():
                areas.append(
                    {
                        "area": area,
                        "earned": numbers.quantity(earned),
                        "weight": numbers.quantity(weight),
                        "rows": [
                            {
                                "result": r,
                                "cell": selectors.cell_for(r),
                                "target": selectors.format_value(r.target, r.unit),
                                "last_year": selectors.SUPPRESSED
                                if r.small or (framework.year - 1) in r.small_years
                                else selectors.format_value(r.last_year, r.unit),
                                "median": selectors.format_value(r.median, r.unit),
                                "points": numbers.UNDEFINED
                                if r.points is None
                                else numbers.quantity(r.points),
                                "weight": numbers.quantity(r.weight),
                            }
                            for r in results
                        ],
                    }
                )
        ctx["areas"] = areas
        ctx["score"] = selectors.score_text(mine.score if mine else None)
        ctx["grade"] = selectors.grade_label(mine.grade if mine else None)
    # the grade over the years: one evaluation per framework (a fixed number of queries each)
    history = []
    for fw in sorted(available, key=lambda f: f.year):
        ev = evaluation.evaluate(fw, [place.pk], max_age=settings.MUJIGAE_EVALUATION_MAX_AGE).get(
            place.pk
        )
        history.append((fw.year, ev.score if ev else None, ev.grade if ev else None))
    ctx["history"] = [
        {"year": y, "score": selectors.score_text(s), "grade": selectors.grade_label(g)}
        for y, s, g in history
    ]
    if any(s is not None for _y, s, _g in history):
        title = _("Score over the years")
        ctx["score_chart"] = charts.svg(
            charts.lines(
                {place.name: [(y, None if s is None else float(s)) for y, s, _g in history]},
                title=title,
            ),
            title=title,
        )
        ctx["score_title"] = title
        ctx["score_headers"] = [_("Evaluation year"), _("Score"), _("Proposed grade")]
        ctx["score_rows"] = [[str(h["year"]), h["score"], h["grade"]] for h in ctx["history"]]
    reports = (
        AnnualReport.objects.filter(district=place, status=AnnualReport.Status.SUBMITTED)
        .select_related("framework")
        .order_by("-framework__year", "-version")
    )
    ctx["reports"] = [{"report": r, "url": report_url(r.pk)} for r in reports]
    return render(request, "reports/national/district.html", ctx)
