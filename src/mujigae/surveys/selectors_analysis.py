"""Reads for survey analysis: distributions, number statistics, hiring-demand
roll-ups and cross-tabs, with small groups suppressed for non-coordinators.

Every figure is counted in SQL with GROUP BY, one query per question *kind*
(not per question), so the page costs a fixed handful of queries whatever the
number of responses. Only submitted responses count.

Access: the caller has already fetched the survey through
``policy.access(user, Survey, pk)``. These selectors read responses and answers
of that one survey *as aggregates*; whether identities (company names, free
text) may be shown is the caller's ``reveal`` flag, which is
``policy.can_manage(user, survey)`` (the district's coordinators).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    Max,
    Min,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext

from mujigae.partners.models import Organisation
from mujigae.surveys.models import (
    SIZE_BOUNDS,
    Answer,
    AnswerOption,
    HiringDemand,
    Question,
    QuestionKind,
    Response,
    Survey,
    Timing,
)

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.SCALE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SIZE_CLASSES = tuple(SIZE_BOUNDS)  # micro, small, medium, large
TIMINGS = tuple(Timing.values)


# ------------------------------------------------------------- suppression
def threshold() -> int:
    return int(getattr(settings, "MUJIGAE_SUPPRESS_BELOW", 3))


def suppress(count: Any, companies: int | None, threshold_: int | None = None) -> Any:
    """`count` if the group may be shown, else None.

    A group (an option count, a cross-tab cell, a roll-up row, a filtered
    result) based on fewer than `threshold` distinct companies is suppressed;
    an empty group (0 companies) identifies nobody and is shown. Pages render
    None as "<3" / "—", exports as a blank cell. The one rule for both."""
    limit = threshold() if threshold_ is None else threshold_
    if companies is not None and 0 < companies < limit:
        return None
    return count


@dataclass(frozen=True)
class Disclosure:
    """What one viewer may see: coordinators (reveal=True) see everything."""

    reveal: bool

    def __call__(self, count: Any, companies: int | None) -> Any:
        return count if self.reveal else suppress(count, companies)


def complement(cells: list[tuple[int | None, int]]) -> set[int]:
    """Secondary suppression for a group of cells that add up to a total that is
    shown: with exactly one cell hidden, the others would give it away (total −
    the rest). Returns the indexes of the cells to hide as well: the smallest
    non-zero shown cell, so that at least two cells are hidden.

    `cells` = (shown value or None, true value) per cell, in order."""
    hidden = [i for i, (shown, _true) in enumerate(cells) if shown is None]
    if len(hidden) != 1:
        return set()
    candidates = [(true, i) for i, (shown, true) in enumerate(cells) if shown and true]
    return {min(candidates)[1]} if candidates else set()


# ----------------------------------------------------------------- filters
@dataclass(frozen=True)
class Filters:
    size: str = ""  # Response.size_class
    industry: int | None = None  # an Industry id: the responding organisation's industries
    area: str = ""  # Organisation.area

    @property
    def active(self) -> bool:
        return bool(self.size or self.industry or self.area)


def through(prefix: str, survey: Survey, filters: Filters | None = None) -> dict[str, Any]:
    """Lookups selecting the submitted responses of `survey` that pass `filters`,
    reached through the relation `prefix` ("" for Response itself, "response__"
    for Answer and HiringDemand, "answer__response__" for AnswerOption).

    A join, not `response_id IN (subquery)`: at national scale the planners
    (SQLite especially) run the join two to three times faster."""
    f = filters or Filters()
    lookups: dict[str, Any] = {f"{prefix}survey_id": survey.pk, f"{prefix}is_submitted": True}
    if f.size:
        lookups[f"{prefix}size_class"] = f.size
    if f.industry:
        # A subquery, so a company with several industries is not counted twice.
        lookups[f"{prefix}organisation_id__in"] = Organisation.objects.filter(
            industries=f.industry
        ).values("pk")
    if f.area:
        lookups[f"{prefix}organisation__area"] = f.area
    return lookups


def submitted_responses(survey: Survey, filters: Filters | None = None) -> QuerySet[Response]:
    """The submitted responses of `survey` that pass `filters`."""
    return Response.objects.filter(**through("", survey, filters))


def filter_choices(survey: Survey) -> dict[str, list[tuple[Any, str]]]:
    """Industries of the survey's district and areas of the responding companies."""
    industries = [(i.pk, i.name) for i in survey.district.industries.order_by("name")]
    areas = (
        Response.objects.filter(survey_id=survey.pk, is_submitted=True)
        .exclude(organisation__area="")
        .values_list("organisation__area", flat=True)
        .distinct()
        .order_by("organisation__area")
    )
    return {"industries": industries, "areas": [(a, a) for a in areas]}


# ---------------------------------------------------------------- results
@dataclass
class OptionRow:
    value: str
    label: str
    count: int | None  # None = suppressed
    pct: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int | None
    options: list[OptionRow] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)  # number: n, mean, median, min, max
    years: list[tuple[int, int | None]] = field(default_factory=list)  # date: (year, count)
    date_range: tuple[Any, Any] | None = None

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class RollupRow:
    key: str
    label: str
    headcount: int | None
    companies: int | None


@dataclass
class CrossTab:
    rows: list[tuple[str, str]]  # (key, label)
    cols: list[tuple[str, str]]
    cells: dict[tuple[str, str], int | None]  # headcount, None = suppressed
    row_totals: dict[str, int | None]
    col_totals: dict[str, int | None]
    total: int | None

    def table(self) -> list[tuple[str, list[int | None], int | None]]:
        return [
            (label, [self.cells.get((r, c)) for c, _ in self.cols], self.row_totals.get(r))
            for r, label in self.rows
        ]

    @property
    def col_total_list(self) -> list[int | None]:
        return [self.col_totals.get(c) for c, _ in self.cols]


@dataclass
class Hiring:
    total_headcount: int | None
    companies: int | None
    by_unit: list[RollupRow]
    by_occupation: list[RollupRow]
    by_timing: list[RollupRow]
    by_size: list[RollupRow]
    size_by_timing: CrossTab


@dataclass
class Analysis:
    survey: Survey
    filters: Filters
    reveal: bool
    respondents: int | None  # submitted responses passing the filters (suppressed if small)
    results: list[QuestionResult]
    hiring: Hiring | None


def _pct(count: int | None, base: int | None) -> float | None:
    if count is None or not base:
        return None
    return round(100.0 * count / base, 1)


def size_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "micro": _("Micro (under 10)"),
        "small": _("Small (10–49)"),
        "medium": _("Medium (50–299)"),
        "large": _("Large (300 and more)"),
        "": _("Unknown"),
    }


def results_version(survey: Survey) -> tuple[int, str]:
    """Changes whenever a response is submitted (or withdrawn): one indexed query."""
    agg = Response.objects.filter(survey_id=survey.pk, is_submitted=True).aggregate(
        n=Count("id"), last=Max("submitted_at")
    )
    return agg["n"], agg["last"].isoformat() if agg["last"] else ""


def survey_analysis(*, survey: Survey, reveal: bool, filters: Filters | None = None) -> Analysis:
    """Every figure of the analysis page, cached until the next submission.

    Reading every answer of a national survey (800,000 rows) takes about a
    second; the figures only change when a company submits, so they are kept in
    the cache (Django's CACHES: per process by default, Redis for several app
    servers) under a key that includes the number and time of the latest
    submission, the filters and whether identities are shown."""
    filters = filters or Filters()
    n, last = results_version(survey)
    key = "surveys:analysis:" + ":".join(
        str(part)
        for part in (
            survey.pk,
            n,
            last,
            int(bool(reveal)),
            filters.size,
            filters.industry or "",
            filters.area,
            threshold(),
        )
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _compute_analysis(survey=survey, reveal=reveal, filters=filters)
    cache.set(key, result, timeout=getattr(settings, "MUJIGAE_ANALYSIS_CACHE_SECONDS", 3600))
    return result


def _compute_analysis(*, survey: Survey, reveal: bool, filters: Filters) -> Analysis:
    """Every figure of the analysis page in a fixed number of queries."""
    show = Disclosure(reveal)
    responses = submitted_responses(survey, filters)
    questions = list(survey.questions.order_by("section__position", "position"))
    by_kind: dict[str, list[int]] = defaultdict(list)
    for q in questions:
        by_kind[q.kind].append(q.pk)
    n_respondents = responses.count()

    (answered, choice_counts, number_stats, date_stats, date_years) = _answer_groups(
        survey, filters, by_kind
    )
    if by_kind[QuestionKind.MULTI]:
        for qid, value, n in (
            AnswerOption.objects.filter(
                **answer_scope(survey, filters, by_kind[QuestionKind.MULTI], "answer__response__")
            )
            .values_list("question_id", "value")
            # one row per ticked option: the answer service stores each value once
            .annotate(n=Count("*"))
            .order_by()
        ):
            choice_counts[qid][value] = n
    _add_medians(survey, filters, number_stats)
    hiring_answered: dict[int, int] = {}
    if by_kind[QuestionKind.HIRING]:
        hiring_answered = dict(
            HiringDemand.objects.filter(
                question_id__in=by_kind[QuestionKind.HIRING],
                **through("response__", survey, filters),
            )
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )

    results = []
    for q in questions:
        n = hiring_answered.get(q.pk, 0) if q.kind == QuestionKind.HIRING else answered.get(q.pk, 0)
        shown_n = show(n, n)
        r = QuestionResult(question=q, answered=shown_n)
        if q.kind in (*CHOICE_KINDS, QuestionKind.MULTI):
            counts = choice_counts.get(q.pk, {})
            options = [(str(o["value"]), o["label"]) for o in q.options]
            if q.kind == QuestionKind.SCALE and not options:
                options = [(str(i), q.answer_label(str(i))) for i in range(1, 6)]
            known = {v for v, _ in options}
            options += [(v, v) for v in sorted(counts) if v not in known]  # stale values
            for value, label in options:
                c = counts.get(value, 0)
                # one response = one company; when the question's total is hidden,
                # even a zero would tell which option the few companies chose
                shown = show(c, c) if shown_n is not None else None
                r.options.append(
                    OptionRow(value, label, shown, _pct(shown, shown_n) if shown_n else None)
                )
            if not reveal and q.kind in CHOICE_KINDS and shown_n is not None:
                # one answer per company: the options add up to the total shown
                cells = [(o.count, counts.get(o.value, 0)) for o in r.options]
                for i in complement(cells):
                    r.options[i].count = r.options[i].pct = None
        elif q.kind == QuestionKind.NUMBER:
            s = number_stats.get(q.pk)
            if s and show(s["n"], s["n"]) is not None:
                # the minimum and the maximum are one company's own answer
                r.stats = s if reveal else {**s, "min": None, "max": None}
            elif s:
                r.stats = {"n": None}
        elif q.kind == QuestionKind.DATE:
            lo_hi = date_stats.get(q.pk)
            if lo_hi and shown_n is not None and reveal:  # one company's own dates
                r.date_range = lo_hi
            r.years = [(y, show(c, c)) for y, c in date_years.get(q.pk, [])]
        results.append(r)

    hiring = (
        hiring_rollups(survey=survey, filters=filters, reveal=reveal)
        if by_kind[QuestionKind.HIRING]
        else None
    )
    return Analysis(
        survey=survey,
        filters=filters,
        reveal=reveal,
        respondents=show(n_respondents, n_respondents),
        results=results,
        hiring=hiring,
    )


def answer_scope(
    survey: Survey, filters: Filters, question_ids: list[int], prefix: str = "response__"
) -> dict[str, Any]:
    """Lookups for the submitted answers (Answer, or AnswerOption with prefix
    "answer__response__") to `question_ids` of `survey` that pass `filters`.

    Without filters no join at all: the answer rows carry `submitted`, and the
    (question, submitted, …) indexes hold everything the counts need, so the
    database reads the indexes alone. With filters, the responses are joined."""
    lookups: dict[str, Any] = {"question_id__in": question_ids, "submitted": True}
    if filters.active:
        lookups.update(through(prefix, survey, filters))
    return lookups


def _answer_groups(survey: Survey, filters: Filters, by_kind: dict[str, list[int]]) -> tuple:
    """The answers counted per kind, each scan as narrow as its figures:

    * every question but numbers: how many answered, and for single/scale the
      count per choice — one GROUP BY (question, choice) over the index
      (question, submitted, choice);
    * number: n, mean, min and max over the index (question, submitted, number);
    * date: the count per year, earliest and latest, over (question, submitted, date)."""
    answered: dict[int, int] = defaultdict(int)
    choices: dict[int, dict[str, int]] = defaultdict(dict)
    numbers: dict[int, dict[str, Any]] = {}
    ranges: dict[int, tuple[Any, Any]] = {}
    years: dict[int, list[tuple[int, int]]] = defaultdict(list)
    counted = [
        qid
        for kind, ids in by_kind.items()
        if kind not in (QuestionKind.NUMBER, QuestionKind.HIRING, QuestionKind.DATE)
        for qid in ids
    ]
    choice_ids = {qid for kind in CHOICE_KINDS for qid in by_kind[kind]}
    if counted:
        for qid, choice, n in (
            Answer.objects.filter(**answer_scope(survey, filters, counted))
            .values_list("question_id", "choice")
            .annotate(n=Count("*"))
            .order_by()
        ):
            answered[qid] += n
            if choice and qid in choice_ids:
                choices[qid][choice] = n
    if by_kind[QuestionKind.NUMBER]:
        for qid, n, mean, lo, hi in (
            Answer.objects.filter(
                **answer_scope(survey, filters, by_kind[QuestionKind.NUMBER]),
                number__isnull=False,
            )
            .values_list("question_id")
            .annotate(n=Count("*"), mean=Avg("number"), lo=Min("number"), hi=Max("number"))
            .order_by()
        ):
            answered[qid] += n
            numbers[qid] = {"n": n, "mean": mean, "min": lo, "max": hi, "median": None}
    if by_kind[QuestionKind.DATE]:
        per_year: dict[tuple[int, int], int] = defaultdict(int)
        # Grouped by the date itself over the (question, submitted, date) index;
        # the years are folded here (a few hundred distinct dates, not 20,000 rows).
        for qid, day, n in (
            Answer.objects.filter(
                **answer_scope(survey, filters, by_kind[QuestionKind.DATE]), date__isnull=False
            )
            .values_list("question_id", "date")
            .annotate(n=Count("*"))
            .order_by()
        ):
            answered[qid] += n
            per_year[(qid, day.year)] += n
            lo_hi = ranges.get(qid)
            ranges[qid] = (day, day) if lo_hi is None else (min(lo_hi[0], day), max(lo_hi[1], day))
        for (qid, year), n in sorted(per_year.items()):
            years[qid].append((year, n))
    return answered, choices, numbers, ranges, years


def _add_medians(survey: Survey, filters: Filters, stats: dict[int, dict[str, Any]]) -> None:
    """The median of each number question: its middle one or two values, read
    from the (question, submitted, number) index in order — the count is known,
    so the database skips to the middle instead of sorting every value."""
    for qid, s in stats.items():
        n = s["n"]
        if not n:
            continue
        middle = list(
            Answer.objects.filter(**answer_scope(survey, filters, [qid]), number__isnull=False)
            .order_by("number")
            .values_list("number", flat=True)[(n - 1) // 2 : n // 2 + 1]
        )
        if middle:
            s["median"] = statistics.fmean(middle)


# ------------------------------------------------------------ free text
def text_answers(
    *, survey: Survey, question: Question, filters: Filters | None = None, q: str = ""
) -> QuerySet:
    """Free-text answers of one question (coordinators only: the caller checks)."""
    qs = (
        Answer.objects.filter(question_id=question.pk, **through("response__", survey, filters))
        .exclude(text="")
        .select_related("response__organisation")
        .only("text", "response__organisation__name", "response__submitted_at")
    )
    if q:
        qs = qs.filter(text__icontains=q)
    return qs.order_by("response__organisation__name", "pk")


# --------------------------------------------------------- hiring demand
def split_units(value: str) -> list[str]:
    """'A, B ,,A' -> ['A', 'B'] (trimmed, empty and repeated units dropped)."""
    seen: dict[str, None] = {}
    for part in (value or "").split(","):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def _rollup(
    rows: Iterable[tuple[Any, int | None, int]],
    show: Disclosure,
    labels: dict[str, str] | None = None,
) -> list[RollupRow]:
    labels = labels or {}
    result = []
    for key, h, c in rows:
        companies = show(c, c)
        if key in labels:
            label = str(labels[key])
        elif companies is None:
            # A company's own words (an occupation, a unit name) would identify
            # it as surely as a count: hidden with the figures.
            label = gettext("(fewer than %(n)s companies)") % {"n": threshold()}
        else:
            label = str(key)
        # the key stays for code (never shown); the page and exports show the label
        result.append(RollupRow(str(key), label, show(h or 0, c), companies))
    return result


def _ranked(rows: list[RollupRow]) -> list[RollupRow]:
    """Largest first; suppressed rows last in name order, so their place in the
    ranking does not hint at their size."""
    return sorted(rows, key=lambda r: (r.headcount is None, -(r.headcount or 0), r.label))


def _complete_crosstab(
    cross: CrossTab,
    cells_raw: dict[tuple[str, str], tuple[int, int]],
    rows_raw: dict[str, tuple[int, int]],
    cols_raw: dict[str, tuple[int, int]],
    row_keys: list[str],
    col_keys: list[str],
) -> None:
    """Secondary suppression in the size × timing table: every row and column
    whose total is shown must not have exactly one hidden cell. Hiding a cell
    can expose another line, so repeat until nothing changes."""

    def true(key: tuple[str, str]) -> int:
        return (cells_raw.get(key) or (0, 0))[0] or 0

    for _round in range(len(row_keys) + len(col_keys)):
        changed = False
        lines = [
            [(r, c) for c in col_keys] for r in row_keys if cross.row_totals.get(r) is not None
        ]
        lines += [
            [(r, c) for r in row_keys] for c in col_keys if cross.col_totals.get(c) is not None
        ]
        for line in lines:
            picks = complement([(cross.cells.get(k), true(k)) for k in line])
            for i in picks:
                cross.cells[line[i]] = None
                changed = True
        if not changed:
            return


def hiring_rollups(*, survey: Survey, reveal: bool, filters: Filters | None = None) -> Hiring:
    show = Disclosure(reveal)
    # One plain read of the rows (no GROUP BY, no sort: a join scan), every
    # roll-up in Python; five GROUP BYs over the same join cost several times more.
    qs = (
        HiringDemand.objects.filter(**through("response__", survey, filters))
        .values_list(
            "response_id",
            "response__size_class",
            "occupation",
            "timing",
            "competency_units",
            "headcount",
        )
        .order_by()
    )
    head: dict[tuple[str, Any], int] = defaultdict(int)
    firms: dict[tuple[str, Any], set[int]] = defaultdict(set)
    # The roll-up keys of a row depend on (size, occupation, timing, units) only,
    # and those combinations repeat: built once each.
    keys_of: dict[tuple, tuple] = {}
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            for response_id, size, occupation, timing, units, h in chunk:
                combo = (size, occupation, timing, units)
                keys = keys_of.get(combo)
                if keys is None:
                    keys = keys_of[combo] = (
                        ("all", None),
                        ("occupation", occupation),
                        ("timing", timing),
                        ("size", size),
                        ("cross", (size, timing)),
                        *(("unit", unit) for unit in split_units(units)),
                    )
                for key in keys:
                    head[key] += h
                    firms[key].add(response_id)

    def grouped(kind: str) -> list[tuple[Any, int, int]]:
        return [(k, h, len(firms[(g, k)])) for (g, k), h in head.items() if g == kind]

    total = {"h": head.get(("all", None), 0), "c": len(firms.get(("all", None), ()))}
    timing_labels = dict(Timing.choices)
    sizes = size_labels()
    by_occupation = sorted(grouped("occupation"), key=lambda r: (-(r[1] or 0), r[0]))
    by_timing_raw = {k: (h, c) for k, h, c in grouped("timing")}
    by_size_raw = {k: (h, c) for k, h, c in grouped("size")}
    cross_raw = {k: (h, c) for k, h, c in grouped("cross")}
    by_unit = sorted(grouped("unit"), key=lambda r: (-r[1], r[0]))

    timing_keys = list(TIMINGS)
    size_keys = list(SIZE_CLASSES) + ([""] if "" in by_size_raw else [])
    cross = CrossTab(
        rows=[(s, sizes.get(s, s)) for s in size_keys],
        cols=[(t, str(timing_labels[t])) for t in timing_keys],
        cells={k: show(h or 0, c) for k, (h, c) in cross_raw.items()},
        row_totals={s: show(h or 0, c) for s, (h, c) in by_size_raw.items()},
        col_totals={t: show(h or 0, c) for t, (h, c) in by_timing_raw.items()},
        total=show(total["h"] or 0, total["c"]),
    )
    for s in size_keys:
        for t in timing_keys:
            cross.cells.setdefault((s, t), 0)
        cross.row_totals.setdefault(s, 0)
    for t in timing_keys:
        cross.col_totals.setdefault(t, 0)
    if not reveal:
        _complete_crosstab(cross, cross_raw, by_size_raw, by_timing_raw, size_keys, timing_keys)
    by_timing = _rollup(
        [(t, *by_timing_raw.get(t, (0, 0))) for t in timing_keys], show, timing_labels
    )
    by_size = _rollup([(s, *by_size_raw.get(s, (0, 0))) for s in size_keys], show, sizes)
    if not reveal and show(total["h"], total["c"]) is not None:
        # every row has one timing and one size: each list adds up to the total
        for rows_ in (by_timing, by_size):
            true = [by_timing_raw if rows_ is by_timing else by_size_raw][0]
            cells = [(r.headcount, (true.get(r.key) or (0, 0))[0]) for r in rows_]
            for i in complement(cells):
                rows_[i].headcount = None
    return Hiring(
        total_headcount=show(total["h"] or 0, total["c"]),
        companies=show(total["c"], total["c"]),
        by_unit=_ranked(_rollup(by_unit, show)),
        by_occupation=_ranked(_rollup(by_occupation, show)),
        by_timing=by_timing,
        by_size=by_size,
        size_by_timing=cross,
    )


def hiring_demand_by_unit(
    *, district_id: int | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """Hiring demand per competency unit × district × year, for the gap analysis.

    Contract:

    * Counts only rows of **submitted** responses (drafts are ignored), of every
      survey; all districts when `district_id` is None, every year when `year`
      is None. `year` is the year the hire is wanted (survey year + timing).
    * `competency_units` is split on commas and trimmed; empty parts and a unit
      repeated within one row are dropped; rows without units are left out.
    * A row's headcount counts in full for *each* unit it lists (a role needing
      units A and B is demand for both), so summing over units can exceed the
      number of people wanted.
    * Returns a list of dicts ``{competency_unit, district_id, year, headcount,
      companies}`` sorted by district, year, then headcount descending and unit;
      `companies` is the number of distinct responding companies.
    * No suppression and no access check: aggregates for internal computation;
      whoever shows them applies `suppress` for their viewer.

    SQL groups the rows by (competency_units, district, year, response); only
    those grouped tuples are split in Python.
    """
    qs = HiringDemand.objects.filter(response__is_submitted=True).exclude(competency_units="")
    if district_id is not None:
        qs = qs.filter(district_id=district_id)
    if year is not None:
        qs = qs.filter(year=year)
    head: dict[tuple[str, int, int], int] = defaultdict(int)
    companies: dict[tuple[str, int, int], set[int]] = defaultdict(set)
    for units, d, y, response_id, h in (
        qs.values_list("competency_units", "district_id", "year", "response_id")
        .annotate(h=Sum("headcount"))
        .order_by()
        .iterator(chunk_size=5000)
    ):
        for unit in split_units(units):
            key = (unit, d, y)
            head[key] += h or 0
            companies[key].add(response_id)
    out = [
        {
            "competency_unit": unit,
            "district_id": d,
            "year": y,
            "headcount": h,
            "companies": len(companies[(unit, d, y)]),
        }
        for (unit, d, y), h in head.items()
    ]
    out.sort(key=lambda r: (r["district_id"], r["year"], -r["headcount"], r["competency_unit"]))
    return out


@dataclass
class Timeline:
    """Responses over time: per day (KST) from the first invitation sent to the
    deadline (or today, if earlier), the submitted responses so far."""

    days: list[Any]  # dates
    cumulative: list[int]
    invited: int


def response_timeline(*, survey: Survey, today: Any = None) -> Timeline | None:
    """None when nothing was sent yet. A response counts on the day (KST) it
    was submitted; the last day is the deadline, or today while it is open."""
    first = survey.invitations.aggregate(at=Min("sent_at"))["at"]
    submitted = list(
        Response.objects.filter(survey=survey, is_submitted=True, submitted_at__isnull=False)
        .values_list("submitted_at", flat=True)
        .order_by("submitted_at")
    )
    if first is None and not submitted:
        return None
    today = today or timezone.localdate()
    days_of = [timezone.localdate(at) for at in submitted]
    starts = ([timezone.localdate(first)] if first else []) + days_of[:1]
    start = min(starts)
    end = today
    if survey.deadline is not None:
        end = min(end, timezone.localdate(survey.deadline))
    if days_of:
        end = max(end, days_of[-1])
    end = max(end, start)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    per_day: dict[Any, int] = defaultdict(int)
    for d in days_of:
        per_day[d] += 1
    cumulative, total = [], 0
    for d in days:
        total += per_day.get(d, 0)
        cumulative.append(total)
    return Timeline(days=days, cumulative=cumulative, invited=survey.invitations.count())
