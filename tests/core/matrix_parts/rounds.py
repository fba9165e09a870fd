"""Access matrix part: matching rounds (issue 5, point 3).

Product rules (docs/rounds.md), written by hand:

* The district coordinator creates, opens, closes, runs, publishes and
  finishes rounds, sees every count and result, exports them and compares
  with the welfare-optimal assignment; it may also look at every company's
  applicants (read only).
* A student ranks slots in the rounds they are entered in and answers their
  own result; the coordinator reaches these routes but the pages refuse it
  (403): they are the student's own. Students need a placement consent (the
  fixture student has one).
* A company reads and ranks the applicants of its own slots only.
* Schools see the list of rounds and enter or correct their own students'
  lists (the coordinator: every student's); partners and the ministry see
  nothing (the ministry reads no personal data).
* Peers: a round belongs to the district, so the second school and company
  reach its pages as the first ones do (school_b sees none of its students
  entered; company_b its own slots only); the students and slots named in a
  POST are checked in tests/rounds. A placed student's result is the school's
  and the coordinator's only.
* Fixtures: an open round (deadline ahead), a closed one (deadline passed,
  for the run button: an empty POST runs it inline, 302) and a published one
  (the fixture student was placed and may answer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from mujigae.rounds import services
from mujigae.rounds.models import Assignment, Entrant, Round, RoundSlot
from mujigae.students.models import Consent, Student
from tests.core.matrix_expect import COMPANY, COORD, NOBODY, SCHOOL, STUDENT, Expect, R
from tests.placements.factories import AgreementFactory, EligibilityFactory, SlotFactory

ROUND_READERS = COORD | {SCHOOL, COMPANY, STUDENT}

EXPECTED: dict[str, Expect] = {
    "rounds:round_list": Expect(ROUND_READERS, NOBODY),
    # an empty POST is a bad form: 400
    "rounds:round_create": Expect(COORD, COORD),
    "rounds:round_detail": Expect(COORD, NOBODY, obj="round_open"),
    # POST only (GET: 405); an empty POST names no step: 400
    "rounds:round_transition": Expect(COORD, COORD, obj="round_open"),
    # GET: the run status fragment; POST runs the closed round inline (302)
    "rounds:round_run": Expect(COORD, COORD, obj="round_closed"),
    # GET asks the reason; POST (an empty one: 422) downloads, logged per student
    "rounds:round_export": Expect(COORD, COORD, obj="round_published"),
    "rounds:round_welfare": Expect(COORD, NOBODY, obj="round_published"),
    # an empty POST is a bad form: 400
    "rounds:round_second": Expect(COORD, COORD, obj="round_published"),
    # an empty POST saves an empty list (302)
    "rounds:student_round": Expect(R({STUDENT}), R({STUDENT}), obj="round_open"),
    # GET: the confirmation page, the placed student's own (the coordinator
    # passes the route and is refused by the page); an empty POST: 400
    "rounds:student_respond": Expect(R({STUDENT}), R({STUDENT}), obj="round_published"),
    # an empty POST names no slot: 400
    "rounds:company_round": Expect(COORD | {COMPANY}, R({COMPANY}), obj="round_open"),
    # a school enters or corrects its own students' lists; an empty POST names no student: 400
    "rounds:school_round": Expect(COORD | {SCHOOL}, COORD | {SCHOOL}, obj="round_open"),
    # POST only (GET: 405); an empty POST names no answer: 400
    "rounds:answer_correct": Expect(
        COORD, COORD, obj="assignment", peer_read=NOBODY, peer_write=NOBODY
    ),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"assignment"}
# The company's slot in the rounds, its 표준협약서 with the school (the company's
# and the school's) and its eligibility note (the company's and the coordinator's).
SECRETS: dict[str, set[str]] = {
    "company_b": {"매칭 실습", "감독 가나로봇", "인정 메모 가나로봇"},
    "school_b": {"감독 가나로봇"},
}


def _round(world: Any, orgs: dict[str, Any], name: str) -> Round:
    actor = world.users["coordinator"]
    rnd = services.round_create(
        actor=actor,
        district=world.district,
        name=name,
        kind="field_training",
        deadline=timezone.now() + dt.timedelta(days=7),
        school_year=2025,
        grade=3,
        schools=[orgs["school"]],
    )
    return services.round_open(actor=actor, round=rnd)


def _past(rnd: Round) -> Round:
    Round.objects.filter(pk=rnd.pk).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    return Round.objects.get(pk=rnd.pk)


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    student = Student.objects.get(user=world.users["student"])
    Consent.objects.create(
        student=student, purpose="placement", version="2025-1", given_at=dt.date(2025, 3, 4)
    )
    AgreementFactory(
        company=orgs["company"],
        school=orgs["school"],
        period_end=dt.date(2030, 1, 1),
        supervisor="감독 가나로봇",
    )
    EligibilityFactory(
        company=orgs["company"], valid_until=dt.date(2030, 1, 1), note="인정 메모 가나로봇"
    )
    slot = SlotFactory(company=orgs["company"], title="매칭 실습", capacity=1)
    SlotFactory(company=orgs["company_b"], title="다른 기업 실습", capacity=1)

    open_round = _round(world, orgs, "열린 차수")
    closed = _past(_round(world, orgs, "마감된 차수"))
    closed = services.round_close(actor=world.users["coordinator"], round=closed)

    published = _round(world, orgs, "발표된 차수")
    rs = RoundSlot.objects.get(round=published, slot=slot)
    services.choices_save(
        actor=world.users["student"], round=published, student=student, round_slot_ids=[rs.pk]
    )
    entrant = Entrant.objects.get(round=published, student=student)
    services.company_rank_save(
        actor=world.users["company"], round_slot=rs, entrant_ids=[entrant.pk]
    )
    published, _queued = services.round_run_request(
        actor=world.users["coordinator"], round=_past(published), inline=True
    )
    published = services.round_publish(actor=world.users["coordinator"], round=published)
    return {
        "round_open": lambda org: open_round.pk,
        "round_closed": lambda org: closed.pk,
        "round_published": lambda org: published.pk,
        "assignment": lambda org: Assignment.objects.get(round=published).pk,
    }
