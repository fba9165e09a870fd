"""The calendar rules of a round are written once (`Round.choices_editable`,
`rankings_editable`, `answers_open`, `results_published`): what the pages
offer and what the services accept agree, before and after each deadline."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mujigae.rounds import services
from mujigae.rounds.models import Assignment, CompanyRank, Response, Round, StudentChoice

from .helpers import fill_in, open_round, pass_deadline, run_and_publish


def _url(name, rnd):
    return reverse(f"rounds:{name}", args=[rnd.pk])


def test_choices_rule_at_the_deadline_itself():
    rnd = Round(status="open", deadline=timezone.now())
    before = rnd.deadline - dt.timedelta(seconds=1)
    assert rnd.choices_editable(before)
    assert not rnd.choices_editable(rnd.deadline)  # the deadline is the first closed instant
    assert not Round(status="closed", deadline=rnd.deadline).choices_editable(before)


def test_before_the_deadline_every_page_offers_the_change_the_service_takes(world, client_for):
    s = open_round(world)
    student = client_for("student")
    assert "지망 내기" in student.get(reverse("rounds:round_list")).content.decode()
    page = student.get(_url("student_round", s.round)).content.decode()
    assert 'data-testid="choices-form"' in page and 'data-testid="closed-note"' not in page
    r = student.post(_url("student_round", s.round), {"slot": [s.slots["robot"].pk]})
    assert r.status_code == 302
    school = client_for("school")  # one test client: each role logs in again
    lee = s.entrants["lee"]
    page = school.get(_url("school_round", s.round) + f"?entrant={lee.pk}").content.decode()
    assert "지망 제출이 마감되어" not in page
    detail = client_for("coordinator").get(_url("round_detail", s.round)).content.decode()
    assert "지남" not in detail and "라운드 마감" not in detail


def test_after_the_deadline_no_page_offers_a_change_and_the_service_refuses(world, client_for):
    s = open_round(world)
    kim, lee = s.entrants["kim"], s.entrants["lee"]
    services.choices_save(
        actor=world.users["student"],
        round=s.round,
        student=s.students["kim"],
        round_slot_ids=[s.slots["robot"].pk],
    )
    rnd = pass_deadline(s.round)
    assert rnd.status == "open"  # nobody has closed it: the deadline alone decides
    student = client_for("student")
    listing = student.get(reverse("rounds:round_list")).content.decode()
    assert "내 지망 보기" in listing and "지망 내기" not in listing
    page = student.get(_url("student_round", rnd)).content.decode()
    assert 'data-testid="choices-form"' not in page and 'data-testid="closed-note"' in page
    r = student.post(_url("student_round", rnd), {"slot": [s.slots["cnc"].pk]})
    assert r.status_code == 409 and "지망 제출이 마감되어" in r.content.decode()
    assert list(kim.choices.values_list("round_slot_id", flat=True)) == [s.slots["robot"].pk]
    school = client_for("school")
    page = school.get(_url("school_round", rnd) + f"?entrant={lee.pk}").content.decode()
    assert "지망 제출이 마감되어" in page
    r = school.post(_url("school_round", rnd), {"entrant": lee.pk, "slot": [s.slots["cnc"].pk]})
    assert r.status_code == 409 and not StudentChoice.objects.filter(entrant=lee).exists()
    coordinator = client_for("coordinator")
    detail = coordinator.get(_url("round_detail", rnd)).content.decode()
    assert "지남" in detail and "라운드 마감" in detail
    # the close the page offers is the close the service takes
    r = coordinator.post(_url("round_transition", rnd), {"action": "close"})
    assert r.status_code == 302
    assert Round.objects.get(pk=rnd.pk).status == "closed"


def test_company_rankings_close_when_the_matching_runs(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    company = client_for("company")
    assert "순위 저장" in company.get(_url("company_round", s.round)).content.decode()
    pass_deadline(s.round)
    client_for("coordinator").post(_url("round_run", s.round))
    assert Round.objects.get(pk=s.round.pk).status == "matched"
    company = client_for("company")  # one test client: log in again
    page = company.get(_url("company_round", s.round)).content.decode()
    assert "순위 저장" not in page
    robot = s.slots["robot"]
    before = list(CompanyRank.objects.filter(round_slot=robot).values_list("entrant_id", "rank"))
    r = company.post(
        _url("company_round", s.round),
        {"round_slot": robot.pk, f"rank_{s.entrants['kim'].pk}": "1"},
    )
    assert r.status_code == 409 and "순위를 더 이상 바꿀 수 없습니다" in r.content.decode()
    after = list(CompanyRank.objects.filter(round_slot=robot).values_list("entrant_id", "rank"))
    assert after == before


def test_after_the_answer_deadline_no_button_and_the_service_refuses(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    run_and_publish(world, s)
    student = client_for("student")
    assert "배정 수락" in student.get(_url("student_round", s.round)).content.decode()
    Round.objects.filter(pk=s.round.pk).update(
        response_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    page = student.get(_url("student_round", s.round)).content.decode()
    assert "배정 수락" not in page and 'data-testid="my-result"' in page
    r = student.post(_url("student_respond", s.round), {"response": "accepted"})
    assert r.status_code == 409 and "수락·거절 마감이 지났습니다." in r.content.decode()
    assert Assignment.objects.get(entrant=s.entrants["kim"]).response == Response.PENDING
