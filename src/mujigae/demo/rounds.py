"""Matching rounds for the Ansan demo: one published field-training round with
results (some accepted, some declined, the `student` login's answer left
open) and its second round, open with a deadline two weeks ahead, so every
role has something to see.

Uses the district's existing open field-training `Slot` rows (the placements
demo makes them) and the demo third-graders (`load_ansan_students`, who
consent to placement but for the last of each class). Without open slots it
says so and returns. Idempotent (rounds keyed on district and name; a rerun
changes nothing) and deterministic (a fixed seed). Rounds are marked as
sample data; the rows under them belong to those rounds.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District, User
from mujigae.demo.ansan import COMPANY_USER_ORG, DISTRICT
from mujigae.demo.placements import APPLY_DAYS
from mujigae.placements.models import Slot, SlotKind, SlotStatus
from mujigae.rounds import services
from mujigae.rounds.models import Assignment, Entrant, Response, Round, RoundSlot
from mujigae.students.forms import current_school_year
from mujigae.students.models import Student

SEED = 20250808
CHOICES = 5


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _names(year: int) -> tuple[str, str]:
    return f"{year} 현장실습 1차 매칭(예시)", f"{year} 현장실습 2차 매칭(예시)"


@transaction.atomic
def load_ansan_rounds(out: TextIO | None = None) -> dict:
    """Create the demo rounds; returns {"rounds": n, "placed": n, "entrants": n}."""
    district = District.objects.get(code=DISTRICT["code"])
    year = current_school_year()
    first_name, second_name = _names(year)
    existing = Round.objects.filter(district=district, name__in=(first_name, second_name))
    if existing.count() == 2:
        _write(out, "rounds: demo rounds already there")
        return {"rounds": 2, "placed": 0, "entrants": 0, "created": False}
    existing.delete()  # a half-made pair from an older demo: start again
    slots = list(
        Slot.objects.filter(
            district=district, kind=SlotKind.FIELD_TRAINING, status=SlotStatus.OPEN
        ).order_by("pk")
    )
    if not slots:
        _write(
            out,
            "rounds: no open field-training slots in the district (load the placements demo first); skipped",
        )
        return {"rounds": 0, "placed": 0, "entrants": 0, "created": False}
    students = Student.objects.filter(district=district, school_year=year, grade=3)
    schools = sorted({s.school for s in students.select_related("school")}, key=lambda o: o.name)
    if not schools:
        _write(
            out, "rounds: no third-graders in the district (load the demo students first); skipped"
        )
        return {"rounds": 0, "placed": 0, "entrants": 0, "created": False}
    actor = User.objects.filter(username="coordinator").first()
    company_user = User.objects.filter(username="company").first()
    student_user = User.objects.filter(username="student").first()
    rng = random.Random(SEED)
    now = timezone.now()

    rnd = services.round_create(
        actor=actor,
        district=district,
        name=first_name,
        kind=SlotKind.FIELD_TRAINING,
        deadline=now + dt.timedelta(days=1),
        response_deadline=now + dt.timedelta(days=10),
        school_year=year,
        grade=3,
        schools=schools,
        max_choices=CHOICES,
        is_sample=True,
    )
    rnd = services.round_open(actor=actor, round=rnd)
    round_slots = list(RoundSlot.objects.filter(round=rnd).select_related("slot__company"))
    own = [rs for rs in round_slots if rs.slot.company.name == COMPANY_USER_ORG]
    entrants = list(Entrant.objects.filter(round=rnd).select_related("student").order_by("pk"))
    for e in entrants:
        picks = rng.sample(round_slots, min(CHOICES, len(round_slots)))
        # the company login's slots are popular, so its page has applicants
        if own and own[0] not in picks and rng.random() < 0.5:
            picks = [own[0], *picks[: CHOICES - 1]]
        try:
            services.choices_save(
                actor=e.student.user or actor,
                round=rnd,
                student=e.student,
                round_slot_ids=[rs.pk for rs in picks],
            )
        except ApplicationError:
            continue  # no placement consent: the demo shows it
    score = {e.pk: rng.random() for e in entrants}
    for rs in round_slots:
        applicants = list(services.applicants(rs).values_list("pk", flat=True))
        # companies rank most applicants, by their own score; a few they leave out
        ranked = sorted((a for a in applicants if score[a] > 0.1), key=lambda a: -score[a])
        if ranked:
            services.company_rank_save(
                actor=company_user if rs in own else actor, round_slot=rs, entrant_ids=ranked
            )
    Round.objects.filter(pk=rnd.pk).update(deadline=now - dt.timedelta(days=3))
    rnd, _queued = services.round_run_request(
        actor=actor, round=Round.objects.get(pk=rnd.pk), inline=True
    )
    rnd = services.round_publish(actor=actor, round=rnd)
    placed = list(
        Assignment.objects.filter(round=rnd, round_slot__isnull=False)
        .select_related("entrant__student")
        .order_by("pk")
    )
    for k, a in enumerate(placed):
        if student_user is not None and a.entrant.student.user_id == student_user.pk:
            continue  # the student login answers in the demo
        answer = Response.DECLINED if k % 5 == 4 else Response.ACCEPTED
        if k % 7 == 6:
            continue  # some have not answered yet
        services.assignment_respond(actor=None, assignment=a, response=answer)

    second = services.round_second_create(
        actor=actor,
        previous=rnd,
        name=second_name,
        deadline=now + dt.timedelta(days=APPLY_DAYS),  # the slots' last day to apply
        response_deadline=now + dt.timedelta(days=APPLY_DAYS + 7),
    )
    second = services.round_open(actor=actor, round=second)
    summary = {
        "rounds": 2,
        "placed": len(placed),
        "entrants": len(entrants),
        "created": True,
    }
    _write(
        out,
        f"rounds: {first_name} published ({len(placed)} of {len(entrants)} placed); "
        f"{second_name} open until {timezone.localtime(second.deadline):%Y-%m-%d %H:%M}",
    )
    return summary
