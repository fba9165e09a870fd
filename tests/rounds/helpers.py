"""A small hand-made round for the rounds tests: three training slots, four
students of our school (three with placement consent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mujigae.rounds import services
from mujigae.rounds.models import Entrant, Round, RoundSlot
from mujigae.students.models import Consent, Student
from tests.placements.factories import AgreementFactory, EligibilityFactory, SlotFactory
from tests.students.factories import StudentFactory

YEAR = 2026


@dataclass
class Setup:
    round: Round
    slots: dict[str, Any]  # name -> RoundSlot
    students: dict[str, Student]
    entrants: dict[str, Entrant]


def placement_consent(student: Student) -> Consent:
    return Consent.objects.create(
        student=student, purpose="placement", version="2026-1", given_at=dt.date(2026, 3, 2)
    )


def make_slots(world) -> dict[str, Any]:
    """robot (company, 1 place), cnc (company_b, 1 place), night (company_b, a
    training slot until 23:00: forbidden by 직업교육훈련 촉진법 제9조의2)."""
    for company in (world.company, world.company_b):
        AgreementFactory(company=company, school=world.school, period_end=dt.date(2030, 2, 28))
        EligibilityFactory(company=company, valid_until=dt.date(2030, 6, 1))
    return {
        "robot": SlotFactory(company=world.company, title="로봇 정비", capacity=1),
        "cnc": SlotFactory(company=world.company_b, title="CNC 가공", capacity=1),
        "night": SlotFactory(
            company=world.company_b,
            title="야간 조립",
            capacity=2,
            start_time=dt.time(15, 0),
            end_time=dt.time(23, 0),
        ),
    }


def make_students(world, *, user_for: str | None = "kim") -> dict[str, Student]:
    names = {"kim": "김민준", "lee": "이서연", "park": "박지호", "choi": "최유나"}
    out = {}
    for k, (key, name) in enumerate(names.items(), 1):
        out[key] = StudentFactory(
            school=world.school,
            school_year=YEAR,
            grade=3,
            number=k,
            name=name,
            birth_date=dt.date(2009, 1, k),
            certificates=["전기기능사"] if key == "kim" else [],
            user=world.users["student"] if key == user_for else None,
        )
        if key != "choi":  # choi has no placement consent
            placement_consent(out[key])
    return out


def open_round(world, *, max_choices: int = 3, deadline=None) -> Setup:
    slots = make_slots(world)
    students = make_students(world)
    actor = world.users["coordinator"]
    rnd = services.round_create(
        actor=actor,
        district=world.district,
        name="2026 현장실습 1차",
        kind="field_training",
        deadline=deadline or timezone.now() + dt.timedelta(days=7),
        school_year=YEAR,
        grade=3,
        schools=[world.school],
        max_choices=max_choices,
    )
    services.round_open(actor=actor, round=rnd)
    rs = {k: RoundSlot.objects.get(round=rnd, slot=s) for k, s in slots.items()}
    entrants = {k: Entrant.objects.get(round=rnd, student=s) for k, s in students.items()}
    return Setup(Round.objects.get(pk=rnd.pk), rs, students, entrants)


def pass_deadline(rnd: Round) -> Round:
    Round.objects.filter(pk=rnd.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    return Round.objects.get(pk=rnd.pk)


def fill_in(world, s: Setup) -> None:
    """Choices and rankings of the hand-made round:

    kim:  robot, cnc        robot ranks: lee, kim    -> kim loses robot to lee
    lee:  robot             cnc ranks:   kim         -> kim gets cnc (choice 2)
    park: night, robot      night ranks: park        -> night forbidden (training at night);
                                                        robot did not rank park
    choi: (no consent: cannot apply)
    """
    for key, names in {
        "kim": ["robot", "cnc"],
        "lee": ["robot"],
        "park": ["night", "robot"],
    }.items():
        services.choices_save(
            actor=world.users["student"],
            round=s.round,
            student=s.students[key],
            round_slot_ids=[s.slots[n].pk for n in names],
        )
    e = s.entrants
    services.company_rank_save(
        actor=world.users["company"],
        round_slot=s.slots["robot"],
        entrant_ids=[e["lee"].pk, e["kim"].pk],
    )
    services.company_rank_save(
        actor=world.users["company_b"], round_slot=s.slots["cnc"], entrant_ids=[e["kim"].pk]
    )
    services.company_rank_save(
        actor=world.users["company_b"], round_slot=s.slots["night"], entrant_ids=[e["park"].pk]
    )


def run_and_publish(world, s: Setup) -> Round:
    """`fill_in`'s round after its deadline: matched and published."""
    actor = world.users["coordinator"]
    rnd = pass_deadline(s.round)
    services.round_run_request(actor=actor, round=rnd, inline=True)
    return services.round_publish(actor=actor, round=rnd)
