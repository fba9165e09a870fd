"""The round's steps, their refusals (409 / 4xx with a Korean message), the
stored result, its explanations and its stability."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.matching import Instance, blocking_pairs, stable_matching
from mujigae.rounds import services
from mujigae.rounds.models import (
    Assignment,
    CompanyRank,
    Entrant,
    Response,
    Round,
    RoundSlot,
    RoundStatus,
    RunStatus,
    StudentChoice,
)

from .helpers import YEAR, fill_in, make_slots, make_students, open_round, pass_deadline

HANGUL = "가"


def _korean(exc: ApplicationError) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in exc.message)


def _run(world, s):
    rnd = pass_deadline(s.round)
    rnd, queued = services.round_run_request(actor=world.users["coordinator"], round=rnd)
    assert not queued
    return Round.objects.get(pk=rnd.pk)


def test_open_offers_the_open_slots_and_enters_the_students(world):
    s = open_round(world)
    assert s.round.status == RoundStatus.OPEN
    assert set(RoundSlot.objects.filter(round=s.round).values_list("capacity", flat=True)) == {1, 2}
    assert Entrant.objects.filter(round=s.round).count() == 4
    assert (
        AuditEntry.objects.filter(object_type="rounds.Round", object_id=str(s.round.pk)).count()
        >= 2
    )


def test_open_without_slots_or_twice_is_refused(world):
    make_students(world)
    actor = world.users["coordinator"]
    rnd = services.round_create(
        actor=actor,
        district=world.district,
        name="빈 차수",
        kind="job",
        deadline=timezone.now() + dt.timedelta(days=3),
        school_year=YEAR,
        grade=3,
        schools=[world.school],
    )
    with pytest.raises(ApplicationError) as err:
        services.round_open(actor=actor, round=rnd)
    assert err.value.status == 409 and _korean(err.value)
    assert Round.objects.get(pk=rnd.pk).status == RoundStatus.DRAFT
    assert not RoundSlot.objects.filter(round=rnd).exists()  # nothing half-saved


def test_create_refuses_bad_input(world):
    with pytest.raises(ApplicationError) as err:
        services.round_create(
            actor=world.users["coordinator"],
            district=world.district,
            name="x",
            kind="field_training",
            deadline=timezone.now(),
            school_year=YEAR,
            grade=3,
            schools=[world.school],
            max_choices=16,
        )
    assert "max_choices" in err.value.field_errors and _korean(err.value)
    with pytest.raises(ApplicationError) as err:
        services.round_create(
            actor=world.users["coordinator"],
            district=world.district,
            name="x",
            kind="field_training",
            deadline=timezone.now(),
            school_year=YEAR,
            grade=3,
            schools=[world.company],
        )
    assert "schools" in err.value.field_errors


def test_wrong_steps_are_conflicts(world):
    s = open_round(world)
    actor = world.users["coordinator"]
    for step in (services.round_publish, services.round_finish, services.round_open):
        with pytest.raises(ApplicationError) as err:
            step(actor=actor, round=s.round)
        assert err.value.status == 409 and _korean(err.value)
    with pytest.raises(ApplicationError) as err:
        services.round_close(actor=actor, round=s.round)  # deadline not passed
    assert err.value.status == 409
    with pytest.raises(ApplicationError) as err:
        services.round_run_request(actor=actor, round=s.round)
    assert err.value.status == 409
    assert Round.objects.get(pk=s.round.pk).status == RoundStatus.OPEN


def test_choices_n_limit_duplicates_unknown_slots_and_consent(world):
    s = open_round(world, max_choices=2)
    kim, choi = s.students["kim"], s.students["choi"]
    actor = world.users["student"]
    ids = [rs.pk for rs in s.slots.values()]
    with pytest.raises(ApplicationError) as err:
        services.choices_save(actor=actor, round=s.round, student=kim, round_slot_ids=ids)
    assert err.value.status == 422 and "2" in err.value.message and _korean(err.value)
    with pytest.raises(ApplicationError) as err:
        services.choices_save(
            actor=actor, round=s.round, student=kim, round_slot_ids=[ids[0], ids[0]]
        )
    assert err.value.status == 422 and _korean(err.value)
    with pytest.raises(ApplicationError):
        services.choices_save(actor=actor, round=s.round, student=kim, round_slot_ids=[999999])
    with pytest.raises(ApplicationError) as err:
        services.choices_save(actor=actor, round=s.round, student=choi, round_slot_ids=ids[:1])
    assert err.value.status == 403 and "동의" in err.value.message
    assert not StudentChoice.objects.exists()
    services.choices_save(actor=actor, round=s.round, student=kim, round_slot_ids=ids[1::-1])
    assert list(
        StudentChoice.objects.filter(entrant__student=kim)
        .order_by("rank")
        .values_list("round_slot_id", flat=True)
    ) == [ids[1], ids[0]]


def test_choices_after_the_deadline_are_refused(world):
    s = open_round(world)
    rnd = pass_deadline(s.round)
    with pytest.raises(ApplicationError) as err:
        services.choices_save(
            actor=world.users["student"],
            round=rnd,
            student=s.students["kim"],
            round_slot_ids=[s.slots["robot"].pk],
        )
    assert err.value.status == 409 and "마감" in err.value.message


def test_company_ranks_only_its_consenting_applicants(world):
    s = open_round(world)
    fill_in(world, s)
    e = s.entrants
    with pytest.raises(ApplicationError):  # lee did not apply to cnc
        services.company_rank_save(
            actor=world.users["company_b"], round_slot=s.slots["cnc"], entrant_ids=[e["lee"].pk]
        )
    with pytest.raises(ApplicationError):
        services.company_rank_save(
            actor=world.users["company_b"],
            round_slot=s.slots["cnc"],
            entrant_ids=[e["kim"].pk, e["kim"].pk],
        )
    assert list(
        CompanyRank.objects.filter(round_slot=s.slots["cnc"]).values_list("entrant_id", flat=True)
    ) == [e["kim"].pk]


def test_the_hand_made_round_is_matched_and_explained(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    assert rnd.status == RoundStatus.MATCHED and rnd.run_status == RunStatus.DONE
    got = {a.entrant_id: a for a in Assignment.objects.filter(round=rnd)}
    e = s.entrants
    assert got[e["lee"].pk].round_slot_id == s.slots["robot"].pk and got[e["lee"].pk].choice == 1
    kim = got[e["kim"].pk]
    assert kim.round_slot_id == s.slots["cnc"].pk and kim.choice == 2
    assert kim.explanation == [
        {
            "slot": s.slots["robot"].pk,
            "choice": 1,
            "code": "filled",
            "your_rank": 2,
            "last_admitted_rank": 1,
            "capacity": 1,
        }
    ]
    park = got[e["park"].pk]
    assert park.round_slot_id is None and park.choice is None
    assert [(x["choice"], x["code"], x.get("rule")) for x in park.explanation] == [
        (1, "unacceptable", "training_night"),
        (2, "unacceptable", "not_ranked_by_slot"),
    ]
    assert got[e["choi"].pk].round_slot_id is None
    assert rnd.stats["placed"] == 2 and rnd.stats["forbidden_pairs"] == 1
    assert rnd.welfare["stable"]["placed"] == 2


def test_the_stored_result_is_stable_and_equals_the_engine(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    stored = dict(Assignment.objects.filter(round=rnd).values_list("entrant_id", "round_slot_id"))
    # the same instance as plain data: what `mujigae match` would read
    data = {
        "students": [
            {
                "id": e.pk,
                "preferences": list(
                    e.choices.order_by("rank").values_list("round_slot_id", flat=True)
                ),
            }
            for e in Entrant.objects.filter(round=rnd).order_by("pk")
        ],
        "slots": [
            {
                "id": rs.pk,
                "capacity": rs.capacity,
                "preferences": list(rs.ranks.order_by("rank").values_list("entrant_id", flat=True)),
            }
            for rs in RoundSlot.objects.filter(round=rnd).order_by("pk")
        ],
    }
    forbidden = {(s.entrants["park"].pk, s.slots["night"].pk): "training_night"}
    result = stable_matching(Instance.from_data(data), forbidden)
    assert result.assignments == stored
    assert blocking_pairs(result) == []


def test_rerun_replaces_the_result_and_publish_and_answers(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    rnd, _queued = services.round_run_request(actor=world.users["coordinator"], round=rnd)
    assert Assignment.objects.filter(round=rnd).count() == 4  # replaced, not added
    rnd = services.round_publish(actor=world.users["coordinator"], round=rnd)
    assert rnd.status == RoundStatus.PUBLISHED
    kim = Assignment.objects.get(entrant=s.entrants["kim"])
    park = Assignment.objects.get(entrant=s.entrants["park"])
    assert kim.response == Response.PENDING and park.response == ""
    with pytest.raises(ApplicationError) as err:
        services.round_run_request(actor=world.users["coordinator"], round=rnd)
    assert err.value.status == 409
    with pytest.raises(ApplicationError) as err:
        services.assignment_respond(actor=None, assignment=park, response="accepted")
    assert err.value.status == 409
    with pytest.raises(ApplicationError) as err:
        services.assignment_respond(actor=None, assignment=kim, response="maybe")
    assert err.value.status == 422
    services.assignment_respond(actor=None, assignment=kim, response="declined")
    with pytest.raises(ApplicationError) as err:
        services.assignment_respond(actor=None, assignment=kim, response="accepted")
    assert err.value.status == 409
    assert Assignment.objects.get(pk=kim.pk).response == Response.DECLINED


def test_answers_after_the_response_deadline_are_refused(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    rnd = services.round_publish(actor=world.users["coordinator"], round=rnd)
    Round.objects.filter(pk=rnd.pk).update(response_deadline=timezone.now() - dt.timedelta(hours=1))
    kim = Assignment.objects.get(entrant=s.entrants["kim"])
    with pytest.raises(ApplicationError) as err:
        services.assignment_respond(actor=None, assignment=kim, response="accepted")
    assert err.value.status == 409 and "마감" in err.value.message


def test_second_round_offers_what_is_left_to_who_is_left(world):
    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    rnd = services.round_publish(actor=world.users["coordinator"], round=rnd)
    kim = Assignment.objects.get(entrant=s.entrants["kim"])
    services.assignment_respond(actor=None, assignment=kim, response="declined")
    lee = Assignment.objects.get(entrant=s.entrants["lee"])
    services.assignment_respond(actor=None, assignment=lee, response="accepted")
    second = services.round_second_create(
        actor=world.users["coordinator"],
        previous=rnd,
        name="2차",
        deadline=timezone.now() + dt.timedelta(days=3),
    )
    left = dict(RoundSlot.objects.filter(round=second).values_list("slot_id", "capacity"))
    assert left == {s.slots["cnc"].slot_id: 1, s.slots["night"].slot_id: 2}  # robot is taken
    students = set(Entrant.objects.filter(round=second).values_list("student_id", flat=True))
    assert students == {s.students[k].pk for k in ("kim", "park", "choi")}
    second = services.round_open(actor=world.users["coordinator"], round=second)
    assert second.status == RoundStatus.OPEN
    with pytest.raises(ApplicationError) as err:  # from an unpublished round: refused
        services.round_second_create(
            actor=world.users["coordinator"],
            previous=second,
            name="3차",
            deadline=timezone.now() + dt.timedelta(days=3),
        )
    assert err.value.status == 409


def test_a_large_round_is_queued_as_a_task(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MUJIGAE_ROUND_INLINE_MAX = 1
    s = open_round(world)
    fill_in(world, s)
    rnd = pass_deadline(s.round)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        rnd, queued = services.round_run_request(actor=world.users["coordinator"], round=rnd)
    assert queued
    rnd = Round.objects.get(pk=rnd.pk)
    assert rnd.run_status == RunStatus.DONE and rnd.status == RoundStatus.MATCHED
    assert Assignment.objects.filter(round=rnd, round_slot__isnull=False).count() == 2


def test_the_welfare_comparison_follows_its_setting(world, settings):
    """MUJIGAE_ROUND_WELFARE_MAX (settings): a round larger than it gets no
    welfare-optimal comparison; 0 turns the comparison off."""
    settings.MUJIGAE_ROUND_WELFARE_MAX = 0
    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    assert rnd.stats["placed"] == 2
    assert not rnd.welfare


def test_unused_helpers_are_consistent(world):
    # make_slots alone creates slots of both companies: a second district's round sees none
    make_slots(world)
    assert RoundSlot.objects.count() == 0


def test_counts_per_slot_and_school(world):
    from mujigae.rounds import selectors

    s = open_round(world)
    fill_in(world, s)
    rnd = _run(world, s)
    rnd = services.round_publish(actor=world.users["coordinator"], round=rnd)
    services.assignment_respond(
        actor=None,
        assignment=Assignment.objects.get(entrant=s.entrants["lee"]),
        response="accepted",
    )
    rows = {rs.pk: rs for rs in selectors.slot_results(rnd)}
    robot, cnc, night = (rows[s.slots[k].pk] for k in ("robot", "cnc", "night"))
    assert (robot.applicants, robot.placed, robot.accepted, robot.pending) == (3, 1, 1, 0)
    assert (cnc.applicants, cnc.placed, cnc.accepted, cnc.pending) == (1, 1, 0, 1)
    assert (night.applicants, night.placed) == (1, 0)
    (school,) = selectors.school_results(rnd)
    assert school == {
        "school": world.school.name,
        "entrants": 4,
        "placed": 2,
        "unplaced": 2,
        "accepted": 1,
        "declined": 0,
    }


def test_a_round_without_any_choice_runs_and_places_nobody(world):
    s = open_round(world)
    rnd = _run(world, s)
    assert rnd.status == RoundStatus.MATCHED and rnd.stats["placed"] == 0
    assert not Assignment.objects.filter(round=rnd, round_slot__isnull=False).exists()
    assert Assignment.objects.filter(round=rnd).count() == 4
    assert all(a.explanation == [] for a in Assignment.objects.filter(round=rnd))


def test_close_after_the_deadline_then_run_finish(world):
    s = open_round(world)
    fill_in(world, s)
    actor = world.users["coordinator"]
    rnd = services.round_close(actor=actor, round=pass_deadline(s.round))
    assert rnd.status == RoundStatus.CLOSED
    # companies may still rank after the students' deadline, until the run
    e = s.entrants
    services.company_rank_save(
        actor=world.users["company"],
        round_slot=s.slots["robot"],
        entrant_ids=[e["lee"].pk, e["kim"].pk],
    )
    with pytest.raises(ApplicationError) as err:
        services.round_close(actor=actor, round=rnd)
    assert err.value.status == 409
    rnd, _queued = services.round_run_request(actor=actor, round=rnd)
    with pytest.raises(ApplicationError) as err:  # matched: rankings frozen
        services.company_rank_save(
            actor=world.users["company"], round_slot=s.slots["robot"], entrant_ids=[]
        )
    assert err.value.status == 409
    rnd = services.round_publish(actor=actor, round=rnd)
    rnd = services.round_finish(actor=actor, round=rnd)
    assert rnd.status == RoundStatus.FINISHED
    with pytest.raises(ApplicationError) as err:
        services.assignment_respond(
            actor=None,
            assignment=Assignment.objects.get(entrant=s.entrants["kim"]),
            response="accepted",
        )
    assert err.value.status == 409
