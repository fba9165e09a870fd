"""Reads of the skills-gap analysis: the heat map, the ranked gaps, the
drill-down to source rows and the export, each for one viewer.

Access: figures go through `policy.visible(user, GapFigure)` (the own district;
the ministry every district and the national rows). Privacy follows the
surveys' rule (`surveys.selectors_analysis.suppress`): for everyone but the
district's coordinators, a demand figure that rests on fewer than
MUJIGAE_SUPPRESS_BELOW companies is hidden (demand, gap, coverage and LQ of
that cell), such cells stay out of the ranked list and the ordering, and the
drill-down lists hiring rows company by company to coordinators only (a
company also sees its own rows); the others get counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from mujigae.competencies.models import CompetencyUnit, Occupation
from mujigae.core import policy
from mujigae.core.models import District, Industry
from mujigae.curriculum.models import Cohort
from mujigae.insights import sources
from mujigae.insights.models import GapFigure, GapRun
from mujigae.surveys.selectors_analysis import suppress, threshold

METRICS = ("gap", "coverage", "lq", "demand", "supply")
UNITS_PER_PAGE = 40
RANKED = 20


# ---------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """What the page looks at: one district, or the national roll-up (None)."""

    district: District | None
    reveal: bool  # may see company-level rows (the district's coordinators)
    company_id: int | None = None  # a company's own rows stay visible to it

    @property
    def is_national(self) -> bool:
        return self.district is None


def scope_for(user: Any, district_id: Any = None) -> Scope:
    """The district a viewer may look at: their own; the ministry picks one
    (`district_id`) or the national roll-up."""
    if getattr(user, "role", None) == policy.MINISTRY:
        district = None
        if str(district_id or "").isdigit():  # anything else: the form says why
            district = policy.visible(user, District).filter(pk=int(district_id)).first()
        return Scope(district=district, reveal=False)
    district = policy.home_district(user)
    reveal = district is not None and policy.can_manage(user, district)
    company = user.organisation_id if getattr(user, "role", None) == policy.COMPANY else None
    return Scope(district=district, reveal=reveal, company_id=company)


def figures(user: Any, scope: Scope) -> QuerySet[GapFigure]:
    qs = policy.visible(user, GapFigure)
    if scope.district is None:
        return qs.filter(district__isnull=True)
    return qs.filter(district=scope.district)


def filter_choices(user: Any, scope: Scope) -> dict[str, Any]:
    industries = policy.visible(user, Industry)
    occupations = Occupation.objects.all()
    if scope.district is not None:
        industries = industries.filter(district=scope.district)
        occupations = occupations.filter(district=scope.district)
    elif getattr(user, "role", None) != policy.MINISTRY:
        industries, occupations = industries.none(), occupations.none()
    return {
        "districts": policy.visible(user, District).order_by("name"),
        "industries": industries.order_by("name"),
        "occupations": occupations.select_related("district").order_by("district", "name"),
    }


def years(user: Any, scope: Scope) -> tuple[int, int] | None:
    agg = figures(user, scope).aggregate(lo=Min("year"), hi=Max("year"))
    return None if agg["lo"] is None else (agg["lo"], agg["hi"])


def unit_ids_for(*, occupation: Occupation | None, industry: Industry | None) -> set[int] | None:
    """The units of an occupation or of an industry's occupations (None: all)."""
    ids: set[int] | None = None
    if occupation is not None:
        ids = set(occupation.units.values_list("pk", flat=True))
    if industry is not None:
        by_industry = set(
            CompetencyUnit.objects.filter(occupations__industry=industry).values_list(
                "pk", flat=True
            )
        )
        ids = by_industry if ids is None else ids & by_industry
    return ids


# ---------------------------------------------------------------- the heat map


@dataclass
class Cell:
    year: int
    demand: int | None
    supply: int
    gap: int | None
    coverage: float | None
    lq: float | None
    companies: int | None
    hiring_rows: int
    cohorts: int
    suppressed: bool = False
    tone: str = "na"

    def value(self, metric: str) -> Any:
        return getattr(self, metric)


@dataclass
class HeatRow:
    unit: CompetencyUnit
    cells: list[Cell | None]
    total_gap: int | None


@dataclass
class GapTable:
    years: list[int]
    rows: list[HeatRow]
    page: Any
    ranked: list[tuple[CompetencyUnit, Cell]]
    hidden: int  # cells hidden by the small-group rule
    metric: str
    totals: dict[str, Any] = field(default_factory=dict)
    # years with demand and supply data: only these are ranked and mapped
    compared: list[int] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (years, what is missing)
    lq_available: bool = True  # more than one district has demand data


def year_ranges(years: list[int]) -> list[str]:
    """[2023, 2024, 2025, 2028] → ["2023–2025", "2028"]."""
    out: list[str] = []
    run: list[int] = []
    for y in sorted(years):
        if run and y != run[-1] + 1:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
            run = []
        run.append(y)
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return out


def data_years(qs: QuerySet[GapFigure]) -> tuple[list[int], list[int], list[int]]:
    """(years with both demand and supply, years with supply but no demand,
    years with demand but no supply) among the figures of `qs`."""
    per_year = qs.values("year").annotate(d=Sum("demand"), s=Sum("supply")).order_by("year")
    both, no_demand, no_supply = [], [], []
    for row in per_year:
        has_d, has_s = (row["d"] or 0) > 0, (row["s"] or 0) > 0
        if has_d and has_s:
            both.append(row["year"])
        elif has_s:
            no_demand.append(row["year"])
        elif has_d:
            no_supply.append(row["year"])
    return both, no_demand, no_supply


def lq_available(years: list[int]) -> bool:
    """The location quotient compares a district with the nation: it means
    something only when more than one district has demand data (a count of
    districts, no figures, so it is read across every district)."""
    qs = GapFigure.objects.filter(district__isnull=False, demand__gt=0)
    if years:
        qs = qs.filter(year__in=years)
    return qs.values("district").distinct().order_by().count() > 1


def _shown(f: GapFigure, reveal: bool, lq: bool = True) -> Cell:
    hide = not reveal and suppress(f.demand, f.companies) is None
    return Cell(
        year=f.year,
        demand=None if hide else f.demand,
        supply=f.supply,
        gap=None if hide else f.gap,
        coverage=None if hide else f.coverage,
        lq=None if hide or not lq else f.lq,
        companies=None if hide else f.companies,
        hiring_rows=f.hiring_rows,
        cohorts=f.cohorts,
        suppressed=hide,
    )


def _disclosed(reveal: bool) -> Q:
    """Cells a non-coordinator may see: no company, or enough of them."""
    return Q() if reveal else Q(companies=0) | Q(companies__gte=threshold())


def tone(metric: str, value: Any, scale: float) -> str:
    """The colour class of a heat-map cell (the value is always written too).

    gap: red for a shortage, blue for a surplus, in 4 steps of |gap| ÷ the
    largest |gap| shown; coverage: red below 1 (0–25–50–75–100 %), blue above;
    LQ: blue steps above 1, grey below; demand and supply: 4 steps of the largest."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "na"
    if metric == "gap":
        if value == 0 or scale <= 0:
            return "z"
        step = min(4, max(1, math.ceil(4 * abs(value) / scale)))
        return f"s{step}" if value > 0 else f"p{step}"
    if metric == "coverage":
        if value < 1:
            return f"s{4 - min(3, int(value * 4))}"
        if value == 1:
            return "z"
        return "p1" if value <= 1.5 else "p2" if value <= 2 else "p3"
    if metric == "lq":
        if value <= 1:
            return "z"
        return "p1" if value <= 1.25 else "p2" if value <= 2 else "p3"
    if scale <= 0 or value == 0:
        return "z"
    return f"q{min(4, max(1, math.ceil(4 * value / scale)))}"


def gap_table(
    user: Any,
    scope: Scope,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_ids: set[int] | None = None,
    only_demand: bool = True,
    metric: str = "gap",
    page: Any = 1,
) -> GapTable:
    qs = figures(user, scope)
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    # only years with both demand and supply data are compared: a year
    # without survey demand would show every cohort as a surplus
    compared, no_demand, no_supply = data_years(qs)
    missing = [(r, "demand") for r in year_ranges(no_demand)] + [
        (r, "supply") for r in year_ranges(no_supply)
    ]
    missing.sort(key=lambda m: m[0])
    lq_ok = scope.is_national or lq_available(compared)
    mapped = qs.filter(year__in=compared) if metric in ("gap", "coverage", "lq") else qs
    span = sorted(set(mapped.values_list("year", flat=True).distinct().order_by()))
    disclosed = _disclosed(scope.reveal)
    units = (
        mapped.values("unit_id")
        .annotate(
            total_gap=Sum("gap", filter=disclosed & Q(year__in=compared)),
            total_demand=Sum("demand"),
        )
        .order_by()
    )
    if only_demand:
        units = units.filter(total_demand__gt=0)
    units = units.order_by(F("total_gap").desc(nulls_last=True), "unit__code")
    paginator = Paginator(units.values_list("unit_id", "total_gap"), UNITS_PER_PAGE)
    page_obj = paginator.get_page(page)
    ids = [u for u, _ in page_obj.object_list]
    totals = dict(page_obj.object_list)
    unit_by_id = CompetencyUnit.objects.in_bulk(ids)
    cells: dict[int, dict[int, Cell]] = defaultdict(dict)
    for f in mapped.filter(unit_id__in=ids):
        cells[f.unit_id][f.year] = _shown(f, scope.reveal, lq_ok)
    shown = [c for by_year in cells.values() for c in by_year.values()]
    values = [c.value(metric) for c in shown if c.value(metric) is not None]
    scale = max((abs(v) for v in values), default=0)
    for c in shown:
        c.tone = tone(metric, c.value(metric), scale)
    rows = [
        HeatRow(
            unit=unit_by_id[u],
            cells=[cells[u].get(y) for y in span],
            total_gap=totals.get(u)
            if any(c and not c.suppressed and c.year in compared for c in cells[u].values())
            else None,
        )
        for u in ids
    ]
    ranked_qs = (
        qs.filter(disclosed, gap__gt=0, year__in=compared)
        .select_related("unit")
        .order_by("-gap", "unit__code", "year")
    )
    ranked = [(f.unit, _shown(f, scope.reveal, lq_ok)) for f in ranked_qs[:RANKED]]
    hidden = 0 if scope.reveal else mapped.exclude(disclosed).count()
    agg = mapped.aggregate(
        demand=Sum("demand", filter=disclosed),
        supply=Sum("supply"),
        cells=Count("pk"),
    )
    return GapTable(
        years=span,
        rows=rows,
        page=page_obj,
        ranked=ranked,
        hidden=hidden,
        metric=metric,
        totals=agg,
        compared=compared,
        missing=missing,
        lq_available=lq_ok,
    )


# ---------------------------------------------------------------- the status box


@dataclass
class Computation:
    computed_at: Any
    figures: int
    last_run: GapRun | None  # the last finished one the viewer may see
    pending: GapRun | None  # one waiting or running
    failed: GapRun | None  # the last one, if it failed


def computation(user: Any, scope: Scope) -> Computation:
    qs = figures(user, scope)
    agg = qs.aggregate(at=Max("computed_at"), n=Count("pk"))
    runs = policy.visible(user, GapRun)
    if scope.district is not None:
        runs = runs.filter(Q(district=scope.district) | Q(district__isnull=True))
    last = runs.filter(status=GapRun.Status.DONE).order_by("-finished_at", "-pk").first()
    latest = runs.order_by("-created_at", "-pk").first()
    from mujigae.insights.services import STALE_AFTER  # one window for both

    pending = runs.filter(
        status__in=(GapRun.Status.QUEUED, GapRun.Status.RUNNING),
        created_at__gte=timezone.now() - STALE_AFTER,
    ).first()
    failed = latest if latest and latest.status == GapRun.Status.FAILED else None
    return Computation(agg["at"], agg["n"], last, pending, failed)


def run_status(user: Any, run_id: Any) -> GapRun | None:
    return policy.visible(user, GapRun).filter(pk=run_id).first() if run_id else None


# ---------------------------------------------------------------- drill-down


@dataclass
class DemandDetail:
    rows: list[dict[str, Any]]  # listed rows (coordinators: all; a company: its own)
    own_only: bool  # `rows` are the viewer's company's rows only
    headcount: int | None  # suppressed below the threshold for non-coordinators
    hiring_rows: int
    companies: int | None
    by_occupation: list[dict[str, Any]]
    by_year: dict[int, int]  # live headcount per year (coordinators' check)

    @property
    def hidden(self) -> bool:
        return self.headcount is None


def _candidates(
    unit: CompetencyUnit, district_ids: list[int] | None, year_range
) -> tuple[QuerySet, dict[int, list[int]]]:
    """Hiring rows that may need the unit: their text names its code, or a
    person confirmed the unit for them. The exact rule is applied afterwards."""
    bare = unit.code.split("_", 1)[0]
    tagged = sources.confirmed_units(district_ids)
    tagged_ids = [row for row, units in tagged.items() if unit.pk in units]
    qs = sources.submitted_hiring_rows(district_ids).filter(
        Q(competency_units__icontains=bare) | Q(pk__in=tagged_ids)
    )
    lo, hi = year_range
    if lo is not None:
        qs = qs.filter(year__gte=lo)
    if hi is not None:
        qs = qs.filter(year__lte=hi)
    return qs, tagged


def demand_detail(
    scope: Scope, unit: CompetencyUnit, *, year_from: int | None, year_to: int | None
) -> DemandDetail:
    district_ids = None if scope.district is None else [scope.district.pk]
    qs, tagged = _candidates(unit, district_ids, (year_from, year_to))
    resolver = sources.Resolver(tagged)
    matched = []
    for row in qs.select_related("response__organisation", "response__survey").order_by(
        "year", "occupation", "pk"
    ):
        if unit.pk in resolver.units_of(row.pk, row.competency_units):
            matched.append(row)
    companies = {r.response.organisation_id for r in matched}
    headcount = sum(r.headcount for r in matched)
    by_year: dict[int, int] = defaultdict(int)
    for r in matched:
        by_year[r.year] += r.headcount
    occ: dict[str, dict[str, Any]] = {}
    for r in matched:
        o = occ.setdefault(r.occupation, {"occupation": r.occupation, "headcount": 0, "c": set()})
        o["headcount"] += r.headcount
        o["c"].add(r.response.organisation_id)
    by_occupation = []
    for o in sorted(occ.values(), key=lambda o: (-o["headcount"], o["occupation"])):
        n = len(o["c"])
        hide = not scope.reveal and suppress(o["headcount"], n) is None
        by_occupation.append(
            {
                "occupation": o["occupation"],
                "headcount": None if hide else o["headcount"],
                "companies": None if hide else n,
                "hidden": hide,
            }
        )
    if scope.reveal:
        listed, own_only = matched, False
    else:
        listed = [
            r
            for r in matched
            if scope.company_id and r.response.organisation_id == scope.company_id
        ]
        own_only = True
    rows = [
        {
            "pk": r.pk,
            "year": r.year,
            "survey": r.response.survey.title,
            "company": r.response.organisation.name,
            "occupation": r.occupation,
            "headcount": r.headcount,
            "timing": r.get_timing_display(),
            "units_text": r.competency_units,
            "confirmed": unit.pk in tagged.get(r.pk, ()),
        }
        for r in listed
    ]
    reveal_totals = scope.reveal or suppress(headcount, len(companies)) is not None
    return DemandDetail(
        rows=rows,
        own_only=own_only,
        headcount=headcount if reveal_totals else None,
        hiring_rows=len(matched),
        companies=len(companies) if reveal_totals else None,
        by_occupation=by_occupation,
        by_year=dict(by_year),
    )


def cohort_detail(
    scope: Scope, unit: CompetencyUnit, *, year_from: int | None, year_to: int | None
) -> list[Cohort]:
    """Cohorts whose programme covers the unit (each counts once)."""
    district_ids = None if scope.district is None else [scope.district.pk]
    qs = (
        sources.cohorts(district_ids)
        .filter(programme__modules__unit_hours__unit=unit)
        .distinct()
        .select_related("programme__provider", "district")
        .order_by("year", "programme__name", "pk")
    )
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    return list(qs)


def unit_figures(user: Any, scope: Scope, unit: CompetencyUnit, *, year_from, year_to):
    qs = figures(user, scope).filter(unit=unit).order_by("year")
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    lq_ok = scope.is_national or lq_available([])
    return [(f, _shown(f, scope.reveal, lq_ok)) for f in qs]


def district_breakdown(user: Any, unit: CompetencyUnit, *, year_from, year_to):
    """National view: the unit's figures per district (the ministry)."""
    qs = (
        policy.visible(user, GapFigure)
        .filter(unit=unit, district__isnull=False)
        .select_related("district")
        .order_by("district__name", "year")
    )
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    lq_ok = lq_available([])
    return [(f, _shown(f, False, lq_ok)) for f in qs]


# ---------------------------------------------------------------- export


def export_rows(
    user: Any,
    scope: Scope,
    *,
    year_from: int | None,
    year_to: int | None,
    unit_ids: set[int] | None,
    only_demand: bool,
):
    qs = figures(user, scope).select_related("unit", "district")
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if only_demand:
        qs = qs.filter(demand__gt=0)
    lq_ok = scope.is_national or lq_available([])
    for f in qs.order_by("unit__code", "year").iterator(chunk_size=2000):
        yield f, _shown(f, scope.reveal, lq_ok)
