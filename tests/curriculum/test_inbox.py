"""What the co-development of modules owes whom (curriculum/inbox.py): the
provider reviews, the coordinator decides, the company revises a returned
proposal; each to-do goes once the step is taken; events to the proposer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from mujigae.core import inbox
from mujigae.core.models import Role, User
from mujigae.curriculum import inbox as cur_inbox
from mujigae.curriculum import services_proposals as sp
from mujigae.curriculum.models import ProposalStatus
from tests import factories as f

pytestmark = pytest.mark.django_db
S = ProposalStatus


def _propose(world, programme, unit, who="company"):
    return sp.proposal_create(
        actor=world.users[who],
        programme=programme,
        name="협동로봇 안전 실습",
        units=[(unit, 16)],
    )


def _step(world, proposal, who, action, comment=""):
    return sp.proposal_transition(
        actor=world.users[who], proposal=proposal, action=action, comment=comment
    )


def _kinds(user) -> dict[str, inbox.Todo]:
    return {t.kind: t for t in cur_inbox.curriculum_todos(user)}


def _opens(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


@pytest.fixture
def submitted(world, curr):
    p = sp.proposal_create(
        actor=world.users["company"],
        programme=curr.school_programme,
        name="협동로봇 안전 실습",
        units=[(curr.units[2], 16)],
    )
    return _step(world, p, "company", "submit")


def test_the_provider_reviews_then_the_coordinator_decides(world, curr, submitted):
    school = world.users["school"]
    review = _kinds(school)["curriculum.review"]
    assert review.count == 1 and _opens(school, review.url) == 200
    assert "curriculum.decide" not in _kinds(world.users["coordinator"])
    assert _kinds(world.users["partner"]) == {}  # not its programme

    _step(world, submitted, "school", "review")
    assert "curriculum.review" not in _kinds(school)
    coordinator = world.users["coordinator"]
    decide = _kinds(coordinator)["curriculum.decide"]
    assert decide.count == 1 and _opens(coordinator, decide.url) == 200
    assert _kinds(world.users["other_coordinator"]) == {}

    _step(world, submitted, "coordinator", "approve")
    assert _kinds(coordinator) == {}


def test_a_returned_proposal_asks_the_company_to_revise_it_until_it_is_resubmitted(
    world, curr, submitted
):
    _step(world, submitted, "school", "return", "안전 교육 시간을 늘려 주세요")
    company = world.users["company"]
    todo = _kinds(company)["curriculum.returned"]
    assert todo.title == "보완 요청된 모듈 제안 고치기"
    assert _opens(company, todo.url) == 200
    assert "curriculum.returned" not in _kinds(world.users["company_b"])
    _step(world, submitted, "company", "submit")
    assert "curriculum.returned" not in _kinds(company)


def test_the_coordinator_reviews_when_the_provider_has_no_login(world, curr):
    # the partner's programme: its only login is deactivated
    User.objects.filter(organisation=world.partner).update(is_active=False)
    proposal = _step(
        world, _propose(world, curr.partner_programme, curr.units[0]), "company", "submit"
    )
    coordinator = world.users["coordinator"]
    review = _kinds(coordinator)["curriculum.review"]
    assert review.count == 1 and _opens(coordinator, review.url) == 200
    _step(world, proposal, "coordinator", "review")
    assert "curriculum.review" not in _kinds(coordinator)
    assert "curriculum.decide" in _kinds(coordinator)


def test_many_proposals_make_one_item_with_a_count_opening_the_filtered_list(world, curr):
    for _ in range(3):
        _step(world, _propose(world, curr.school_programme, curr.units[0]), "company", "submit")
    school = world.users["school"]
    review = _kinds(school)["curriculum.review"]
    assert review.count == 3 and "status=submitted" in review.url
    assert _opens(school, review.url) == 200


@pytest.mark.parametrize("role", ["coordinator", "school", "company"])
def test_todos_take_a_bounded_number_of_queries(world, curr, role, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            p = _step(
                world, _propose(world, curr.school_programme, curr.units[0]), "company", "submit"
            )
            _step(world, p, "school", "return", "보완")

    make(1)
    with django_assert_max_num_queries(1):
        cur_inbox.curriculum_todos(world.users[role])
    make(10)
    with django_assert_max_num_queries(1):
        cur_inbox.curriculum_todos(world.users[role])


def test_returned_and_decided_events_reach_the_proposers_logins_only(world, curr, submitted):
    _step(world, submitted, "school", "return", "보완해 주세요")
    second = f.UserFactory(
        username="company2", role=Role.COMPANY, district=world.district, organisation=world.company
    )
    now = timezone.now()
    events = cur_inbox.curriculum_events(now)
    [returned] = [e for e in events if e.kind == "curriculum.returned"]
    assert returned.key.startswith(f"curriculum.returned:{submitted.pk}:")
    assert set(returned.recipients) == {world.users["company"].pk, second.pk}
    assert [e.key for e in cur_inbox.curriculum_events(now)] == [e.key for e in events]
    for uid in returned.recipients:
        assert _opens(User.objects.get(pk=uid), returned.url) == 200
    assert _opens(world.users["company_b"], returned.url) == 404

    # returned again after a resubmission: told again, under another key
    _step(world, submitted, "company", "submit")
    _step(world, submitted, "school", "return", "한 번 더")
    keys = {e.key for e in cur_inbox.curriculum_events(timezone.now())}
    assert len([k for k in keys if k.startswith("curriculum.returned:")]) == 2

    _step(world, submitted, "company", "submit")
    _step(world, submitted, "school", "review")
    _step(world, submitted, "coordinator", "approve")
    [decided] = [
        e for e in cur_inbox.curriculum_events(timezone.now()) if e.kind == "curriculum.decided"
    ]
    assert decided.key == f"curriculum.decided:{submitted.pk}"
    assert decided.title == "모듈 제안이 승인되었습니다"
    # a fortnight later it is old news
    assert cur_inbox.curriculum_events(timezone.now() + dt.timedelta(days=14)) == []
    assert {"curriculum.returned", "curriculum.decided"} <= set(inbox.EVENT_KINDS)


def test_events_take_a_bounded_number_of_queries(world, curr, django_assert_max_num_queries):
    for n in (1, 8):
        for _ in range(n):
            p = _step(
                world, _propose(world, curr.school_programme, curr.units[0]), "company", "submit"
            )
            _step(world, p, "school", "return", "보완")
        with django_assert_max_num_queries(3):
            assert cur_inbox.curriculum_events(timezone.now())
