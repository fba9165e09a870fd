"""Survey exports: the whole survey as xlsx, the raw responses as CSV.

Both go through the one writer (`core.exports`: formulas neutralised, control
characters removed) and both stream: the xlsx is a write-only workbook sent
from a temporary file (rows come from `.iterator()` over `values_list`, so
memory stays flat as responses grow); the CSV is streamed line by line in UTF-8
with a BOM so Korean opens correctly in Excel.

Privacy: the raw sheets (who answered what) are written only when `reveal`
(the district's coordinators); every aggregate goes through
`selectors_analysis.suppress`, and a suppressed figure is a blank cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from mujigae.core.exports import XlsxWriter, csv_response
from mujigae.surveys import selectors_analysis as sa
from mujigae.surveys.models import Answer, HiringDemand, Question, QuestionKind, Survey, Timing

CHUNK = 2000


def question_header(q: Question) -> str:
    """A question as a column or sheet heading: its text, as the company read it."""
    return q.text


def raw_questions(survey: Survey) -> list[Question]:
    return [
        q
        for q in survey.questions.order_by("section__position", "position")
        if q.kind != QuestionKind.HIRING
    ]


def raw_headers(questions: list[Question]) -> list[str]:
    return [_("Company"), _("Company size"), _("Submitted at")] + [
        question_header(q) for q in questions
    ]


def _value(q: Question, choice: str, choices: Any, number: Any, text: str, date: Any) -> Any:
    if q.kind == QuestionKind.SINGLE:
        return q.option_label(choice) if choice else None
    if q.kind == QuestionKind.SCALE:
        return int(choice) if choice.isdigit() else (choice or None)
    if q.kind == QuestionKind.MULTI:
        return "; ".join(q.option_label(v) for v in choices or []) or None
    if q.kind == QuestionKind.NUMBER:
        return number
    if q.kind == QuestionKind.DATE:
        return date
    return text or None


def raw_rows(
    survey: Survey, questions: list[Question], filters: sa.Filters | None = None
) -> Iterator[list[Any]]:
    """One row per submitted response: company, size, submitted time, one value
    per question. Responses and answers are read by two ordered iterators and
    merged, so only one response's answers are in memory at a time."""
    sizes = sa.size_labels()
    column = {q.pk: i for i, q in enumerate(questions)}
    by_id = {q.pk: q for q in questions}
    responses = sa.submitted_responses(survey, filters)
    answers = (
        Answer.objects.filter(
            question_id__in=list(column), **sa.through("response__", survey, filters)
        )
        .order_by("response_id")
        .values_list("response_id", "question_id", "choice", "choices", "number", "text", "date")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(answers, None)
    for rid, name, size, submitted in (
        responses.order_by("pk")
        .values_list("pk", "organisation__name", "size_class", "submitted_at")
        .iterator(chunk_size=CHUNK)
    ):
        values: list[Any] = [None] * len(questions)
        while pending is not None and pending[0] <= rid:
            if pending[0] == rid:
                q = by_id[pending[1]]
                values[column[q.pk]] = _value(q, *pending[2:])
            pending = next(answers, None)
        yield [name, sizes.get(size, size), submitted, *values]


def hiring_headers() -> list[str]:
    return [
        _("Company"),
        _("Company size"),
        _("Question"),
        _("occupation"),
        _("competency units needed"),
        _("headcount"),
        _("timing"),
        _("Year"),
        _("would take field-training students"),
    ]


def hiring_rows(survey: Survey, filters: sa.Filters | None = None) -> Iterator[list[Any]]:
    sizes = sa.size_labels()
    timings = dict(Timing.choices)
    for row in (
        HiringDemand.objects.filter(**sa.through("response__", survey, filters))
        .order_by("response__organisation__name", "pk")
        .values_list(
            "response__organisation__name",
            "response__size_class",
            "question__text",
            "occupation",
            "competency_units",
            "headcount",
            "timing",
            "year",
            "accepts_trainees",
        )
        .iterator(chunk_size=CHUNK)
    ):
        name, size, question, occ, units, head, timing, year, trainees = row
        yield [
            name,
            sizes.get(size, size),
            question,
            occ,
            units,
            head,
            str(timings.get(timing, timing)),
            year,
            _("Yes") if trainees else _("No"),
        ]


# -------------------------------------------------------------------- xlsx
def _distribution_sheet(wb: XlsxWriter, r: sa.QuestionResult) -> None:
    q = r.question
    sheet = wb.sheet(question_header(q))
    sheet.header([question_header(q)])
    sheet.row([_("Answered"), r.answered])
    if q.kind in (*sa.CHOICE_KINDS, QuestionKind.MULTI):
        sheet.header([_("Option"), _("Count"), _("Percent")])
        for o in r.options:
            sheet.row([o.label, o.count, o.pct])
    elif q.kind == QuestionKind.NUMBER:
        sheet.header([_("Statistic"), _("Value")])
        for key, label in (
            ("n", _("Count")),
            ("mean", _("Mean")),
            ("median", _("Median")),
            ("min", _("Minimum")),
            ("max", _("Maximum")),
        ):
            sheet.row([label, r.stats.get(key)])
    elif q.kind == QuestionKind.DATE:
        if r.date_range:
            sheet.row([_("Earliest"), r.date_range[0]])
            sheet.row([_("Latest"), r.date_range[1]])
        sheet.header([_("Year"), _("Count")])
        for year, count in r.years:
            sheet.row([year, count])


def _rollup_sheet(wb: XlsxWriter, title: str, key_header: str, rows: list[sa.RollupRow]) -> None:
    sheet = wb.sheet(title)
    sheet.header([key_header, _("headcount"), _("Companies")])
    for r in rows:
        sheet.row([r.label, r.headcount, r.companies])


def _crosstab_sheet(wb: XlsxWriter, title: str, tab: sa.CrossTab) -> None:
    sheet = wb.sheet(title)
    sheet.header([_("Company size"), *[label for _c, label in tab.cols], _("Total")])
    for label, cells, total in tab.table():
        sheet.row([label, *cells, total])
    sheet.row([_("Total"), *tab.col_total_list, tab.total])


def survey_xlsx(
    *, survey: Survey, reveal: bool, filters: sa.Filters | None = None
) -> HttpResponseBase:
    wb = XlsxWriter()
    if reveal:
        questions = raw_questions(survey)
        wb.add(_("Responses"), raw_headers(questions), raw_rows(survey, questions, filters))
    analysis = sa.survey_analysis(survey=survey, reveal=reveal, filters=filters)
    if analysis.hiring is not None:
        if reveal:
            wb.add(_("Hiring demand"), hiring_headers(), hiring_rows(survey, filters))
        h = analysis.hiring
        _rollup_sheet(wb, _("Demand by unit"), _("Competency unit"), h.by_unit)
        _rollup_sheet(wb, _("Demand by occupation"), _("occupation"), h.by_occupation)
        _rollup_sheet(wb, _("Demand by timing"), _("timing"), h.by_timing)
        _rollup_sheet(wb, _("Demand by size"), _("Company size"), h.by_size)
        _crosstab_sheet(wb, _("Size x timing"), h.size_by_timing)
    for r in analysis.results:
        if r.kind != QuestionKind.HIRING:
            _distribution_sheet(wb, r)
    return wb.response(f"{survey.title}.xlsx", fallback="survey.xlsx", stream=True)


# --------------------------------------------------------------------- csv
def survey_csv(*, survey: Survey, filters: sa.Filters | None = None) -> StreamingHttpResponse:
    """The raw responses (coordinators only: the route rule says so)."""
    questions = raw_questions(survey)
    return csv_response(
        f"{survey.title}.csv",
        raw_headers(questions),
        raw_rows(survey, questions, filters),
        fallback="survey.csv",
    )
