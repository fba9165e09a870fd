"""The annual report as an xlsx workbook (core.exports' writer), for one
district or every district (the national report):

* "지표": every indicator (area, indicator, value, counts, unit, target, last
  year, national median, points, how computed) — a district column first in
  the national report;
* one sheet per area's narrative (a district's report);
* the appendix: scores by area, five years of each indicator against the
  national median (the national report: each district's score and grade).

In the national report a figure of fewer people than MUJIGAE_SUPPRESS_BELOW
is "–" (the ministry never sees a person's data)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from mujigae.core import numbers
from mujigae.core.exports import XlsxWriter
from mujigae.reports import report_format as fmt
from mujigae.reports.evaluation import DistrictEvaluation, suppress_below


def write(
    f: BinaryIO,
    evaluations: Sequence[DistrictEvaluation],
    *,
    title: str,
    sections: Sequence[tuple[str, str]] = (),
    national: bool = False,
) -> None:
    writer = XlsxWriter()
    about = writer.sheet(_("Report"))
    about.row([title])
    if national:
        about.row(
            [_("Figures of fewer than %(n)s people are not shown (–).") % {"n": suppress_below()}]
        )
    headers = [
        _("Evaluation area"),
        _("Indicator"),
        _("Value"),
        _("Counts behind the rate"),
        _("Unit"),
        _("Target"),
        _("Last year"),
        _("National median"),
        _("Points"),
        _("How computed"),
    ]
    if national:
        headers = [_("District"), *headers]
    sheet = writer.sheet(_("Indicators"), headers)
    for e in evaluations:
        for r in e.results:
            row: list[Any] = [
                r.area,
                r.name,
                fmt.value_text(r, suppress=national),
                fmt.ratio_text(r, suppress=national),
                fmt.unit_label(r.unit),
                fmt.target_text(r),
                fmt.last_year_text(r),
                fmt.median_text(r),
                fmt.points_text(r),
                fmt.how_text(r),
            ]
            sheet.row([e.district, *row] if national else row)
    for area, text in sections:
        narrative = writer.sheet(area, [area])
        for paragraph in (text or "").splitlines() or [""]:
            narrative.row([paragraph])
    # appendix
    scores = writer.sheet(
        _("Appendix scores"),
        [
            _("District"),
            _("Evaluation area"),
            _("Points earned"),
            _("Points scored"),
            _("Score"),
            _("Proposed grade"),
        ],
    )
    for e in evaluations:
        for area, _results, earned, weight in e.by_area():
            scores.row(
                [e.district, area, numbers.quantity(earned), numbers.quantity(weight), "", ""]
            )
        scores.row([e.district, _("Total"), "", "", fmt.score_text(e), fmt.grade_label(e.grade)])
    if evaluations:
        years = [y for y, _v in evaluations[0].results[0].history] if evaluations[0].results else []
        trend = writer.sheet(
            _("Appendix trends"), [_("District"), _("Indicator"), *[str(y) for y in years]]
        )
        for e in evaluations:
            for r in e.results:
                values = [
                    fmt.SUPPRESSED
                    if national and r.small and y == e.year
                    else fmt.amount(v, r.unit)
                    for y, v in r.history
                ]
                trend.row([e.district, r.name, *values])
        first = evaluations[0]
        medians = writer.sheet(_("Appendix medians"), [_("Indicator"), *[str(y) for y in years]])
        for r in first.results:
            medians.row([r.name, *[fmt.amount(v, r.unit) for _y, v in r.median_history]])
    if not writer.workbook.worksheets:
        writer.sheet("Sheet")
    writer.workbook.save(f)
