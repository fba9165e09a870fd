"""Gap figures out of date (insights/inbox.py): a coordinator is asked to
recompute when survey answers came in after the last recompute, and the item
goes once the figures are recomputed (or while a recompute is waiting)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from mujigae.core import inbox
from mujigae.insights import inbox as ins_inbox
from mujigae.insights import services
from mujigae.insights.models import GapRun
from mujigae.surveys.models import Response
from tests.insights import factories as g

pytestmark = pytest.mark.django_db


def _stale(user):
    return [t for t in inbox.todos_for(user) if t.kind == "insights.stale"]


@pytest.fixture
def answers(world):
    robot = g.unit(name="로봇 유지보수")
    sq = g.survey(world.district)
    for headcount in (3, 4):
        g.hiring(sq, g.company(world.district), year=2026, units=robot.code, headcount=headcount)
    return sq


def test_answers_never_computed_ask_for_a_recompute_that_clears_it(world, answers):
    coordinator = world.users["coordinator"]
    [todo] = _stale(coordinator)
    assert todo.title == "역량 격차 지표 다시 계산하기"
    assert "설문 응답 2건" in todo.why and "아직 계산하지 않았습니다" in todo.why
    client = Client()
    client.force_login(coordinator)
    assert client.get(todo.url).status_code == 200

    services.gap_recompute(district_ids=[world.district.pk], actor=coordinator)
    assert _stale(coordinator) == []


def test_an_answer_after_the_last_recompute_makes_the_figures_stale(world, answers):
    coordinator = world.users["coordinator"]
    services.gap_recompute(actor=coordinator)  # national: covers the district too
    assert _stale(coordinator) == []
    later = g.company(world.district)
    g.hiring(answers, later, year=2026, units="", headcount=2)
    Response.objects.filter(organisation=later).update(
        updated_at=timezone.now() + dt.timedelta(seconds=5)
    )
    [todo] = _stale(coordinator)
    assert "1건" in todo.why and "계산 이후" in todo.why
    # a draft is not an answer
    g.hiring(answers, g.company(world.district), year=2026, units="", headcount=9, submitted=False)
    assert "1건" in _stale(coordinator)[0].why


def test_a_waiting_recompute_is_enough(world, answers):
    coordinator = world.users["coordinator"]
    GapRun.objects.create(district=world.district, requested_by=coordinator)
    assert _stale(coordinator) == []


def test_only_the_districts_coordinators_are_asked(world, answers):
    for role in ("school", "company", "partner", "student", "ministry", "other_coordinator"):
        assert ins_inbox.insights_todos(world.users[role]) == [], role


def test_a_bounded_number_of_queries(world, answers, django_assert_max_num_queries):
    coordinator = world.users["coordinator"]
    with django_assert_max_num_queries(2):
        assert ins_inbox.insights_todos(coordinator)
    for _ in range(15):
        g.hiring(answers, g.company(world.district), year=2026, units="", headcount=1)
    with django_assert_max_num_queries(2):
        assert ins_inbox.insights_todos(coordinator)
