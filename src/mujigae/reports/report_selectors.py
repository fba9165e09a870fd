"""Reads of the annual report: what a user may see (reports/access.py scopes)
and the page's figures from the report's stored snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mujigae.core import charts, policy
from mujigae.reports import report_format as fmt
from mujigae.reports.evaluation import DistrictEvaluation, Result
from mujigae.reports.models import AnnualReport, Framework, ReportRun, ReportSection
from mujigae.reports.report_services import evaluations_of, pending_run


def reports_of(user: Any) -> QuerySet:
    return (
        policy.visible(user, AnnualReport)
        .filter(district__isnull=False)
        .select_related("district", "framework")
        .order_by("-framework__year", "district__name", "-version")
    )


def report_for(user: Any, pk: Any, *, write: bool = False) -> AnnualReport:
    return policy.access(
        user,
        AnnualReport,
        pk,
        write=write,
        qs=AnnualReport.objects.select_related("district", "framework"),
    )


def latest_run(report: AnnualReport) -> ReportRun | None:
    return report.runs.prefetch_related("files").order_by("-created_at", "-pk").first()


def runs_with_files(report: AnnualReport) -> list[ReportRun]:
    return list(report.runs.prefetch_related("files").order_by("-created_at", "-pk"))


@dataclass
class Row:
    result: Result
    value: str
    ratio: str
    target: str
    last_year: str
    median: str
    points: str
    how: str
    chart: Any = None
    chart_headers: list[str] = field(default_factory=list)
    chart_rows: list[list[str]] = field(default_factory=list)


@dataclass
class AreaBlock:
    name: str
    rows: list[Row]
    earned: str
    weight: str
    section: ReportSection | None


def area_blocks(
    report: AnnualReport, e: DistrictEvaluation | None, *, with_charts: bool = True
) -> list[AreaBlock]:
    from mujigae.core import numbers

    sections = {
        s.area.name: s
        for s in report.sections.select_related("area").order_by("area__order", "area__pk")
    }
    blocks: list[AreaBlock] = []
    seen: set[str] = set()
    if e is not None:
        for area, results, earned, weight in e.by_area():
            rows = []
            for r in results:
                row = Row(
                    result=r,
                    value=fmt.value_text(r),
                    ratio=fmt.ratio_text(r),
                    target=fmt.target_text(r),
                    last_year=fmt.last_year_text(r),
                    median=fmt.median_text(r),
                    points=fmt.points_text(r),
                    how=fmt.how_text(r),
                )
                if with_charts and fmt.has_history(r):
                    series, dashed = fmt.chart_series(e, r)
                    drawing = charts.lines(
                        series,
                        title=r.name,
                        height=180,
                        unit=fmt.chart_unit(r.unit),
                        dashed=[dashed],
                    )
                    row.chart = charts.svg(drawing, title=r.name)
                    names = list(series)
                    row.chart_headers = [str(_year_header()), *names]
                    row.chart_rows = [
                        [str(y), fmt.amount(v, r.unit), fmt.amount(m, r.unit)]
                        for (y, v), (_y, m) in zip(r.history, r.median_history, strict=False)
                    ]
                rows.append(row)
            blocks.append(
                AreaBlock(
                    area,
                    rows,
                    numbers.quantity(earned),
                    numbers.quantity(weight),
                    sections.get(area),
                )
            )
            seen.add(area)
    for name, section in sections.items():
        if name not in seen:
            blocks.append(AreaBlock(name, [], "—", "—", section))
    return blocks


def _year_header() -> str:
    from django.utils.translation import gettext as _

    return _("Year")


def framework_years() -> list[Framework]:
    return list(Framework.objects.order_by("-year"))


__all__ = ["evaluations_of", "pending_run"]
