"""Execution pages (thin: parse, authorize, call the selectors, render).

`execution`: the execution rates (집행률) of a fiscal year per source,
project, category and month, the burn-down chart, carry-over at year end;
every figure links to `spending_list` with the filter behind it.
`execution_xlsx`: the same figures and the rows as a workbook.
`national`: the ministry's comparison of every district (aggregates only).
Who sees what: access.py and execution_selectors.py. Bad filters answer a Korean
400 (malformed) or 404 (not the user's); never a 500.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mujigae.budget import execution_selectors as selectors
from mujigae.budget.execution_selectors import Execution, RowFilter
from mujigae.core import charts
from mujigae.core.exports import XlsxWriter
from mujigae.core.views import page

FILTERS = {
    "project": gettext_lazy("Project"),
    "source": gettext_lazy("Funding source"),
    "category": gettext_lazy("Expense category"),
    "month": gettext_lazy("Month"),
    "through": gettext_lazy("Period"),
}


def _fiscal_year(request: HttpRequest, year: int):
    fiscal_year = selectors.fiscal_year_for(request.user, year)
    if fiscal_year is None:
        raise Http404
    return fiscal_year


def burn_down(data: Execution, year: int) -> dict:
    """The chart (core.charts, as every chart of mujigae): this year's remaining
    budget (% of the current budget) at each past month's end, the straight
    line of even spending (dashed), and last year's curve (dashed)."""
    months = data.months
    n = len(months)
    budget = data.total.current
    this_year = _("This year (%(year)s)") % {"year": year}
    even = _("Even spending")
    series: dict[str, list] = {
        this_year: [
            (
                _("%(m)sm") % {"m": m.number},
                float(selectors.rate(m.remaining, budget)) if m.past and budget else None,
            )
            for m in months
        ],
        even: [
            (_("%(m)sm") % {"m": m.number}, 100.0 * (n - i - 1) / n if n else None)
            for i, m in enumerate(months)
        ],
    }
    dashed = [even]
    if data.last_year:
        last = _("Fiscal year %(year)s") % {"year": data.last_year_label}
        series[last] = [
            (_("%(m)sm") % {"m": m.number}, None if pct is None else float(pct))
            for m, pct in zip(months, data.last_year, strict=False)
        ]
        dashed.append(last)
    title = _("Remaining budget of %(year)s in %% of the current budget, month by month") % {
        "year": year
    }
    drawing = charts.lines(series, title=title, unit="%", dashed=dashed, width=640, height=300)
    description = _(
        "Solid line: this year. Dashed lines: even spending (a straight line to zero at"
        " year end) and last year. The table below gives the same figures."
    )
    return {"svg": charts.svg(drawing, title=title, description=description), "title": title}


def _chart_rows(data: Execution) -> list[dict]:
    """The chart's text alternative: per month, the remaining budget in % of
    the current budget this year, on the straight line, and last year."""
    n, budget = len(data.months), data.total.current
    out = []
    for i, month in enumerate(data.months):
        last = data.last_year[i] if i < len(data.last_year) else None
        out.append(
            {
                "m": month,
                "this_year": selectors.rate_text(
                    selectors.rate(month.remaining, budget) if month.past else None
                ),
                "even": selectors.rate_text(selectors.rate(budget * (n - i - 1), budget * n)),
                "last_year": selectors.rate_text(last),
            }
        )
    return out


@require_GET
def execution(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _fiscal_year(request, year)
    data = selectors.execution(request.user, fiscal_year)
    ctx = {
        "fy": fiscal_year,
        "data": data,
        "chart": burn_down(data, fiscal_year.year),
        "years": selectors.years_for(request.user),
        "months": _chart_rows(data),
    }
    return render(request, "budget/execution/execution.html", ctx)


def _bad(request: HttpRequest, fiscal_year, message: str) -> HttpResponse:
    return render(
        request,
        "budget/execution/bad_filter.html",
        {"fy": fiscal_year, "message": message},
        status=400,
    )


def _row_filter(request: HttpRequest, fiscal_year) -> RowFilter | str:
    """The filter of `?project=&source=&category=&month=&through=`, or the
    Korean reason it is malformed (400); a project, source or category that is
    not the user's: 404."""
    flt = RowFilter()
    for key in FILTERS:
        raw = request.GET.get(key, "").strip()
        if not raw:
            continue
        if not raw.isdigit():
            return _("The filter “%(name)s” must be a number.") % {"name": FILTERS[key]}
        value = int(raw)
        if key in ("month", "through"):
            if selectors.month_range(fiscal_year, value) is None:
                return _("Month %(month)s is not part of fiscal year %(year)s.") % {
                    "month": raw,
                    "year": fiscal_year.year,
                }
            setattr(flt, key, value)
            continue
        found = {
            "project": lambda pk: selectors.filter_project(request.user, fiscal_year, pk),
            "source": lambda pk: selectors.filter_source(fiscal_year, pk),
            "category": lambda pk: selectors.filter_category(fiscal_year, pk),
        }[key](value)
        if found is None:
            raise Http404
        setattr(flt, key, found)
    return flt


@require_GET
def spending_list(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _fiscal_year(request, year)
    flt = _row_filter(request, fiscal_year)
    if isinstance(flt, str):
        return _bad(request, fiscal_year, flt)
    qs = selectors.spending_rows(request.user, fiscal_year, flt)
    total, count = selectors.rows_total(qs)
    month_label = ""
    if flt.month is not None:
        month_label = _("month %(month)s") % {"month": flt.month}
    elif flt.through is not None:
        month_label = _("from the start of the year to the end of month %(month)s") % {
            "month": flt.through
        }
    ctx = {
        "fy": fiscal_year,
        "flt": flt,
        "month_label": month_label,
        "page_obj": page(request, selectors.listed_rows(qs)),
        "total": total,
        "count": count,
    }
    return render(request, "budget/execution/spending_list.html", ctx)


def _figure_headers(first: str) -> list[str]:
    return [
        first,
        _("Original budget (won)"),
        _("Current budget (won)"),
        _("Spent (won)"),
        _("Remaining (won)"),
        _("Execution rate (%)"),
    ]


def _figure_row(f) -> list:
    return [
        f.label,
        f.original,
        f.current,
        f.spent,
        f.remaining,
        float(f.rate) if f.rate is not None else None,
    ]


@require_GET
def execution_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _fiscal_year(request, year)
    data = selectors.execution(request.user, fiscal_year)
    wb = XlsxWriter()
    total = data.total
    total.label = _("Total")
    wb.add(
        _("By source"),
        _figure_headers(_("Funding source")),
        [*(_figure_row(f) for f in data.sources), _figure_row(total)],
    )
    wb.add(
        _("By project"),
        _figure_headers(_("Project")),
        [_figure_row(f) for f in data.projects],
    )
    wb.add(
        _("By category"),
        _figure_headers(_("Expense category")),
        [_figure_row(f) for f in data.categories],
    )
    wb.add(
        _("By month"),
        [
            _("Month"),
            _("Spent in the month (won)"),
            _("Spent to the month's end (won)"),
            _("Remaining (won)"),
            _("Cumulative execution rate (%)"),
        ],
        [
            [
                f"{m.year}-{m.number:02d}",
                m.spent,
                m.cumulative,
                m.remaining,
                float(m.rate) if m.rate is not None else None,
            ]
            for m in data.months
        ],
    )
    rows = selectors.listed_rows(selectors.spending_rows(request.user, fiscal_year, RowFilter()))
    wb.add(
        _("Spending rows"),
        [
            _("Date"),
            _("Project"),
            _("Funding source"),
            _("Expense category"),
            _("Amount (won)"),
            _("Payee"),
            _("Description"),
            _("Reference number"),
            _("Entered"),
        ],
        (
            [
                s.spent_on,
                str(s.project),
                s.source.name,
                s.category.name,
                s.amount,
                s.payee_organisation.name if s.payee_organisation else s.payee_name,
                s.description,
                s.reference,
                s.get_origin_display(),
            ]
            for s in rows.iterator(chunk_size=2000)
        ),
    )
    name = _("execution %(year)s") % {"year": fiscal_year.year}
    return wb.response(f"{name}.xlsx", fallback=f"execution-{fiscal_year.year}.xlsx", stream=True)


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    years = selectors.national_years(request.user)
    raw = request.GET.get("year", "").strip()
    if raw and not raw.isdigit():
        return render(
            request,
            "budget/execution/national.html",
            {"error": _("Choose a fiscal year from the list."), "years": years},
            status=400,
        )
    year = int(raw) if raw else (years[0] if years else None)
    rows, columns = selectors.national_table(request.user, year) if year else ([], [])
    table = [{"row": r, "cells": [r.sources.get(name) for name in columns]} for r in rows]
    ctx = {"years": years, "year": year, "table": table, "columns": columns}
    return render(request, "budget/execution/national.html", ctx)
