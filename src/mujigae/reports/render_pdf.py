"""The annual report as a PDF (reportlab platypus, A4), for one district or
every district (the national report): a title page (who, year, version,
status), a table of contents, every page numbered ("3 / 12"); per area the
narrative, a table of its indicators and a vector chart per indicator (the
core.charts Drawing itself, flowed as vector graphics: the district's last
five years against the national median, dashed); the appendix tables.
Korean text in NanumGothic (core.charts.register_fonts()).

The national report has one table per area with the districts as rows, each
district's score and proposed grade, and "–" for a figure of fewer people than
MUJIGAE_SUPPRESS_BELOW, with a footnote.

The PDF is written to the file it is given (a temporary file; the caller then
moves it to storage), never built as one string in the caller's memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import charts, numbers
from mujigae.reports import report_format as fmt
from mujigae.reports.evaluation import DistrictEvaluation, suppress_below

MARGIN = 18 * 2.8346  # 18 mm


def meta_lines(report: Any) -> list[str]:
    who = report.district.name if report.district_id else _("All districts")
    status = str(report.get_status_display())
    lines = [
        _("District: %(who)s") % {"who": who},
        _("Evaluation year: %(year)s") % {"year": report.year},
        _("Version: %(version)s") % {"version": report.version},
        _("Status: %(status)s") % {"status": status},
    ]
    when = timezone.localtime(timezone.now())
    lines.append(_("Made on: %(date)s") % {"date": f"{when.year}. {when.month}. {when.day}."})
    return lines


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    font = charts.register_fonts()
    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5),
        "title": ParagraphStyle(
            "title", parent=base, fontName=charts.FONT_BOLD, fontSize=22, leading=30, spaceAfter=18
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=charts.FONT_BOLD,
            fontSize=15,
            leading=20,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=charts.FONT_BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "toc0": ParagraphStyle("toc0", parent=base, fontSize=10.5, leading=16),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=9, leading=13, leftIndent=14),
    }


def _p(text: Any, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(rows: list[list[Any]], widths: list[float] | None, styles: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    data = [[_p(c, styles["cell"]) for c in row] for row in rows]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


class _Doc:
    """A BaseDocTemplate that numbers pages "n / total" (the total from the
    previous pass of multiBuild), feeds the table of contents and reports
    progress."""

    def __new__(cls, f: BinaryIO, *, title: str, on_page: Callable[[int, int], None] | None):
        from reportlab.lib.pagesizes import A4
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        class Doc(BaseDocTemplate):
            def beforeDocument(self) -> None:  # each pass
                self.total = self.seen
                f.seek(0)
                f.truncate()

            def afterPage(self) -> None:
                self.seen = self.page
                if on_page and self.total and (self.page % 5 == 0 or self.page == self.total):
                    on_page(min(self.page, self.total), self.total)

            def afterFlowable(self, flowable: Any) -> None:
                level = getattr(flowable, "toc_level", None)
                if level is not None:
                    key = f"toc-{id(flowable)}"
                    self.canv.bookmarkPage(key)
                    self.notify("TOCEntry", (level, flowable.getPlainText(), self.page, key))

        def footer(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(charts.FONT, 8)
            total = doc.total or doc.page
            canvas.drawCentredString(A4[0] / 2, MARGIN / 2, f"{doc.page} / {total}")
            canvas.drawString(MARGIN, A4[1] - MARGIN / 2, title)
            canvas.restoreState()

        doc = Doc(
            f,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author="mujigae",
        )
        doc.total = 0
        doc.seen = 0
        frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
        return doc


def _heading(text: str, style: Any, level: int) -> Any:
    para = _p(text, style)
    para.toc_level = level
    return para


def _district_story(
    e: DistrictEvaluation, sections: Sequence[tuple[str, str]], styles: dict[str, Any], width: float
) -> list[Any]:
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

    story: list[Any] = []
    story.append(_heading(_("Summary"), styles["h1"], 0))
    story.append(
        _p(
            _("Total score %(score)s, proposed grade %(grade)s")
            % {"score": fmt.score_text(e), "grade": fmt.grade_label(e.grade)},
            styles["body"],
        )
    )
    if e.missing:
        story.append(
            _p(_("Without data: %(names)s") % {"names": ", ".join(e.missing)}, styles["small"])
        )
    narrative = dict(sections)
    for area, results, earned, weight in e.by_area():
        story.append(CondPageBreak(200))
        story.append(_heading(area, styles["h1"], 0))
        story.append(
            _p(
                _("Points %(earned)s of %(weight)s")
                % {"earned": numbers.quantity(earned), "weight": numbers.quantity(weight)},
                styles["small"],
            )
        )
        story.append(_p(_("Narrative"), styles["h2"]))
        text = narrative.get(area, "").strip()
        story.append(_p(text or _("(not written yet)"), styles["body"]))
        story.append(Spacer(1, 6))
        rows = [
            [
                _("Indicator"),
                _("Value"),
                _("Target"),
                _("Last year"),
                _("National median"),
                _("Points"),
            ]
        ]
        for r in results:
            value = fmt.value_text(r)
            ratio = fmt.ratio_text(r)
            rows.append(
                [
                    r.name,
                    f"{value} ({ratio})" if ratio else value,
                    fmt.target_text(r),
                    fmt.last_year_text(r),
                    fmt.median_text(r),
                    fmt.points_text(r),
                ]
            )
        story.append(_table(rows, [width * w for w in (0.28, 0.2, 0.12, 0.13, 0.13, 0.14)], styles))
        for r in results:
            if not fmt.has_history(r):
                story.append(
                    _p(
                        f"{r.name}: {fmt.no_data()} · {_('How computed')}: {fmt.how_text(r)}",
                        styles["small"],
                    )
                )
                continue
            series, dashed = fmt.chart_series(e, r)
            drawing = charts.lines(
                series,
                title=r.name,
                width=width,
                height=150,
                unit=fmt.chart_unit(r.unit),
                dashed=[dashed],
            )
            story.append(
                KeepTogether(
                    [
                        _p(r.name, styles["h2"]),
                        _p(
                            f"{fmt.value_text(r)} · {_('How computed')}: {fmt.how_text(r)}",
                            styles["small"],
                        ),
                        drawing,
                    ]
                )
            )
    return story


def _national_story(
    evaluations: Sequence[DistrictEvaluation], styles: dict[str, Any], width: float
) -> list[Any]:
    from reportlab.platypus import CondPageBreak

    story: list[Any] = []
    story.append(_heading(_("Scores and proposed grades"), styles["h1"], 0))
    rows = [[_("District"), _("Score"), _("Proposed grade")]]
    for e in evaluations:
        rows.append([e.district, fmt.score_text(e), fmt.grade_label(e.grade)])
    story.append(_table(rows, [width * 0.5, width * 0.25, width * 0.25], styles))
    if not evaluations:
        return story
    first = evaluations[0]
    for n, (area, results, _earned, _weight) in enumerate(first.by_area()):
        story.append(CondPageBreak(200))
        story.append(_heading(area, styles["h1"], 0))
        ids = [r.indicator_id for r in results]
        header = [_("District"), *[r.name for r in results], _("Points")]
        body = []
        for e in evaluations:
            by_id = {r.indicator_id: r for r in e.results}
            areas = e.by_area()
            earned = areas[n][2] if n < len(areas) else None
            body.append(
                [
                    e.district,
                    *[fmt.value_text(by_id[i], suppress=True) if i in by_id else "" for i in ids],
                    numbers.quantity(earned) if earned is not None else "—",
                ]
            )
        body.append([_("National median"), *[fmt.median_text(r) for r in results], ""])
        cols = len(header)
        first_w = width * 0.18
        rest = (width - first_w) / max(cols - 1, 1)
        story.append(_table([header, *body], [first_w, *[rest] * (cols - 1)], styles))
        story.append(
            _p(
                _("–: a figure of fewer than %(n)s people, not shown.") % {"n": suppress_below()},
                styles["small"],
            )
        )
    return story


def _appendix(
    evaluations: Sequence[DistrictEvaluation], styles: dict[str, Any], width: float, national: bool
) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = [PageBreak(), _heading(_("Appendix"), styles["h1"], 0)]
    if not evaluations or not evaluations[0].results:
        return story
    years = [y for y, _v in evaluations[0].results[0].history]
    story.append(_heading(_("Scores by area"), styles["h2"], 1))
    rows = [[_("District"), _("Evaluation area"), _("Points earned"), _("Points scored")]]
    for e in evaluations:
        for area, _results, earned, weight in e.by_area():
            rows.append([e.district, area, numbers.quantity(earned), numbers.quantity(weight)])
    story.append(_table(rows, [width * 0.25, width * 0.35, width * 0.2, width * 0.2], styles))
    story.append(_heading(_("National medians of the last five years"), styles["h2"], 1))
    rows = [[_("Indicator"), *[str(y) for y in years]]]
    for r in evaluations[0].results:
        rows.append([r.name, *[fmt.amount(v, r.unit) for _y, v in r.median_history]])
    col = (width * 0.65) / max(len(years), 1)
    story.append(_table(rows, [width * 0.35, *[col] * len(years)], styles))
    if not national:
        e = evaluations[0]
        story.append(_heading(_("The district's last five years"), styles["h2"], 1))
        rows = [[_("Indicator"), *[str(y) for y in years]]]
        for r in e.results:
            rows.append([r.name, *[fmt.amount(v, r.unit) for _y, v in r.history]])
        story.append(_table(rows, [width * 0.35, *[col] * len(years)], styles))
    return story


def write(
    f: BinaryIO,
    evaluations: Sequence[DistrictEvaluation],
    *,
    title: str,
    meta: Sequence[str] = (),
    sections: Sequence[tuple[str, str]] = (),
    national: bool = False,
    on_page: Callable[[int, int], None] | None = None,
) -> int:
    """Write the PDF into `f`; the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Spacer
    from reportlab.platypus.tableofcontents import TableOfContents

    styles = _styles()
    width = A4[0] - 2 * MARGIN

    def story() -> list[Any]:
        toc = TableOfContents()
        toc.levelStyles = [styles["toc0"], styles["toc1"]]
        toc.dotsMinLevel = 0
        items: list[Any] = [Spacer(1, 120), _p(title, styles["title"])]
        items += [_p(line, styles["body"]) for line in meta]
        if national:
            items.append(Spacer(1, 12))
            items.append(
                _p(
                    _("Figures of fewer than %(n)s people are not shown (–).")
                    % {"n": suppress_below()},
                    styles["small"],
                )
            )
        items += [PageBreak(), _p(_("Contents"), styles["h1"]), toc, PageBreak()]
        if national:
            items += _national_story(evaluations, styles, width)
        elif evaluations:
            items += _district_story(evaluations[0], sections, styles, width)
        items += _appendix(evaluations, styles, width, national)
        return items

    doc = _Doc(f, title=title, on_page=on_page)
    for _attempt in range(3):
        doc.multiBuild(story())
        if doc.total == doc.seen:
            break
    f.flush()
    return int(doc.seen)
