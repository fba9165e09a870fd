"""The grouped forbidden pairs equal the rules applied pair by pair."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import numpy as np
import pytest

from mujigae.placements import rules
from mujigae.rounds.engine import NO_CONSENT, age_class, forbidden_for_entries

ON = dt.date(2026, 9, 1)


def _market(rng: random.Random):
    schools = ["A", "B", "C"]
    students = []
    for i in range(40):
        age_days = rng.randint(13 * 365, 20 * 365)
        students.append(
            rules.StudentFacts(
                id=i,
                birth_date=ON - dt.timedelta(days=age_days),
                school_id=rng.choice(schools),
                night_holiday_authorised=frozenset(h for h in range(12) if rng.random() < 0.15),
            )
        )
    slots = []
    for h in range(12):
        training = rng.random() < 0.5
        agreements = tuple(
            rules.AgreementFacts(
                s,
                rng.choice([None, ON - dt.timedelta(days=5), ON + dt.timedelta(days=5)]),
                ON - dt.timedelta(days=30),
                rng.choice([ON - dt.timedelta(days=1), ON + dt.timedelta(days=90)]),
            )
            for s in schools
            if rng.random() < 0.7
        )
        night = rng.random() < 0.3
        slots.append(
            rules.SlotFacts(
                id=h,
                kind=rules.FIELD_TRAINING if training else rules.JOB,
                daily_hours=Decimal(rng.choice([6, 7, 8, 9])),
                weekly_hours=Decimal(rng.choice([30, 35, 40, 45])),
                start_time=dt.time(15 if night else 9, 0),
                end_time=dt.time(23 if night else 16, 0),
                works_holidays=rng.random() < 0.2,
                hazardous_duties=frozenset(["diving"]) if rng.random() < 0.1 else frozenset(),
                hours_extension_agreed=rng.random() < 0.3,
                agreements=agreements,
                company_tier=rng.choice(["leading", "participating", "none"]),
                company_inspected_on=ON - dt.timedelta(days=10),
                company_eligible_until=None,
            )
        )
    return students, slots


@pytest.mark.parametrize("seed", range(25))
def test_grouped_rules_equal_pair_by_pair(seed):
    rng = random.Random(seed)
    students, slots = _market(rng)
    consent = np.array([rng.random() < 0.9 for _ in students])
    entries = [(i, j) for i in range(len(students)) for j in rng.sample(range(len(slots)), 5)]
    es = np.array([i for i, _ in entries], dtype=np.int64)
    eh = np.array([j for _, j in entries], dtype=np.int64)
    auth = np.array([j in students[i].night_holiday_authorised for i, j in entries])
    got = forbidden_for_entries(
        entry_student=es,
        entry_slot=eh,
        student_birth=[s.birth_date for s in students],
        student_school=np.array([s.school_id for s in students]),
        student_consent=consent,
        slot_facts=slots,
        authorised=auth,
        on=ON,
    )
    grouped = {
        (int(i), int(j)): got.reasons[r]
        for i, j, r in zip(got.student, got.slot, got.reason, strict=True)
    }
    slow = rules.forbidden_pairs(students, slots, ON)
    expected = {}
    for i, j in entries:
        if not consent[i]:
            expected[(i, j)] = NO_CONSENT
        elif (i, j) in slow:
            expected[(i, j)] = slow[(i, j)]
    assert grouped == expected


def test_age_classes_change_on_the_birthday():
    on = dt.date(2026, 3, 1)
    births = [dt.date(2008, 3, 1), dt.date(2008, 3, 2), dt.date(2011, 3, 1), dt.date(2011, 3, 2)]
    got = age_class(np.array([b.toordinal() for b in births]), on).tolist()
    assert got == [2, 1, 1, 0]
    assert [
        min(2, (rules.age_on(b, on) >= 15) + (rules.age_on(b, on) >= 18)) for b in births
    ] == got


def test_slot_facts_from_rows_equal_the_placements_service(world):
    from mujigae.placements import services as placement_services
    from mujigae.placements.models import Slot
    from mujigae.rounds import engine
    from tests.placements.factories import AgreementFactory, EligibilityFactory, SlotFactory

    a = SlotFactory(company=world.company, hazardous_duties=["diving"], works_holidays=True)
    b = SlotFactory(company=world.company, kind="job", hours_extension_agreed=True)
    c = SlotFactory(company=world.company_b)
    AgreementFactory(company=world.company, school=world.school)
    AgreementFactory(company=world.company, school=world.school, slot=a, signed_on=None)
    EligibilityFactory(company=world.company)
    slots = [a, b, c]
    theirs = placement_services.slot_facts(Slot.objects.get(pk=s.pk) for s in slots)
    ours = engine.slot_facts([s.pk for s in slots])

    def plain(f):
        return {**f.__dict__, "agreements": sorted(f.agreements, key=repr)}

    assert [plain(f) for f in ours] == [plain(f) for f in theirs]
