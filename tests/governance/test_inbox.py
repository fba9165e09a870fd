"""What governance owes whom (governance/inbox.py): to-dos per role that go
away once done, events to exactly the owner organisation's logins, calendar
entries, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mujigae.core import inbox
from mujigae.core.models import Role
from mujigae.governance import inbox as gov_inbox
from mujigae.governance.models import ActionItem, Commitment, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


def _todos(user, prefix="governance."):
    return [t for t in gov_inbox.governance_todos(user) if t.kind.startswith(prefix)]


def _opens(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def _today():
    return timezone.localdate()


# --------------------------------------------------------------- to-dos


def test_owner_sees_its_open_action_items_urgent_when_due_and_not_anothers(world):
    today = _today()
    f.ActionItemFactory(
        owner=world.company, title="보고서 제출", due_date=today - dt.timedelta(days=2)
    )
    tomorrow = f.ActionItemFactory(
        owner=world.company, title="현장 점검", due_date=today + dt.timedelta(days=1)
    )
    later = f.ActionItemFactory(
        owner=world.company, title="협약 검토", due_date=today + dt.timedelta(days=10)
    )
    f.ActionItemFactory(owner=world.company, title="끝난 일", status=ActionItem.Status.DONE)
    f.ActionItemFactory(owner=world.company_b, title="다른 기업의 일")

    todos = _todos(world.users["company"])
    by_title = {t.title: t for t in todos}
    assert set(by_title) == {
        "실행 과제: 보고서 제출",
        "실행 과제: 현장 점검",
        "실행 과제: 협약 검토",
    }
    assert by_title["실행 과제: 보고서 제출"].urgent
    assert "기한이 2일 지났습니다" in by_title["실행 과제: 보고서 제출"].why
    assert by_title["실행 과제: 현장 점검"].urgent
    assert not by_title["실행 과제: 협약 검토"].urgent
    assert by_title["실행 과제: 협약 검토"].due == later.due_date
    # each opens the page where the owner records progress, for that user
    for todo in todos:
        assert _opens(world.users["company"], todo.url) == 200
    assert by_title["실행 과제: 현장 점검"].url == reverse(
        "governance:action_update", args=[tomorrow.pk]
    )
    # the other company sees only its own
    assert [t.title for t in _todos(world.users["company_b"])] == ["실행 과제: 다른 기업의 일"]


def test_marking_an_action_item_done_removes_it(world):
    item = f.ActionItemFactory(owner=world.company, title="보고서 제출")
    user = world.users["company"]
    assert len(_todos(user)) == 1
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("governance:action_update", args=[item.pk]),
        {"status": ActionItem.Status.DONE, "progress_note": "제출함"},
    )
    assert response.status_code in (200, 302)
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert _todos(user) == []


def test_many_action_items_show_the_nearest_and_one_line_for_the_rest(world):
    today = _today()
    for i in range(gov_inbox.MAX_ITEMS + 3):
        f.ActionItemFactory(owner=world.partner, due_date=today + dt.timedelta(days=5 + i))
    todos = _todos(world.users["partner"])
    singles = [t for t in todos if t.kind == "governance.action"]
    rest = [t for t in todos if t.kind == "governance.actions_more"]
    assert len(singles) == gov_inbox.MAX_ITEMS
    assert [t.due for t in singles] == sorted(t.due for t in singles)
    assert len(rest) == 1 and rest[0].count == 3
    assert _opens(world.users["partner"], rest[0].url) == 200


def test_coordinator_gets_one_overdue_item_with_the_count_and_the_filtered_list(world):
    today = _today()
    f.ActionItemFactory(owner=world.company, due_date=today - dt.timedelta(days=3))
    f.ActionItemFactory(owner=world.school, due_date=today - dt.timedelta(days=1))
    f.ActionItemFactory(owner=world.school, due_date=today + dt.timedelta(days=1))
    f.ActionItemFactory(
        owner=world.other_company, due_date=today - dt.timedelta(days=9)
    )  # another district
    coordinator = world.users["coordinator"]
    [todo] = _todos(coordinator, "governance.overdue")
    assert todo.count == 2 and todo.urgent
    assert todo.due == today - dt.timedelta(days=3)
    assert "2개 기관" in todo.why
    client = Client()
    client.force_login(coordinator)
    page = client.get(todo.url)
    assert page.status_code == 200
    # the filtered list shows exactly the overdue ones
    assert page.context["page_obj"].paginator.count == 2

    ActionItem.objects.filter(due_date__lt=today).update(status=ActionItem.Status.DONE)
    assert _todos(coordinator, "governance.overdue") == []


def test_coordinator_records_the_minutes_of_a_meeting_held_lately(world):
    now = timezone.now()
    held = f.MeetingFactory(
        district=world.district, title="3월 협의회", starts_at=now - dt.timedelta(days=3)
    )
    f.MeetingFactory(district=world.district, starts_at=now + dt.timedelta(days=3))  # not yet
    f.MeetingFactory(
        district=world.district,
        starts_at=now - dt.timedelta(days=2),
        status=Meeting.Status.CANCELLED,
    )
    f.MeetingFactory(district=world.other_district, starts_at=now - dt.timedelta(days=2))
    coordinator = world.users["coordinator"]
    [todo] = _todos(coordinator, "governance.minutes")
    assert todo.title == "회의록 작성: 3월 협의회"
    assert _opens(coordinator, todo.url) == 200
    Meeting.objects.filter(pk=held.pk).update(minutes="논의 내용", status=Meeting.Status.HELD)
    assert _todos(coordinator, "governance.minutes") == []


def test_a_commitment_not_reported_on_for_a_while_asks_for_a_report(world):
    agreement = f.AgreementFactory(district=world.district)
    clause = f.ClauseFactory(agreement=agreement, number=1)
    mine = f.CommitmentFactory(clause=clause, organisation=world.school)
    f.CommitmentFactory(clause=clause, organisation=world.company)
    long_ago = timezone.now() - dt.timedelta(days=120)
    Commitment.objects.update(updated_at=long_ago)
    school = world.users["school"]
    [todo] = _todos(school, "governance.commitment")
    assert todo.url == reverse("governance:commitment_update", args=[mine.pk])
    assert _opens(school, todo.url) == 200
    client = Client()
    client.force_login(school)
    client.post(todo.url, {"status": Commitment.Status.IN_PROGRESS, "evidence": "3월 실적"})
    mine.refresh_from_db()
    assert mine.status == Commitment.Status.IN_PROGRESS
    assert _todos(school, "governance.commitment") == []
    # an achieved commitment is never asked for
    Commitment.objects.filter(organisation=world.company).update(status=Commitment.Status.ACHIEVED)
    assert _todos(world.users["company"], "governance.commitment") == []


def test_students_and_the_ministry_owe_governance_nothing(world):
    f.ActionItemFactory(owner=world.school, due_date=_today() - dt.timedelta(days=1))
    assert gov_inbox.governance_todos(world.users["student"]) == []
    assert gov_inbox.governance_todos(world.users["ministry"]) == []


@pytest.mark.parametrize("role", ["company", "coordinator"])
def test_todos_take_a_bounded_number_of_queries(world, django_assert_max_num_queries, role):
    today = _today()
    user = world.users[role]

    def make(n):
        for i in range(n):
            f.ActionItemFactory(owner=world.company, due_date=today + dt.timedelta(days=i - 3))
            f.MeetingFactory(
                district=world.district, starts_at=timezone.now() - dt.timedelta(days=i + 1)
            )

    make(2)
    with django_assert_max_num_queries(4):
        small = gov_inbox.governance_todos(user)
    make(30)
    with django_assert_max_num_queries(4):
        large = gov_inbox.governance_todos(user)
    assert small and large


# --------------------------------------------------------------- events


def _events(now=None, kind=""):
    return [
        e for e in gov_inbox.governance_events(now or timezone.now()) if e.kind.startswith(kind)
    ]


def test_a_new_action_item_tells_exactly_the_owner_organisations_logins(world):
    also = f.UserFactory(
        username="company2", role=Role.COMPANY, district=world.district, organisation=world.company
    )
    f.UserFactory(
        username="gone",
        role=Role.COMPANY,
        district=world.district,
        organisation=world.company,
        is_active=False,
    )
    item = f.ActionItemFactory(owner=world.company, title="기밀 과제 제목")
    f.ActionItemFactory(owner=world.school)  # its school's student must not be told
    events = {e.key: e for e in _events(kind="governance.assigned")}
    event = events[f"governance.assigned:{item.pk}"]
    assert set(event.recipients) == {world.users["company"].pk, also.pk}
    assert world.users["company_b"].pk not in event.recipients
    assert event.title == "우리 기관에 새 실행 과제가 배정되었습니다"
    assert "기밀 과제 제목" not in event.title
    school_event = next(e for e in events.values() if e.key != event.key)
    assert set(school_event.recipients) == {world.users["school"].pk}  # not the student
    for uid in event.recipients:
        user = type(world.users["company"]).objects.get(pk=uid)
        assert _opens(user, event.url) == 200
    assert _opens(world.users["company_b"], event.url) == 404
    # stable across ticks
    assert {e.key for e in _events(kind="governance")} == {
        e.key for e in _events(kind="governance")
    }
    # a week later it is no news
    assert not _events(timezone.now() + dt.timedelta(days=8), "governance.assigned")


def test_deadline_events_three_days_and_one_day_before(world):
    today = _today()
    item = f.ActionItemFactory(owner=world.partner, due_date=today + dt.timedelta(days=3))
    now = timezone.now()
    [d3] = _events(now, "governance.due")
    assert d3.key == f"governance.due:{item.pk}:d3"
    assert d3.recipients == (world.users["partner"].pk,)
    assert "3일" in d3.title
    [d1] = _events(now + dt.timedelta(days=2), "governance.due")
    assert d1.key == f"governance.due:{item.pk}:d1"
    assert not _events(now + dt.timedelta(days=4), "governance.due")  # past due: no reminder
    ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.DONE)
    assert not _events(now, "governance.due")


def test_event_kinds_are_declared_for_the_preferences_page():
    assert {"governance.assigned", "governance.due"} <= set(inbox.EVENT_KINDS)


def test_events_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    today = _today()
    for n in (2, 25):
        for i in range(n):
            f.ActionItemFactory(owner=world.company, due_date=today + dt.timedelta(days=i % 4))
        with django_assert_max_num_queries(3):
            assert _events()


# --------------------------------------------------------------- calendar


def test_calendar_has_the_meetings_one_attends_and_ones_own_due_dates(world):
    attended = f.MeetingFactory(district=world.district, title="기업 간담회")
    attended.organisations.set([world.company])
    f.MeetingFactory(district=world.district, title="학교 회의").organisations.set([world.school])
    f.MeetingFactory(district=world.other_district, title="다른 지구 회의")
    item = f.ActionItemFactory(owner=world.company, title="보고서 제출")
    f.ActionItemFactory(owner=world.company_b, title="남의 과제")

    entries = {e.uid: e for e in gov_inbox.governance_calendar(world.users["company"])}
    assert set(entries) == {f"meeting-{attended.pk}@mujigae", f"action-{item.pk}@mujigae"}
    assert entries[f"action-{item.pk}@mujigae"].start == item.due_date
    assert entries[f"action-{item.pk}@mujigae"].title == "기한: 보고서 제출"

    titles = {e.title for e in gov_inbox.governance_calendar(world.users["coordinator"])}
    assert {"기업 간담회", "학교 회의"} <= titles and "다른 지구 회의" not in titles
    assert gov_inbox.governance_calendar(world.users["student"]) == []
    assert gov_inbox.governance_calendar(world.users["ministry"]) == []
    # in the person's feed, through the registry
    assert f"meeting-{attended.pk}@mujigae" in {
        e.uid for e in inbox.calendar_for(world.users["company"])
    }


def test_several_stale_commitments_open_the_mou_page(world):
    agreement = f.AgreementFactory(district=world.district)
    for number in (1, 2):
        clause = f.ClauseFactory(agreement=agreement, number=number)
        f.CommitmentFactory(clause=clause, organisation=world.partner)
    Commitment.objects.update(updated_at=timezone.now() - dt.timedelta(days=100))
    partner = world.users["partner"]
    [todo] = _todos(partner, "governance.commitment")
    assert todo.count == 2
    assert todo.url == reverse("governance:agreement_detail", args=[agreement.pk])
    assert _opens(partner, todo.url) == 200


@pytest.mark.parametrize("role", ["company", "coordinator"])
def test_calendar_takes_a_bounded_number_of_queries(world, role, django_assert_max_num_queries):
    user = world.users[role]
    made = 0
    for n in (1, 12):
        for _ in range(n):
            meeting = f.MeetingFactory(district=world.district)
            meeting.organisations.set([world.company])
            f.ActionItemFactory(owner=user.organisation)
        made += n
        with django_assert_max_num_queries(2):
            entries = gov_inbox.governance_calendar(user)
        assert len(entries) == 2 * made  # each meeting and each due date
