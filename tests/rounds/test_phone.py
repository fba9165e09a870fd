"""The student's phone-first round pages (issue 13, point 5): ranking by
adding and reordering (no JavaScript), slots the rules refuse marked and
refused, the last day to apply, and accepting or declining after a
confirmation page with the next step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.core.models import AuditEntry
from mujigae.placements.models import Slot
from mujigae.rounds import services
from mujigae.rounds.models import Assignment, Response, StudentChoice

from .helpers import fill_in, open_round, run_and_publish

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(name, rnd):
    return reverse(f"rounds:{name}", args=[rnd.pk])


def _saved(entrant) -> list[int]:
    return list(
        StudentChoice.objects.filter(entrant=entrant)
        .order_by("rank")
        .values_list("round_slot_id", flat=True)
    )


def _step(c, s, op: str, shown: list[int]):
    return c.post(_url("student_round", s.round), {"slot": shown, "op": op})


def test_the_student_adds_moves_and_removes_slots_one_tap_at_a_time(world, client_for):
    s = open_round(world)
    c = client_for("student")
    kim = s.entrants["kim"]
    robot, cnc = s.slots["robot"].pk, s.slots["cnc"].pk
    r = _step(c, s, f"add:{robot}", [])
    assert r.status_code == 302 and r["Location"].endswith(f"#rs-{robot}")
    _step(c, s, f"add:{cnc}", [robot])
    assert _saved(kim) == [robot, cnc]
    _step(c, s, f"up:{cnc}", [robot, cnc])
    assert _saved(kim) == [cnc, robot]
    _step(c, s, f"down:{cnc}", [cnc, robot])
    assert _saved(kim) == [robot, cnc]
    page = c.get(_url("student_round", s.round)).content.decode()
    # the ranked list in order, with up/down/remove, the first "up" disabled
    assert page.index(f'id="rs-{robot}"') < page.index(f'id="rs-{cnc}"')
    assert f'value="up:{robot}" disabled' in page and f'value="down:{cnc}" disabled' in page
    assert "빼기" in page and "위로" in page and "아래로" in page and "세부 내용" in page
    assert "3개 중 2개를 골랐습니다" in page
    # a double tap on the same step gives the same list, one audit row
    audits = AuditEntry.objects.count()
    _step(c, s, f"remove:{robot}", [robot, cnc])
    _step(c, s, f"remove:{robot}", [robot, cnc])
    assert _saved(kim) == [cnc]
    assert AuditEntry.objects.count() == audits + 1


def test_a_slot_the_rules_refuse_is_marked_and_cannot_be_added(world, client_for):
    s = open_round(world)
    c = client_for("student")
    night = s.slots["night"].pk
    page = c.get(_url("student_round", s.round)).content.decode()
    item = page[page.index(f'id="rs-{night}"') :]
    item = item[: item.index("</li>")]
    assert "선택 불가:" in item and "현장실습은 오후 10시부터 오전 6시까지 할 수 없습니다." in item
    assert "add:" not in item
    # sent anyway (a tampered form, the old full-list form): refused, nothing saved
    r = _step(c, s, f"add:{night}", [])
    assert r.status_code == 422 and "고를 수 없습니다" in r.content.decode()
    r = c.post(_url("student_round", s.round), {"slot": [night]})
    assert r.status_code == 422 and "오후 10시부터" in r.content.decode()
    assert not StudentChoice.objects.exists()


def test_a_slot_whose_last_day_to_apply_passed_cannot_be_added(world, client_for):
    s = open_round(world)
    c = client_for("student")
    robot, cnc = s.slots["robot"], s.slots["cnc"]
    _step(c, s, f"add:{robot.pk}", [])
    Slot.objects.filter(pk__in=[robot.slot_id, cnc.slot_id]).update(
        apply_by=TODAY - dt.timedelta(days=1)
    )
    page = c.get(_url("student_round", s.round)).content.decode()
    assert "지원 마감일(" in page and "이 지났습니다" in page
    r = _step(c, s, f"add:{cnc.pk}", [robot.pk])
    assert r.status_code == 422 and "지원 마감일" in r.content.decode()
    assert _saved(s.entrants["kim"]) == [robot.pk]
    # the slot ranked before its last day stays and may be removed
    assert _step(c, s, f"remove:{robot.pk}", [robot.pk]).status_code == 302
    assert _saved(s.entrants["kim"]) == []
    # the last day itself still counts
    Slot.objects.filter(pk=cnc.slot_id).update(apply_by=TODAY)
    assert _step(c, s, f"add:{cnc.pk}", []).status_code == 302


def test_the_service_refuses_a_closed_slot_whatever_page_sends_it(world):
    s = open_round(world)
    Slot.objects.filter(pk=s.slots["cnc"].slot_id).update(apply_by=TODAY - dt.timedelta(days=1))
    from mujigae.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as err:
        services.choices_save(
            actor=world.users["school"],
            round=s.round,
            student=s.students["lee"],
            round_slot_ids=[s.slots["cnc"].pk],
        )
    assert err.value.status == 422


def test_a_full_list_and_bad_steps_are_refused_in_korean(world, client_for):
    s = open_round(world, max_choices=1)
    c = client_for("student")
    robot, cnc = s.slots["robot"].pk, s.slots["cnc"].pk
    _step(c, s, f"add:{robot}", [])
    page = c.get(_url("student_round", s.round)).content.decode()
    assert "지망 목록이 가득 찼습니다" in page and f"add:{cnc}" not in page
    r = _step(c, s, f"add:{cnc}", [robot])
    assert r.status_code == 422 and "최대 1개" in r.content.decode()
    assert _step(c, s, "jump:1", [robot]).status_code == 422
    assert _step(c, s, f"up:{cnc}", [robot]).status_code == 422
    assert _step(c, s, "add:abc", [robot]).status_code == 422
    assert _saved(s.entrants["kim"]) == [robot]


def test_accepting_asks_first_then_says_what_happens_next(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    Slot.objects.filter(pk=s.slots["cnc"].slot_id).update(
        period_start=dt.date(2027, 7, 21), period_end=dt.date(2027, 8, 17), pay=700_000
    )
    rnd = run_and_publish(world, s)
    c = client_for("student")
    page = c.get(_url("student_round", rnd)).content.decode()
    confirm = _url("student_respond", rnd)
    assert f'href="{confirm}?response=accepted"' in page
    # GET shows what is accepted and writes nothing
    page = c.get(confirm + "?response=accepted").content.decode()
    assert "이 자리를 수락하시겠습니까?" in page and "CNC 가공" in page
    assert "2027. 7. 21.–2027. 8. 17." in page and "700,000" in page
    assert 'value="accepted"' in page and 'value="declined"' not in page
    a = Assignment.objects.get(entrant=s.entrants["kim"])
    assert a.response == Response.PENDING
    # POST does it; sent twice, it stays one answer
    r = c.post(confirm, {"response": "accepted"})
    assert r.status_code == 302 and r["Location"].endswith("#my-result")
    audits = AuditEntry.objects.count()
    assert c.post(confirm, {"response": "accepted"}).status_code == 302
    assert AuditEntry.objects.count() == audits
    a.refresh_from_db()
    assert a.response == Response.ACCEPTED
    page = c.get(_url("student_round", rnd)).content.decode()
    assert "답을 기록했습니다" in page
    assert "학교 담당 선생님이" in page and "표준협약서를 준비합니다" in page
    assert "실습 시작일: 2027. 7. 21." in page
    # afterwards the confirmation page offers no button
    page = c.get(confirm + "?response=declined").content.decode()
    assert (
        'data-testid="cannot-answer"' in page
        and '<form method="post"' not in page.split("<main")[1]
    )


def test_declining_says_what_happens_in_a_second_round(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    c = client_for("student")
    page = c.get(_url("student_respond", rnd) + "?response=declined").content.decode()
    assert "이 자리를 거절하시겠습니까?" in page and 'value="accepted"' not in page
    c.post(_url("student_respond", rnd), {"response": "declined"})
    assert Assignment.objects.get(entrant=s.entrants["kim"]).response == Response.DECLINED
    page = c.get(_url("student_round", rnd)).content.decode()
    assert "다른 학생에게 돌아갑니다" in page and "2차 매칭" in page


def test_the_confirmation_page_is_the_students_own(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    rnd = run_and_publish(world, s)
    url = _url("student_respond", rnd) + "?response=accepted"
    assert client_for("coordinator").get(url).status_code == 403
    for role in ("school", "company", "partner"):
        assert client_for(role).get(url).status_code == 403
    # a student not placed (nothing to answer) or not entered gets a 404
    s.students["kim"].user = None
    s.students["kim"].save()
    s.students["park"].user = world.users["student"]  # park was not placed
    s.students["park"].save()
    assert client_for("student").get(url).status_code == 404
    assert client_for("student").post(url, {"response": "accepted"}).status_code == 404
