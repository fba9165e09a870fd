"""What matching rounds put on each role's home page, in notifications and in
calendars (issue 13, point 1): appears, says when, opens the page where it is
done, disappears once done; events go only to those who may open them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mujigae.core import inbox
from mujigae.core.models import Role
from mujigae.placements.models import StandardAgreement
from mujigae.rounds import inbox as rounds_inbox
from mujigae.rounds import services
from mujigae.rounds.models import Assignment, Response, Round
from tests import factories as f
from tests.placements.factories import AgreementFactory
from tests.rounds.helpers import (
    fill_in,
    make_slots,
    make_students,
    open_round,
    pass_deadline,
    placement_consent,
    run_and_publish,
)
from tests.students.factories import StudentFactory


def todos(user, kind=None):
    found = list(rounds_inbox.todos(user))
    return [t for t in found if kind is None or t.kind == kind]


def opens(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def our_events(now=None):
    return list(rounds_inbox.events(now or timezone.now()))


def by_key(events):
    return {e.key: e for e in events}


# --- students -------------------------------------------------------------------


def test_student_sees_the_open_round_until_they_rank(world, client):
    s = open_round(world)
    student = world.users["student"]
    [todo] = todos(student, "rounds.rank")
    assert s.round.name in todo.title
    assert todo.due == s.round.deadline and todo.has_time
    assert not todo.urgent  # a week ahead
    assert todo.url == reverse("rounds:student_round", args=[s.round.pk])
    assert opens(student, todo.url) == 200
    client.force_login(student)
    home = client.get("/").content.decode()
    assert "지망 순위를 정하세요" in home and todo.url in home

    services.choices_save(
        actor=student,
        round=s.round,
        student=s.students["kim"],
        round_slot_ids=[s.slots["robot"].pk],
    )
    assert todos(student, "rounds.rank") == []


def test_rank_todo_is_urgent_on_the_last_day(world):
    open_round(world, deadline=timezone.now() + dt.timedelta(hours=20))
    [todo] = todos(world.users["student"], "rounds.rank")
    assert todo.urgent


def test_student_without_placement_consent_is_not_asked_to_rank(world):
    slots = make_slots(world)
    assert slots
    students = make_students(world, user_for="choi")  # choi has no placement consent
    assert students["choi"].user_id == world.users["student"].pk
    actor = world.users["coordinator"]
    rnd = services.round_create(
        actor=actor,
        district=world.district,
        name="동의 없음",
        kind="field_training",
        deadline=timezone.now() + dt.timedelta(days=7),
        school_year=2026,
        grade=3,
        schools=[world.school],
        max_choices=3,
    )
    services.round_open(actor=actor, round=rnd)
    assert todos(world.users["student"], "rounds.rank") == []


def test_student_answers_a_published_placement(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    Round.objects.filter(pk=rnd.pk).update(response_deadline=timezone.now() + dt.timedelta(days=3))
    student = world.users["student"]
    [todo] = todos(student, "rounds.answer")
    assert "CNC 가공" in todo.title  # kim was placed in his second choice
    assert todo.due == Round.objects.get(pk=rnd.pk).response_deadline
    assert not todo.urgent
    assert opens(student, todo.url) == 200
    assert todos(student, "rounds.rank") == []  # the deadline has passed

    a = Assignment.objects.get(entrant=s.entrants["kim"])
    services.assignment_respond(actor=student, assignment=a, response=Response.ACCEPTED)
    assert todos(student, "rounds.answer") == []


def test_answer_todo_urgent_near_the_deadline_and_gone_after_it(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    Round.objects.filter(pk=rnd.pk).update(response_deadline=timezone.now() + dt.timedelta(hours=5))
    [todo] = todos(world.users["student"], "rounds.answer")
    assert todo.urgent
    Round.objects.filter(pk=rnd.pk).update(
        response_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    assert todos(world.users["student"], "rounds.answer") == []


# --- companies -------------------------------------------------------------------


def test_company_ranks_its_applicants(world):
    s = open_round(world)
    for key in ("kim", "lee"):
        services.choices_save(
            actor=world.users["student"],
            round=s.round,
            student=s.students[key],
            round_slot_ids=[s.slots["robot"].pk, s.slots["cnc"].pk],
        )
    company = world.users["company"]  # robot: kim and lee applied
    [todo] = todos(company, "rounds.rank_applicants")
    assert todo.count == 2
    assert "순위를 매기지 않은 지원자는 배정되지 않습니다" in todo.why
    assert todo.url == reverse("rounds:company_round", args=[s.round.pk])
    assert opens(company, todo.url) == 200
    [other] = todos(world.users["company_b"], "rounds.rank_applicants")
    assert other.count == 2  # cnc: kim and lee
    assert todos(world.users["other_company"]) == []

    services.company_rank_save(
        actor=company, round_slot=s.slots["robot"], entrant_ids=[s.entrants["lee"].pk]
    )
    [todo] = todos(company, "rounds.rank_applicants")
    assert todo.count == 1  # kim is still unranked
    services.company_rank_save(
        actor=company,
        round_slot=s.slots["robot"],
        entrant_ids=[s.entrants["lee"].pk, s.entrants["kim"].pk],
    )
    assert todos(company, "rounds.rank_applicants") == []


def test_an_applicant_without_placement_consent_is_not_counted(world):
    s = open_round(world)
    services.choices_save(
        actor=world.users["student"],
        round=s.round,
        student=s.students["kim"],
        round_slot_ids=[s.slots["robot"].pk],
    )
    s.students["kim"].consents.update(withdrawn_at=timezone.now())
    assert todos(world.users["company"], "rounds.rank_applicants") == []


def test_company_and_school_record_the_agreement_for_trainees(world):
    s = open_round(world)
    fill_in(world, s)
    run_and_publish(world, s)
    StandardAgreement.objects.all().delete()
    a = Assignment.objects.get(entrant=s.entrants["kim"])  # placed at company_b's cnc
    services.assignment_respond(
        actor=world.users["student"], assignment=a, response=Response.ACCEPTED
    )
    company_b, school = world.users["company_b"], world.users["school"]
    for user in (company_b, school):
        [todo] = todos(user, "rounds.trainee_agreement")
        assert todo.count == 1
        assert todo.url.endswith(f"?slot={s.slots['cnc'].slot_id}")
        assert opens(user, todo.url) == 200
    # lee accepted nothing yet: the robot company has no trainee
    assert todos(world.users["company"], "rounds.trainee_agreement") == []

    AgreementFactory(company=world.company_b, school=world.school, slot=None)
    for user in (company_b, school):
        assert todos(user, "rounds.trainee_agreement") == []


def test_an_unsigned_agreement_does_not_count(world):
    s = open_round(world)
    fill_in(world, s)
    run_and_publish(world, s)
    StandardAgreement.objects.update(signed_on=None)
    a = Assignment.objects.get(entrant=s.entrants["kim"])
    services.assignment_respond(
        actor=world.users["student"], assignment=a, response=Response.ACCEPTED
    )
    assert len(todos(world.users["company_b"], "rounds.trainee_agreement")) == 1


# --- coordinator ---------------------------------------------------------------------


def test_coordinator_is_asked_to_run_a_round_past_its_deadline(world):
    s = open_round(world)
    coordinator = world.users["coordinator"]
    assert todos(coordinator) == []
    rnd = pass_deadline(s.round)
    [todo] = todos(coordinator, "rounds.run")
    assert todo.urgent and rnd.name in todo.title
    assert opens(coordinator, todo.url) == 200
    assert todos(world.users["other_coordinator"]) == []

    services.round_close(actor=coordinator, round=rnd)
    assert len(todos(coordinator, "rounds.run")) == 1  # closed, not run yet
    services.round_run_request(actor=coordinator, round=Round.objects.get(pk=rnd.pk), inline=True)
    assert todos(coordinator, "rounds.run") == []


def test_roles_without_round_work_get_nothing(world):
    open_round(world)
    for name in ("partner", "ministry", "other_coordinator", "other_company"):
        assert todos(world.users[name]) == [], name


# --- events ---------------------------------------------------------------------------


def test_round_opened_goes_to_its_students_and_companies(world):
    s = open_round(world)
    outsider = f.UserFactory(
        username="student2", role=Role.STUDENT, district=world.district, organisation=world.school
    )
    not_entered = StudentFactory(school=world.school, school_year=2026, grade=2, user=outsider)
    placement_consent(not_entered)
    found = by_key(our_events())
    students = found[f"rounds.opened:{s.round.pk}:students"]
    assert students.recipients == (world.users["student"].pk,)
    companies = found[f"rounds.opened:{s.round.pk}:companies"]
    assert set(companies.recipients) == {world.users["company"].pk, world.users["company_b"].pk}
    assert our_events() == our_events()  # stable across ticks (keys and texts)
    for event in (students, companies):
        assert event.kind in inbox.EVENT_KINDS
        for uid in event.recipients:
            user = next(u for u in world.users.values() if u.pk == uid)
            assert opens(user, event.url) == 200


def test_deadline_reminders_three_days_and_one_day_before(world):
    s = open_round(world, deadline=timezone.now() + dt.timedelta(days=5))
    pk = s.round.pk
    assert not any(k.startswith("rounds.deadline") for k in by_key(our_events()))
    in_two_days = s.round.deadline - dt.timedelta(days=2)
    found = by_key(our_events(in_two_days))
    assert found[f"rounds.deadline:{pk}:d3"].recipients == (world.users["student"].pk,)
    assert f"rounds.deadline:{pk}:d1" not in found
    in_twenty_hours = s.round.deadline - dt.timedelta(hours=20)
    found = by_key(our_events(in_twenty_hours))
    assert f"rounds.deadline:{pk}:d1" in found and f"rounds.deadline:{pk}:d3" not in found
    # a student who ranked is not reminded
    services.choices_save(
        actor=world.users["student"],
        round=s.round,
        student=s.students["kim"],
        round_slot_ids=[s.slots["robot"].pk],
    )
    assert f"rounds.deadline:{pk}:d1" not in by_key(our_events(in_twenty_hours))


def test_published_results_reach_the_student_and_the_companies(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    Round.objects.filter(pk=rnd.pk).update(response_deadline=timezone.now() + dt.timedelta(days=2))
    a = Assignment.objects.get(entrant=s.entrants["kim"])
    found = by_key(our_events())
    mine = found[f"rounds.published:{rnd.pk}:{a.pk}"]
    assert mine.recipients == (world.users["student"].pk,)
    assert "수락" in mine.body
    for company in ("company", "company_b"):
        org = world.users[company].organisation_id
        event = found[f"rounds.published:{rnd.pk}:company-{org}"]
        assert event.recipients == (world.users[company].pk,)
        assert "김민준" not in event.title + event.body  # no student's name
        assert opens(world.users[company], event.url) == 200
    assert opens(world.users["student"], mine.url) == 200
    assert not any(k.startswith("rounds.answer_deadline") for k in found)

    a_day_before = timezone.now() + dt.timedelta(days=1, hours=1)
    found = by_key(our_events(a_day_before))
    assert found[f"rounds.answer_deadline:{a.pk}:d1"].recipients == (world.users["student"].pk,)
    services.assignment_respond(
        actor=world.users["student"], assignment=a, response=Response.DECLINED
    )
    assert f"rounds.answer_deadline:{a.pk}:d1" not in by_key(our_events(a_day_before))


def test_no_event_for_a_round_of_another_district_reaches_ours(world):
    s = open_round(world)
    for event in our_events():
        for uid in event.recipients:
            assert uid not in (world.users["other_company"].pk, world.users["other_coordinator"].pk)
    assert s.round.district_id == world.district.pk


# --- calendar ---------------------------------------------------------------------------


def test_calendar_has_the_round_dates_of_each_party(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    answer_by = timezone.now() + dt.timedelta(days=3)
    Round.objects.filter(pk=rnd.pk).update(response_deadline=answer_by)
    for name, page in (
        ("student", "rounds:student_round"),
        ("company", "rounds:company_round"),
        ("school", "rounds:school_round"),
        ("coordinator", "rounds:round_detail"),
    ):
        entries = {e.uid: e for e in rounds_inbox.calendar(world.users[name])}
        deadline = entries[f"round-{rnd.pk}-deadline@mujigae"]
        assert deadline.start == Round.objects.get(pk=rnd.pk).deadline, name
        assert deadline.url == reverse(page, args=[rnd.pk])
        assert entries[f"round-{rnd.pk}-answers@mujigae"].start == answer_by
    for name in ("partner", "ministry", "other_company"):
        assert rounds_inbox.calendar(world.users[name]) == []


def test_calendar_of_a_student_not_entered_is_empty(world):
    open_round(world)
    user = f.UserFactory(
        username="s9", role=Role.STUDENT, district=world.district, organisation=world.school
    )
    assert rounds_inbox.calendar(user) == []


# --- bounded queries -------------------------------------------------------------------


def _grow(world, s, n: int) -> None:
    """n more entered students with a login, each ranking the robot slot."""
    for k in range(n):
        user = f.UserFactory(
            username=f"grow{k}",
            role=Role.STUDENT,
            district=world.district,
            organisation=world.school,
        )
        student = StudentFactory(
            school=world.school, school_year=2026, grade=3, number=20 + k, user=user
        )
        placement_consent(student)
        entrant = s.round.entrants.create(student=student)
        entrant.choices.create(round_slot=s.slots["robot"], rank=1)


@pytest.mark.parametrize("extra", [0, 12])
def test_providers_take_a_bounded_number_of_queries(world, extra, django_assert_max_num_queries):
    s = open_round(world)
    _grow(world, s, extra)
    for name in ("student", "company", "school", "coordinator"):
        with django_assert_max_num_queries(4):
            todos(world.users[name])
        with django_assert_max_num_queries(3):
            rounds_inbox.calendar(world.users[name])
    with django_assert_max_num_queries(8):
        events = our_events(s.round.deadline - dt.timedelta(hours=2))
    assert len(by_key(events)[f"rounds.opened:{s.round.pk}:students"].recipients) == 1 + extra


def test_a_placed_student_has_the_training_period_in_the_calendar(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    a = Assignment.objects.select_related("round_slot__slot").get(entrant=s.entrants["kim"])
    slot = a.round_slot.slot
    slot.period_start, slot.period_end = dt.date(2027, 7, 21), dt.date(2027, 8, 20)
    slot.save(update_fields=["period_start", "period_end"])
    student = world.users["student"]
    entry = {e.uid: e for e in rounds_inbox.calendar(student)}[f"training-{a.pk}@mujigae"]
    assert (entry.start, entry.end) == (dt.date(2027, 7, 21), dt.date(2027, 8, 20))
    assert slot.title in entry.title and entry.url == reverse("rounds:student_round", args=[rnd.pk])
    services.assignment_respond(actor=student, assignment=a, response=Response.DECLINED)
    assert f"training-{a.pk}@mujigae" not in {e.uid for e in rounds_inbox.calendar(student)}
