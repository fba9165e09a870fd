"""The to-do registry (core/inbox.py): what the home page and the menu show,
whatever app declared it."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.urls import reverse

from mujigae.core import inbox

pytestmark = pytest.mark.django_db


@contextmanager
def provider(registry: list, fn):
    registry.append(fn)
    try:
        yield fn
    finally:
        registry.remove(fn)


def _owed_by(username: str, todo: inbox.Todo):
    def provide(user):
        return [todo] if user.username == username else []

    return provide


def test_home_lists_what_the_user_owes_with_why_due_and_link(client_for):
    todo = inbox.Todo(
        kind="test.rank",
        title="지원자 순위를 매겨 주세요",
        why="순위를 매기지 않은 학생은 배정되지 않습니다",
        url="/rounds/",
        due=dt.date(2026, 12, 5),
        count=3,
    )
    with provider(inbox.TODO_PROVIDERS, _owed_by("company", todo)):
        body = client_for("company").get(reverse("home")).content.decode()
        assert "지원자 순위를 매겨 주세요" in body
        assert "순위를 매기지 않은 학생은 배정되지 않습니다" in body
        assert 'href="/rounds/"' in body
        assert "2026. 12. 5." in body and "2026-12-05" not in body  # the site's date format
        assert 'data-testid="todo-count"' in body  # the count beside "Home"

        other = client_for("company_b").get(reverse("home")).content.decode()
        assert "지원자 순위를 매겨 주세요" not in other
        assert 'data-testid="todo-count"' not in other


def test_nothing_owed_says_so_in_korean(client_for):
    body = client_for("student").get(reverse("home")).content.decode()
    assert "지금은 할 일이 없습니다." in body


def test_urgent_items_first_then_by_due_date():
    later = inbox.Todo("t.a", "later", "", "/a/", due=dt.date(2026, 12, 20))
    sooner = inbox.Todo("t.b", "sooner", "", "/b/", due=dt.date(2026, 12, 10))
    undated = inbox.Todo("t.c", "undated", "", "/c/")
    urgent = inbox.Todo("t.d", "urgent", "", "/d/", due=dt.date(2026, 12, 30), urgent=True)
    timed = inbox.Todo("t.e", "timed", "", "/e/", due=dt.datetime(2026, 12, 15, 18, 0))
    ordered = sorted([later, undated, sooner, urgent, timed], key=inbox.Todo.sort_key)
    assert [t.title for t in ordered] == ["urgent", "sooner", "timed", "later", "undated"]


def test_menu_count_is_cached_and_forgotten_when_the_user_changes_something(client_for, world):
    owed = {"n": 2}

    def provide(user):
        if user.username != "company":
            return []
        return [inbox.Todo(f"t.{i}", f"일 {i}", "", "/") for i in range(owed["n"])]

    with provider(inbox.TODO_PROVIDERS, provide):
        user = world.users["company"]
        assert inbox.todo_count(user) == 2
        owed["n"] = 1
        assert inbox.todo_count(user) == 2  # cached
        client = client_for("company")
        # any successful POST of this user forgets the cached count
        client.post(reverse("logout"))
        assert inbox.todo_count(user) == 1


def test_a_failing_event_provider_does_not_stop_the_others(caplog):
    good = inbox.Event(key="t.ok:1", kind="t.ok", recipients=(1,), title="ok")

    def broken(now):
        raise RuntimeError("boom")

    def fine(now):
        return [good]

    with provider(inbox.EVENT_PROVIDERS, broken), provider(inbox.EVENT_PROVIDERS, fine):
        found = inbox.events_at(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
    assert good in found
    assert "event provider" in caplog.text


def test_anonymous_owes_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert inbox.todos_for(AnonymousUser()) == []
    assert inbox.todo_count(AnonymousUser()) == 0
    assert inbox.calendar_for(AnonymousUser()) == []


def test_secret_paths_are_masked_in_log_lines():
    from mujigae.core.log_filters import strip_query

    line = '"GET /accounts/invite/AbC123secret/ HTTP/1.1" 200 · /s/tok-9/save · /calendar/feed/xyz.ics?x=1'
    masked = strip_query(line)
    assert "AbC123secret" not in masked and "tok-9" not in masked and "xyz" not in masked
    assert "/accounts/invite/***/" in masked and "/s/***/save" in masked
    assert "/students/" in strip_query("/students/?q=김") and "김" not in strip_query(
        "/students/?q=김"
    )


def test_the_home_page_asks_every_provider_once_and_the_menu_reuses_its_list(client_for):
    calls = {"n": 0}

    def provide(user):
        calls["n"] += 1
        return [inbox.Todo("t.once", "한 번만", "", "/")] if user.username == "school" else []

    with provider(inbox.TODO_PROVIDERS, provide):
        client = client_for("school")
        body = client.get(reverse("home")).content.decode()
        assert "한 번만" in body and 'data-testid="todo-count"' in body
        assert calls["n"] == 1  # the list of the page, not a second time for the menu's count
        client.get(reverse("notifications:list"))
        assert calls["n"] == 1  # the next page's menu: the count the home page left


def test_one_urgency_rule_for_dates_and_times():
    seoul = dt.timezone(dt.timedelta(hours=9))
    now = dt.datetime(2026, 12, 3, 23, 30, tzinfo=seoul)
    assert inbox.is_urgent(dt.date(2026, 12, 4), now)  # tomorrow (Seoul)
    assert inbox.is_urgent(dt.date(2026, 11, 30), dt.date(2026, 12, 3))  # overdue
    assert not inbox.is_urgent(dt.date(2026, 12, 5), dt.date(2026, 12, 3))
    assert inbox.is_urgent(now + dt.timedelta(hours=20), now)
    assert not inbox.is_urgent(now + dt.timedelta(hours=25), now)
    assert not inbox.is_urgent(None, now)
    assert inbox.day(dt.date(2026, 12, 3)) == "2026. 12. 3."
