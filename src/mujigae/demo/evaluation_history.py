"""Past years for the evaluation (issue 16): every indicator has data.

After the light districts and Ansan are loaded, this adds, in bulk:

* for each light district and year 2022–2026, and for Ansan 2022–2025, a
  finished field-training matching round whose entrants are the district's
  students and whose accepted assignments go to the district's slots (20–60
  students a year, differing by district) — the rows
  `placements.field_training_students` counts. Ansan's current-year rounds
  (`demo/rounds.py`) are not touched; Ansan's past rounds use closed slots of
  their own year (named "… (예시 이력)") so that they count in that year;
* the `entered` indicators' values of each year's framework with a note and a
  shared document of the district as evidence, around the target and within
  the indicator's bounds, for the same districts and years. Ansan's current
  year is left empty: the demo's coordinator enters it.

Deterministic (random.Random seeded by district code) and idempotent: a round
is keyed on its district and name, a value on its indicator and district.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from mujigae.core.models import District
from mujigae.demo import SAMPLE_MARK
from mujigae.demo.light import YEARS, light_codes
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import Slot, SlotKind, SlotStatus
from mujigae.reports.models import EnteredValue, Indicator
from mujigae.rounds.models import (
    Assignment,
    Entrant,
    Response,
    Round,
    RoundSlot,
    RoundStatus,
    RunStatus,
)
from mujigae.sharing.models import Document, StaffRequest
from mujigae.sharing.request_selectors import COUNTED
from mujigae.students.models import Student

ANSAN = "ansan"
ANSAN_YEARS = tuple(range(2022, 2026))  # Ansan's current year is the demo's own flow
SEOUL = dt.timezone(dt.timedelta(hours=9))
PLACED = (20, 60)  # accepted placements a year


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def round_name(year: int) -> str:
    return f"{year} 현장실습 배정(지난 해){SAMPLE_MARK}"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SEOUL)


# --------------------------------------------------------------- rounds


def _history_slots(district: District, year: int, rng: random.Random) -> list[Slot]:
    """Ansan: closed slots of the year (the current slots start this year)."""
    title = f"{year} 생산 설비 현장실습(예시 이력)"
    slots = list(Slot.objects.filter(district=district, title=title).order_by("pk"))
    if slots:
        return slots
    companies = list(
        Organisation.objects.filter(district=district, kind=OrgKind.COMPANY).order_by("pk")
    )
    if not companies:
        return []
    start = dt.date(year, 7, 1)
    return Slot.objects.bulk_create(
        [
            Slot(
                district=district,
                company=company,
                kind=SlotKind.FIELD_TRAINING,
                title=title,
                duties="설비 점검 보조, 공정 기록",
                location="본사 공장",
                daily_hours=Decimal(7),
                weekly_hours=Decimal(35),
                start_time=dt.time(9),
                end_time=dt.time(17),
                pay=rng.choice([600_000, 700_000, 800_000]),
                capacity=rng.randint(3, 6),
                period_start=start,
                period_end=start + dt.timedelta(days=56),
                status=SlotStatus.CLOSED,
                is_sample=True,
            )
            for company in rng.sample(companies, k=min(len(companies), 12))
        ]
    )


def _rounds(district: District, years: tuple[int, ...], rng: random.Random, ansan: bool) -> int:
    ours = Round.objects.filter(district=district, name__in=[round_name(y) for y in years])
    # a round whose students were replaced (Ansan's history reloads its graduates,
    # and entrants go with their student) is made again
    stale = [
        r.pk
        for r in ours.annotate(n=Count("entrants"))
        if r.n != r.stats.get("placed", 0) + r.stats.get("unplaced", 0)
    ]
    Round.objects.filter(pk__in=stale).delete()
    done = set(ours.values_list("name", flat=True))
    students = list(Student.objects.filter(district=district).order_by("pk"))
    if not students:
        return 0
    base = rng.randint(*PLACED)
    made = 0
    for year in years:
        if round_name(year) in done:
            continue
        # each year its own generator: a round made again is the same round
        rng = random.Random(f"mujigae-evaluation-history-{district.code}-{year}")
        if ansan:
            slots = _history_slots(district, year, random.Random(f"{district.code}-{year}"))
        else:
            slots = list(
                Slot.objects.filter(district=district, kind=SlotKind.FIELD_TRAINING).order_by("pk")
            )
        if not slots:
            continue
        # the year's third-graders first, then others of the district
        pool = [s for s in students if s.school_year == year] or [
            s for s in students if s.school_year == year - 1
        ]
        rest = [s for s in students if s not in pool]
        rng.shuffle(pool)
        rng.shuffle(rest)
        pool += rest
        capacity = {s.pk: max(s.capacity, 1) * 4 for s in slots}
        wanted = max(PLACED[0], min(PLACED[1], base + rng.randint(-6, 6)))
        wanted = min(wanted, len(pool), sum(capacity.values()))
        unplaced = min(len(pool) - wanted, rng.randint(0, 5))
        deadline = _at(dt.date(year, 5, 31))
        rnd = Round.objects.create(
            district=district,
            name=round_name(year),
            kind=SlotKind.FIELD_TRAINING,
            deadline=deadline,
            response_deadline=deadline + dt.timedelta(days=14),
            status=RoundStatus.FINISHED,
            school_year=year,
            grade=3,
            run_status=RunStatus.DONE,
            run_finished_at=deadline + dt.timedelta(days=1),
            stats={"placed": wanted, "unplaced": unplaced},
            is_sample=True,
        )
        Round.objects.filter(pk=rnd.pk).update(created_at=_at(dt.date(year, 4, 1)))
        rnd.schools.set({s.school_id for s in pool[: wanted + unplaced]})
        round_slots = RoundSlot.objects.bulk_create(
            [RoundSlot(round=rnd, slot=s, capacity=capacity[s.pk]) for s in slots]
        )
        entrants = Entrant.objects.bulk_create(
            [Entrant(round=rnd, student=s) for s in pool[: wanted + unplaced]]
        )
        # fill the slots in turn up to their places
        left = {rs.pk: rs.capacity for rs in round_slots}
        order = [rs for rs in round_slots]
        assignments, k = [], 0
        answered = _at(dt.date(year, 6, 7))
        for i, entrant in enumerate(entrants):
            if i >= wanted:
                assignments.append(Assignment(round=rnd, entrant=entrant))
                continue
            while left[order[k % len(order)].pk] == 0:
                k += 1
            rs = order[k % len(order)]
            left[rs.pk] -= 1
            k += 1
            assignments.append(
                Assignment(
                    round=rnd,
                    entrant=entrant,
                    round_slot=rs,
                    choice=rng.choice([1, 1, 1, 2, 2, 3]),
                    response=Response.ACCEPTED,
                    responded_at=answered,
                )
            )
        Assignment.objects.bulk_create(assignments)
        made += 1
    return made


# --------------------------------------------------------------- entered values


def _value(indicator: Indicator, factor: float, rng: random.Random) -> Decimal:
    target = float(indicator.target or 0) or 10.0
    raw = target * factor * rng.uniform(0.9, 1.1)
    raw = round(raw) if indicator.unit == "count" else round(raw, 1)
    lo = float(indicator.min_value) if indicator.min_value is not None else 0.0
    hi = float(indicator.max_value) if indicator.max_value is not None else raw
    return Decimal(str(min(max(raw, lo), hi)))


def _entered(district: District, years: tuple[int, ...], rng: random.Random) -> int:
    indicators = list(
        Indicator.objects.filter(
            kind=Indicator.Kind.ENTERED, area__framework__year__in=years
        ).select_related("area__framework")
    )
    have = set(
        EnteredValue.objects.filter(district=district, indicator__in=indicators).values_list(
            "indicator_id", flat=True
        )
    )
    docs = list(Document.objects.filter(district=district).order_by("pk"))
    level, trend = rng.uniform(0.75, 1.2), rng.uniform(-0.02, 0.06)
    rows = []
    for item in indicators:
        if item.pk in have:
            continue
        year = item.area.framework.year
        same_year = [d for d in docs if d.created_at and d.created_at.year == year]
        evidence = rng.choice(same_year or docs) if docs else None
        if item.evidence_required and evidence is None:
            continue  # a value without its required evidence would not be valid
        factor = level + trend * (year - YEARS[0])
        rows.append(
            EnteredValue(
                indicator=item,
                district=district,
                value=_value(item, factor, rng),
                note=f"{year}년 학교·기관 제출 자료 기준{SAMPLE_MARK}",
                evidence=evidence,
                entered_at=_at(dt.date(year, 12, 20)),
            )
        )
    EnteredValue.objects.bulk_create(rows)
    return len(rows)


# --------------------------------------------------------------- staff hours


def _staff_requests(district: District, years: tuple[int, ...], rng: random.Random) -> int:
    """A light district's year whose requests were all declined or withdrawn
    gets one done request, so that 인력 협조 시간 has a value every year."""
    counted = set(
        StaffRequest.objects.filter(
            district=district, status__in=COUNTED, starts_on__year__in=years
        ).values_list("starts_on__year", flat=True)
    )
    orgs = list(Organisation.objects.filter(district=district).order_by("pk"))
    if len(orgs) < 2:
        return 0
    rows = []
    for year in years:
        if year in counted:
            continue
        start = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
        requester, provider = rng.sample(orgs, 2)
        rows.append(
            StaffRequest(
                district=district,
                requester=requester,
                provider=provider,
                kind=StaffRequest.Kind.EXPERT,
                title=f"실습 지도 인력 협조 요청{SAMPLE_MARK}",
                starts_on=start,
                ends_on=start + dt.timedelta(days=rng.randint(0, 10)),
                hours=Decimal(rng.choice([8, 16, 24])),
                people=rng.randint(1, 3),
                status=StaffRequest.Status.DONE,
                created_at=_at(start - dt.timedelta(days=rng.randint(7, 30))),
                responded_at=_at(start - dt.timedelta(days=3)),
            )
        )
    StaffRequest.objects.bulk_create(rows)
    return len(rows)


# --------------------------------------------------------------- entry point


def load_evaluation_history(out: TextIO | None = None) -> dict[str, int]:
    """Past rounds and entered values of the light districts and Ansan (see
    the module docstring). Run after the light districts, Ansan's rounds and
    Ansan's documents."""
    started = time.monotonic()
    today = timezone.localdate()
    plan: list[tuple[District, tuple[int, ...], bool]] = [
        (d, tuple(y for y in YEARS if y <= today.year), False)
        for d in District.objects.filter(code__in=light_codes(), is_sample=True).order_by("pk")
    ]
    ansan = District.objects.filter(code=ANSAN).first()
    if ansan is not None:
        plan.append((ansan, tuple(y for y in ANSAN_YEARS if y < today.year), True))
    rounds = values = 0
    with transaction.atomic():
        for district, years, is_ansan in plan:
            rng = random.Random(f"mujigae-evaluation-history-{district.code}")
            rounds += _rounds(district, years, rng, is_ansan)
            values += _entered(district, years, rng)
            if not is_ansan:
                _staff_requests(district, years, rng)
    _write(
        out,
        f"평가 이력(예시): 배정 차수 {rounds}개, 입력 지표 값 {values}개 새로 만듦 "
        f"({time.monotonic() - started:.1f}초)",
    )
    return {"rounds": rounds, "values": values}
