"""The demo student on a phone (issue 13): the home page lists the open
matching round with its deadline and the placement waiting for an answer;
tapping a to-do opens the page where it is done."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from mujigae.core.models import User
from mujigae.rounds.models import Assignment, Response, Round, RoundSlot, RoundStatus
from tests.e2e.conftest import PHONE, login, shot

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings):
    """`mujigae demo` (the whole Ansan demo, rounds and outcomes included), and
    the issue's moment: the `student` login has a placement of the published
    first round waiting for an answer, due in three days, while the second
    round is open."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--force", stdout=StringIO())
    user = User.objects.get(username="student")
    first = Round.objects.get(status=RoundStatus.PUBLISHED, is_sample=True)
    second = Round.objects.get(status=RoundStatus.OPEN, previous=first)
    answer_by = timezone.now() + dt.timedelta(days=3)
    Round.objects.filter(pk=first.pk).update(response_deadline=answer_by)
    mine = Assignment.objects.get(round=first, entrant__student__user=user)
    if mine.round_slot_id is None or mine.response != Response.PENDING:
        free = (
            RoundSlot.objects.filter(round=first)
            .annotate(taken=Count("assignments", filter=~Q(assignments__response="declined")))
            .filter(capacity__gt=F("taken"))
            .order_by("pk")
            .first()
        )
        assert free is not None, "the demo's first round has no place left"
        Assignment.objects.filter(pk=mine.pk).update(
            round_slot=free, choice=1, response=Response.PENDING, responded_at=None
        )
    return {"first": first, "second": second, "answer_by": answer_by}


def _seoul(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y. %-m. %-d. %H:%M}"  # the site's DATETIME_FORMAT


def test_demo_student_sees_what_to_do_and_taps_into_it(demo, phone):
    page = phone
    first, second = demo["first"], demo["second"]
    login(page, "student")
    page.goto("/")
    todos = page.locator("[data-testid=todos]")
    rank = todos.locator('li[data-kind="rounds.rank"]')
    answer = todos.locator('li[data-kind="rounds.answer"]')
    assert rank.count() == 1 and answer.count() == 1
    rank_text = rank.inner_text()
    assert second.name in rank_text and "지망 순위를 정하세요" in rank_text
    assert _seoul(Round.objects.get(pk=second.pk).deadline) in rank_text
    answer_text = answer.inner_text()
    assert "배정 결과를 수락하거나 거절하세요" in answer_text
    assert _seoul(demo["answer_by"]) in answer_text
    assert "할 일이 없습니다" not in todos.inner_text()
    # the to-do list fits the phone's width (nothing cut off to the right)
    box = todos.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "student-home-phone")

    with page.expect_navigation():
        rank.locator("a").tap()
    assert page.url.endswith(f"/rounds/{second.pk}/mine/")
    assert second.name in page.locator("h1").inner_text()

    page.goto("/")
    with page.expect_navigation():
        page.locator('[data-testid=todos] li[data-kind="rounds.answer"] a').tap()
    assert page.url.endswith(f"/rounds/{first.pk}/mine/")
    assert first.name in page.locator("h1").inner_text()
    assert "수락" in page.locator("main").inner_text()
