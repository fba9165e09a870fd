"""A round's rows -> the matching engine -> the rows to store (no writes here).

`compute(round)` reads the round with a handful of queries into numpy arrays,
builds the forbidden pairs of `placements.rules` once per *group* (slot ×
school × age class × night/holiday authorisation, the only things the rules
depend on) rather than once per student-slot pair, and runs
`mujigae.matching.stable_matching` — the engine of `mujigae match` — then
`explain` and `summary`. The service stores what comes out in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from mujigae.matching import (
    Instance,
    Matching,
    blocking_pairs,
    explain,
    stable_matching,
    summary,
    welfare_optimal,
)
from mujigae.matching.instance import Forbidden
from mujigae.placements import rules
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    StandardAgreement,
    Tier,
)
from mujigae.rounds.models import CompanyRank, Entrant, Round, RoundSlot, StudentChoice
from mujigae.students.models import ConsentPurpose
from mujigae.students.selectors import active_consents

NO_CONSENT = "no_placement_consent"


def welfare_max() -> int:
    """Rounds up to this many students get the welfare-optimal comparison at
    every run (a min-cost flow: seconds at 100,000 students)."""
    return settings.MUJIGAE_ROUND_WELFARE_MAX


@dataclass
class Computed:
    instance: Instance
    forbidden: Forbidden
    result: Matching
    entrant_ids: np.ndarray
    round_slot_ids: np.ndarray
    slot_of: np.ndarray  # round-slot index per entrant, -1 none
    choice_of: np.ndarray  # 1-based choice per entrant, 0 none
    explanations: dict[Any, list]
    stats: dict[str, Any]
    welfare: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def _int_rows(qs) -> np.ndarray:
    """A values_list of two integer columns as an (n, 2) array, fetched with
    the database cursor (a million rows: no per-row work in Django)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


def _dense(ids: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Index of each query id in the sorted array `ids` (all present)."""
    return np.searchsorted(ids, query).astype(np.int64)


def _csr(owner: np.ndarray, n: int) -> np.ndarray:
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=ptr[1:])
    return ptr


def age_class(birth_ordinal: np.ndarray, on: date) -> np.ndarray:
    """0: under 15, 1: 15–17, 2: adult on `on` (the only ages the rules tell apart)."""

    def cutoff(years: int) -> int:
        try:
            return on.replace(year=on.year - years).toordinal()
        except ValueError:  # 29 February: the birthday counts from 1 March
            return date(on.year - years, 2, 28).toordinal()

    # born on or before the cutoff: that age reached
    return np.where(
        birth_ordinal <= cutoff(rules.ADULT_AGE),
        2,
        np.where(birth_ordinal <= cutoff(rules.EMPLOYMENT_MIN_AGE), 1, 0),
    ).astype(np.int64)


class _Only:
    """A stand-in slot holding one agreement, to ask `rules.has_valid_agreement`
    about that agreement alone (it reads nothing else)."""

    __slots__ = ("agreements",)

    def __init__(self, agreement: rules.AgreementFacts) -> None:
        self.agreements = (agreement,)


def agreement_ok(
    *,
    entry_student: np.ndarray,
    entry_slot: np.ndarray,
    school_code: np.ndarray,
    schools: np.ndarray,
    slot_facts: list[rules.SlotFacts],
    on: date,
) -> np.ndarray:
    """Per entry: does the slot have a valid 표준협약서 with the student's school?
    Each distinct agreement is checked once by the rules module."""
    n_schools = len(schools)
    school_index = {v: k for k, v in enumerate(schools.tolist())}
    valid: dict[rules.AgreementFacts, bool] = {}
    keys: list[int] = []
    for j, slot in enumerate(slot_facts):
        for a in slot.agreements:
            ok = valid.get(a)
            if ok is None:
                ok = valid[a] = rules.has_valid_agreement(_Only(a), a.school_id, on)  # type: ignore[arg-type]
            k = school_index.get(a.school_id)
            if ok and k is not None:
                keys.append(j * n_schools + k)
    if not keys:
        return np.zeros(len(entry_slot), dtype=bool)
    return np.isin(
        entry_slot.astype(np.int64) * n_schools + school_code[entry_student],
        np.unique(np.array(keys, dtype=np.int64)),
    )


def forbidden_for_entries(
    *,
    entry_student: np.ndarray,
    entry_slot: np.ndarray,
    student_birth: list[date],
    student_school: np.ndarray,
    student_consent: np.ndarray,
    slot_facts: list[rules.SlotFacts],
    authorised: np.ndarray,
    on: date,
) -> Forbidden:
    """The forbidden pairs among the entries (student i, slot j) of the lists.

    The rules depend on the student only through their age class (under 15,
    minor, adult), whether their school has a valid agreement with the slot's
    company, and whether a night/holiday authorisation is recorded for the
    pair. So `rules.unacceptable_reasons` is called once per distinct (slot,
    age class, agreement, authorisation) group, with a real student of that
    group: 1.5 million entries cost about two calls per slot. A student
    without an active placement consent may not be matched at all."""
    if len(entry_student) == 0:
        return Forbidden.none()
    birth_ord = np.array([d.toordinal() for d in student_birth], dtype=np.int64)
    ages = age_class(birth_ord, on)
    schools, school_code = np.unique(student_school, return_inverse=True)
    school_code = school_code.ravel()
    ok = agreement_ok(
        entry_student=entry_student,
        entry_slot=entry_slot,
        school_code=school_code,
        schools=schools,
        slot_facts=slot_facts,
        on=on,
    )
    key = (
        ((entry_slot.astype(np.int64) * 3 + ages[entry_student]) * 2 + authorised.astype(np.int64))
        * 2
    ) + ok.astype(np.int64)
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    index: dict[str, int] = {}
    group_reason = np.full(len(uniq), -1, dtype=np.int64)
    for g, e in enumerate(first.tolist()):
        i, j = int(entry_student[e]), int(entry_slot[e])
        slot = slot_facts[j]
        student = rules.StudentFacts(
            id=i,
            birth_date=student_birth[i],
            school_id=student_school[i].item(),
            night_holiday_authorised=frozenset({slot.id}) if authorised[e] else frozenset(),
        )
        found = rules.unacceptable_reasons(student, slot, on=on)
        if found:
            group_reason[g] = index.setdefault(found[0].code, len(index))
    reasons = list(index)
    entry_reason = group_reason[inverse.ravel()]
    no_consent = ~student_consent[entry_student]
    if no_consent.any():
        code = len(reasons)
        reasons.append(NO_CONSENT)
        entry_reason = np.where(no_consent, code, entry_reason)
    hit = np.flatnonzero(entry_reason >= 0)
    return Forbidden(
        student=entry_student[hit].astype(np.int64),
        slot=entry_slot[hit].astype(np.int64),
        reason=entry_reason[hit],
        reasons=reasons,
    )


def slot_facts(slot_pks: list[int], pks: Any = None) -> list[rules.SlotFacts]:
    """`placements.services.slot_facts` for many slots, from `values_list` rows
    instead of model instances (20,000 slots carry ~200,000 agreement rows;
    building those objects was most of the read). A test checks both agree.
    `pks`: a subquery naming the same slots (no list of 20,000 parameters)."""
    pks = slot_pks if pks is None else pks
    fields = (
        "pk",
        "company_id",
        "district_id",
        "kind",
        "daily_hours",
        "weekly_hours",
        "start_time",
        "end_time",
        "works_holidays",
        "hazardous_duties",
        "hours_extension_agreed",
    )
    rows = {r[0]: r for r in Slot.objects.filter(pk__in=pks).values_list(*fields)}
    companies = Slot.objects.filter(pk__in=pks).values("company_id")
    company_wide: dict[Any, list[rules.AgreementFacts]] = {}
    per_slot: dict[Any, list[rules.AgreementFacts]] = {}
    for company, slot, school, signed, start, end in (
        StandardAgreement.objects.filter(company_id__in=companies)
        .order_by("-period_start", "pk")
        .values_list(
            "company_id", "slot_id", "school_id", "signed_on", "period_start", "period_end"
        )
    ):
        a = rules.AgreementFacts(school, signed, start, end)
        if slot is None:
            company_wide.setdefault(company, []).append(a)
        else:
            per_slot.setdefault(slot, []).append(a)
    eligibility = {
        (d, c): (tier, inspected, until)
        for d, c, tier, inspected, until in CompanyEligibility.objects.filter(
            company_id__in=companies
        ).values_list("district_id", "company_id", "tier", "inspected_on", "valid_until")
    }
    out = []
    for pk in slot_pks:
        (_pk, company, district, kind, daily, weekly, start, end, holidays, hazards, ext) = rows[pk]
        tier, inspected, until = eligibility.get((district, company), (Tier.NONE, None, None))
        out.append(
            rules.SlotFacts(
                id=pk,
                kind=kind,
                daily_hours=Decimal(daily),
                weekly_hours=Decimal(weekly),
                start_time=start,
                end_time=end,
                works_holidays=holidays,
                hazardous_duties=frozenset(hazards or ()),
                hours_extension_agreed=ext,
                agreements=tuple(company_wide.get(company, ())) + tuple(per_slot.get(pk, ())),
                company_tier=tier,
                company_inspected_on=inspected,
                company_eligible_until=until,
            )
        )
    return out


def compute(
    rnd: Round, *, on: date | None = None, step: Callable[[str], None] | None = None
) -> Computed:
    """Read the round and compute the stable matching, its explanations and stats."""
    step = step or (lambda _s: None)
    on = on or timezone.localdate()
    t: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        t[name] = now - clock
        clock = now

    step("loading")
    rows = list(
        Entrant.objects.filter(round=rnd)
        .order_by("pk")
        .values_list("pk", "student_id", "student__birth_date", "student__school_id")
    )
    entrant_ids = np.array([r[0] for r in rows], dtype=np.int64)
    student_ids = np.array([r[1] for r in rows], dtype=np.int64)
    birth = [r[2] for r in rows]
    school = np.array([r[3] for r in rows], dtype=np.int64)
    del rows
    consented = np.array(
        sorted(
            set(
                active_consents(ConsentPurpose.PLACEMENT)
                .filter(student__in=Entrant.objects.filter(round=rnd).values("student_id"))
                .values_list("student_id", flat=True)
            )
        ),
        dtype=np.int64,
    )
    consent = np.isin(student_ids, consented)
    slot_rows = list(
        RoundSlot.objects.filter(round=rnd).order_by("pk").values_list("pk", "slot_id", "capacity")
    )
    rs_ids = np.array([r[0] for r in slot_rows], dtype=np.int64)
    slot_pks = [r[1] for r in slot_rows]
    capacity = np.array([r[2] for r in slot_rows], dtype=np.int64)
    n, m = len(entrant_ids), len(rs_ids)
    ch = _int_rows(
        StudentChoice.objects.filter(entrant__round=rnd)
        .order_by("entrant_id", "rank")
        .values_list("entrant_id", "round_slot_id")
    )
    cr = _int_rows(
        CompanyRank.objects.filter(round_slot__round=rnd)
        .order_by("round_slot_id", "rank")
        .values_list("round_slot_id", "entrant_id")
    )
    facts = slot_facts(slot_pks, RoundSlot.objects.filter(round=rnd).values("slot_id"))
    exc_rows = list(
        MinorWorkException.objects.filter(
            student__in=Entrant.objects.filter(round=rnd).values("student_id"),
            slot_id__in=RoundSlot.objects.filter(round=rnd).values("slot_id"),
        ).values_list("student_id", "slot_id")
    )
    lap("read")

    step("rules")
    entry_student = _dense(entrant_ids, ch[:, 0])
    entry_slot = _dense(rs_ids, ch[:, 1])
    student_ptr = _csr(entry_student, n)
    h_owner = _dense(rs_ids, cr[:, 0])
    slot_ptr = _csr(h_owner, m)
    slot_pref = _dense(entrant_ids, cr[:, 1]).astype(np.int32)
    if exc_rows:
        slot_pk_arr = np.array(slot_pks, dtype=np.int64)
        big = int(max(slot_pk_arr.max(initial=0), max(s for _x, s in exc_rows))) + 1
        exc_keys = np.array([s * big + h for s, h in exc_rows], dtype=np.int64)
        authorised = np.isin(student_ids[entry_student] * big + slot_pk_arr[entry_slot], exc_keys)
    else:
        authorised = np.zeros(len(entry_student), dtype=bool)
    forbidden = forbidden_for_entries(
        entry_student=entry_student,
        entry_slot=entry_slot,
        student_birth=birth,
        student_school=school,
        student_consent=consent,
        slot_facts=facts,
        authorised=authorised,
        on=on,
    )
    instance = Instance(
        student_ids=entrant_ids.tolist(),
        slot_ids=rs_ids.tolist(),
        capacity=np.minimum(capacity, n),
        student_ptr=student_ptr,
        student_pref=entry_slot.astype(np.int32),
        slot_ptr=slot_ptr,
        slot_pref=slot_pref,
    )
    lap("rules")

    step("matching")
    result = stable_matching(instance, forbidden)
    lap("matching")

    step("explaining")
    explanations = explain(result)
    stats = summary(result)
    stats["forbidden_pairs"] = len(forbidden)
    stats["forbidden_by_rule"] = {
        code: int(c)
        for code, c in zip(
            forbidden.reasons,
            np.bincount(forbidden.reason, minlength=len(forbidden.reasons)).tolist(),
            strict=True,
        )
    }
    stats["choices"] = int(len(ch))
    stats["company_ranks"] = int(len(cr))
    slot_of = result.slot_of
    # each student lists a slot at most once: the entry naming their slot
    hits = np.flatnonzero(entry_slot == slot_of[entry_student])
    choice_of = np.zeros(n, dtype=np.int64)
    owners = entry_student[hits]
    choice_of[owners] = hits - student_ptr[owners] + 1
    welfare: dict[str, Any] = {}
    if 0 < n <= welfare_max():
        step("welfare")
        welfare = welfare_summary(instance, forbidden, stats)
    lap("explaining")
    return Computed(
        instance=instance,
        forbidden=forbidden,
        result=result,
        entrant_ids=entrant_ids,
        round_slot_ids=rs_ids,
        slot_of=slot_of,
        choice_of=choice_of,
        explanations=explanations,
        stats=stats,
        welfare=welfare,
        timings=t,
    )


def welfare_summary(instance: Instance, forbidden: Forbidden, stable: dict[str, Any]) -> dict:
    """The welfare-optimal assignment (most placed, then smallest sum of ranks)
    beside the stable one: placed, sum and mean of ranks, blocking pairs."""
    started = time.perf_counter()
    w = welfare_optimal(instance, forbidden)
    matching = w.as_matching()
    s = summary(matching)
    return {
        "placed": s["placed"],
        "unplaced": s["unplaced"],
        "total_choice": s["total_choice"],
        "mean_choice": s["mean_choice"],
        "by_choice": s["by_choice"],
        "blocking_pairs": len(blocking_pairs(matching)),
        "seconds": round(time.perf_counter() - started, 3),
        "stable": {
            k: stable.get(k)
            for k in ("placed", "unplaced", "total_choice", "mean_choice", "blocking_pairs")
        },
    }
