"""Who qualifies for a benefit, and why (issue 14, point 5).

What each condition kind counts (docs/benefits.md, "What counts"):

* **hosted** — a trainee hosted: an accepted assignment (`rounds.Assignment`,
  response "accepted") of a field-training round to one of the company's slots,
  counted in the round's school year.
* **hired** — a completer hired: an `outcomes.Hire` of a graduate by the
  company (a district company, not a free-text employer), counted in the year
  employment started.
* **modules** — a co-developed module: a `curriculum.ModuleProposal` proposed
  by the company and approved, counted in the year of the decision.
* **survey** — the year's demand survey answered: a submitted
  `surveys.Response` of the company to a survey of kind "demand" of that year.
* **status** — a valid 선도/참여 status: the company's `placements.CompanyEligibility`
  has the tier (선도 only, or either), an on-site inspection and has not
  expired on the evaluation day (today, or 31 December of a past year).
* **no_violation** — no outstanding training-rule violation: none of the
  company's open field-training slots breaks the training rules of
  직업교육훈련 촉진법 제9조의2·제24조 (hours over the caps, night or holiday work,
  hazardous or underground duties), as `placements.rules` states them.

The computation is set-based: one query per condition kind in use, for every
company of the district at once (grouped by company and year), then verdicts
in Python. Pages, the company's own view and the bench all call `evaluate`.
`evidence` lists the rows behind one company's condition (the drill-down).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils import timezone

from mujigae.benefits.models import (
    COUNTED_KINDS,
    Benefit,
    Condition,
    ConditionKind,
    StatusTier,
    Window,
)
from mujigae.curriculum.models import ModuleProposal, ProposalStatus
from mujigae.outcomes.models import Hire
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements import rules
from mujigae.placements.models import CompanyEligibility, Slot, SlotKind, SlotStatus, Tier
from mujigae.rounds.models import Assignment, Response
from mujigae.students.masking import mask_name
from mujigae.surveys.models import Response as SurveyResponse
from mujigae.surveys.models import SurveyKind

# ---------------------------------------------------------------------------
# the pure part: conditions and facts → verdicts


def window_years(window: str, year: int) -> tuple[int, ...]:
    if window == Window.PREVIOUS:
        return (year - 1,)
    if window == Window.TWO_YEARS:
        return (year - 1, year)
    return (year,)


def evaluation_day(year: int, today: dt.date | None = None) -> dt.date:
    """The day a status is checked on: today, or 31 December of a past year."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31))


@dataclass(frozen=True)
class Check:
    """One condition for one company: what it has, what it needs."""

    condition: Condition
    have: int
    need: int

    @property
    def met(self) -> bool:
        if self.condition.kind == ConditionKind.NO_VIOLATION:
            return self.have == 0
        return self.have >= self.need

    @property
    def short_by(self) -> int:
        """How far from meeting it: missing trainees/hires/modules, violating
        slots, or 1 for a yes/no condition."""
        if self.met:
            return 0
        if self.condition.kind == ConditionKind.NO_VIOLATION:
            return self.have
        return self.need - self.have


@dataclass
class Verdict:
    company_id: int
    company_name: str
    checks: list[Check] = field(default_factory=list)

    @property
    def qualifies(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def near_miss(self) -> bool:
        return len(self.missing) == 1


@dataclass
class Facts:
    """{kind: {company id: {year: count}}}; status: {company id: 0/1 per tier}."""

    counts: dict[str, dict[int, dict[int, int]]] = field(default_factory=dict)
    status: dict[int, str] = field(default_factory=dict)  # company → valid tier
    violations: dict[int, int] = field(default_factory=dict)  # company → open slots breaking

    def have(self, condition: Condition, company_id: int, year: int) -> int:
        kind = condition.kind
        if kind == ConditionKind.STATUS:
            tier = self.status.get(company_id)
            if condition.tier == StatusTier.LEADING:
                return int(tier == Tier.LEADING)
            return int(tier in (Tier.LEADING, Tier.PARTICIPATING))
        if kind == ConditionKind.NO_VIOLATION:
            return self.violations.get(company_id, 0)
        per_year = self.counts.get(kind, {}).get(company_id, {})
        return sum(per_year.get(y, 0) for y in window_years(condition.window, year))


def verdicts(
    benefit: Benefit, companies: Iterable[tuple[int, str]], facts: Facts, year: int
) -> list[Verdict]:
    conditions = list(benefit.conditions.all())
    out = []
    for company_id, name in companies:
        checks = [
            Check(
                c,
                facts.have(c, company_id, year),
                c.threshold if c.kind in COUNTED_KINDS else 1,
            )
            for c in conditions
        ]
        out.append(Verdict(company_id, name, checks))
    return out


# ---------------------------------------------------------------------------
# the queries: one per condition kind in use, every company at once


# the rules an open slot can break by its own terms, whoever the trainee
SLOT_RULES = frozenset(
    {
        "training_daily_hours",
        "training_weekly_hours",
        "training_night",
        "training_holiday",
        "training_hazardous_duty",
        "underground_work",
    }
)
_ANY_TRAINEE = rules.StudentFacts(id=None, birth_date=dt.date(2000, 1, 1))


def slot_breaks_training_rules(slot: dict[str, Any]) -> list[str]:
    """The training rules an open field-training slot breaks by its own terms
    (hours, night, holidays, duties), as `placements.rules` states them."""
    facts = rules.SlotFacts(
        id=slot["pk"],
        kind=rules.FIELD_TRAINING,
        daily_hours=slot["daily_hours"],
        weekly_hours=slot["weekly_hours"],
        start_time=slot["start_time"],
        end_time=slot["end_time"],
        works_holidays=slot["works_holidays"],
        hazardous_duties=frozenset(slot["hazardous_duties"] or ()),
        hours_extension_agreed=slot["hours_extension_agreed"],
    )
    reasons = rules.unacceptable_reasons(_ANY_TRAINEE, facts, on=dt.date(2000, 1, 1))
    return [r.code for r in reasons if r.code in SLOT_RULES]


SLOT_FIELDS = (
    "pk",
    "company_id",
    "title",
    "daily_hours",
    "weekly_hours",
    "hours_extension_agreed",
    "start_time",
    "end_time",
    "works_holidays",
    "hazardous_duties",
)


def _grouped(qs, company: str, year: Any) -> dict[int, dict[int, int]]:
    """{company id: {year: rows}}: one GROUP BY query (`year` a column name
    or an expression)."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    year = F(year) if isinstance(year, str) else year
    rows = qs.annotate(y=year).values_list(company, "y").annotate(n=Count("pk")).order_by()
    for company_id, y, n in rows:
        if company_id is not None:
            out[company_id][y] = out[company_id].get(y, 0) + n
    return out


def _year_range(years: set[int]) -> tuple[dt.date, dt.date]:
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def collect_facts(
    *,
    district_id: int,
    kinds: set[str],
    years: set[int],
    on: dt.date,
    company_ids: list[int] | None = None,
) -> Facts:
    """One query per kind in `kinds` for every company of the district (or
    the `company_ids` given)."""
    facts = Facts()

    def only(qs, path: str):
        return qs if company_ids is None else qs.filter(**{f"{path}__in": company_ids})

    if ConditionKind.HOSTED in kinds:
        qs = Assignment.objects.filter(
            round__district_id=district_id,
            round__kind=SlotKind.FIELD_TRAINING,
            round__school_year__in=sorted(years),
            response=Response.ACCEPTED,
        )
        qs = only(qs, "round_slot__slot__company_id")
        facts.counts[ConditionKind.HOSTED] = _grouped(
            qs, "round_slot__slot__company_id", "round__school_year"
        )
    if ConditionKind.HIRED in kinds:
        start, end = _year_range(years)
        qs = Hire.objects.filter(
            district_id=district_id, company__isnull=False, start_date__range=(start, end)
        )
        qs = only(qs, "company_id")
        facts.counts[ConditionKind.HIRED] = _grouped(qs, "company_id", ExtractYear("start_date"))
    if ConditionKind.MODULES in kinds:
        qs = ModuleProposal.objects.filter(
            district_id=district_id,
            status=ProposalStatus.APPROVED,
            decided_at__year__gte=min(years),
            decided_at__year__lte=max(years),
        )
        qs = only(qs, "proposer_id")
        facts.counts[ConditionKind.MODULES] = _grouped(qs, "proposer_id", ExtractYear("decided_at"))
    if ConditionKind.SURVEY in kinds:
        qs = SurveyResponse.objects.filter(
            survey__district_id=district_id,
            survey__kind=SurveyKind.DEMAND,
            survey__year__in=sorted(years),
            is_submitted=True,
        )
        qs = only(qs, "organisation_id")
        facts.counts[ConditionKind.SURVEY] = _grouped(qs, "organisation_id", "survey__year")
    if ConditionKind.STATUS in kinds:
        qs = only(CompanyEligibility.objects.filter(district_id=district_id), "company_id")
        for company_id, tier, inspected, until in qs.values_list(
            "company_id", "tier", "inspected_on", "valid_until"
        ):
            if status_valid(tier, inspected, until, on):
                facts.status[company_id] = tier
    if ConditionKind.NO_VIOLATION in kinds:
        qs = Slot.objects.filter(
            district_id=district_id, kind=SlotKind.FIELD_TRAINING, status=SlotStatus.OPEN
        )
        qs = only(qs, "company_id")
        for slot in qs.values(*SLOT_FIELDS).iterator(chunk_size=2000):
            if slot_breaks_training_rules(slot):
                facts.violations[slot["company_id"]] = (
                    facts.violations.get(slot["company_id"], 0) + 1
                )
    return facts


def status_valid(tier: str, inspected: dt.date | None, until: dt.date | None, on: dt.date) -> bool:
    return (
        tier in (Tier.LEADING, Tier.PARTICIPATING)
        and inspected is not None
        and inspected <= on
        and (until is None or on <= until)
    )


def needed(benefits: Iterable[Benefit], year: int) -> tuple[set[str], set[int]]:
    kinds: set[str] = set()
    years: set[int] = {year}
    for benefit in benefits:
        for c in benefit.conditions.all():
            kinds.add(c.kind)
            years.update(window_years(c.window, year))
    return kinds, years


def district_companies(district_id: int, company_ids: list[int] | None = None):
    qs = Organisation.objects.filter(district_id=district_id, kind=OrgKind.COMPANY)
    if company_ids is not None:
        qs = qs.filter(pk__in=company_ids)
    return list(qs.order_by("name", "pk").values_list("pk", "name"))


def evaluate(
    *,
    district_id: int,
    year: int,
    benefits: Iterable[Benefit],
    company_ids: list[int] | None = None,
    today: dt.date | None = None,
) -> dict[int, list[Verdict]]:
    """{benefit id: [verdict per company]} for the benefits given (their
    conditions prefetched) and every company of the district (or those given)."""
    benefits = list(benefits)
    kinds, years = needed(benefits, year)
    companies = district_companies(district_id, company_ids)
    facts = collect_facts(
        district_id=district_id,
        kinds=kinds,
        years=years,
        on=evaluation_day(year, today),
        company_ids=company_ids,
    )
    return {b.pk: verdicts(b, companies, facts, year) for b in benefits}


# ---------------------------------------------------------------------------
# the evidence rows behind one company's condition (the drill-down)


@dataclass(frozen=True)
class Evidence:
    what: str  # the row: a masked trainee, a hire, a module, a response …
    detail: str
    on: dt.date | None


def evidence(
    condition: Condition, company_id: int, year: int, today: dt.date | None = None
) -> list[Evidence]:
    """The rows that count for `condition` for one company (names masked)."""
    kind = condition.kind
    years = sorted(window_years(condition.window, year))
    if kind == ConditionKind.HOSTED:
        rows = (
            Assignment.objects.filter(
                round__district_id=condition.benefit.district_id,
                round__kind=SlotKind.FIELD_TRAINING,
                round__school_year__in=years,
                response=Response.ACCEPTED,
                round_slot__slot__company_id=company_id,
            )
            .select_related("entrant__student", "round_slot__slot", "round")
            .order_by("round__school_year", "pk")
        )
        return [
            Evidence(
                mask_name(a.entrant.student.name),
                f"{a.round.name} · {a.round_slot.slot.title}",
                a.responded_at and timezone.localdate(a.responded_at),
            )
            for a in rows
        ]
    if kind == ConditionKind.HIRED:
        start, end = _year_range(set(years))
        hires = (
            Hire.objects.filter(company_id=company_id, start_date__range=(start, end))
            .select_related("student")
            .order_by("start_date", "pk")
        )
        return [
            Evidence(mask_name(h.student.name), h.get_contract_type_display(), h.start_date)
            for h in hires
        ]
    if kind == ConditionKind.MODULES:
        proposals = (
            ModuleProposal.objects.filter(
                proposer_id=company_id,
                status=ProposalStatus.APPROVED,
                decided_at__year__gte=years[0],
                decided_at__year__lte=years[-1],
            )
            .select_related("programme")
            .prefetch_related("versions")
            .order_by("decided_at", "pk")
        )
        return [
            Evidence(str(p), str(p.programme), timezone.localdate(p.decided_at)) for p in proposals
        ]
    if kind == ConditionKind.SURVEY:
        responses = (
            SurveyResponse.objects.filter(
                organisation_id=company_id,
                survey__kind=SurveyKind.DEMAND,
                survey__year__in=years,
                is_submitted=True,
            )
            .select_related("survey")
            .order_by("survey__year", "pk")
        )
        return [
            Evidence(
                r.survey.title,
                str(r.survey.year),
                r.submitted_at and timezone.localdate(r.submitted_at),
            )
            for r in responses
        ]
    if kind == ConditionKind.STATUS:
        on = evaluation_day(year, today)
        rows = CompanyEligibility.objects.filter(company_id=company_id)
        return [
            Evidence(
                e.get_tier_display(),
                f"{e.inspected_on or '—'} – {e.valid_until or '—'}",
                e.inspected_on,
            )
            for e in rows
            if status_valid(e.tier, e.inspected_on, e.valid_until, on)
        ]
    # no_violation: the slots that break the rules (the evidence against)
    slots = Slot.objects.filter(
        company_id=company_id, kind=SlotKind.FIELD_TRAINING, status=SlotStatus.OPEN
    ).order_by("pk")
    out = []
    for slot in slots.values(*SLOT_FIELDS, "period_start"):
        codes = slot_breaks_training_rules(slot)
        if codes:
            out.append(
                Evidence(
                    slot["title"],
                    " / ".join(rules.RULES[c].message for c in codes),
                    slot["period_start"],
                )
            )
    return out
