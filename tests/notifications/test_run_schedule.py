"""`mujigae run_schedule`: one process runs every registered job when it is due."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import task

from mujigae.core import schedule
from mujigae.core.models import ScheduleRun
from mujigae.notifications.models import Notification

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def connection_kept(monkeypatch):
    """A long-running process replaces a stale connection between ticks
    (`close_old_connections`: past CONN_MAX_AGE, or not in autocommit mode);
    the command skips that inside a transaction, and so must django-tasks'
    worker it runs: here the connection holds the test's transaction (on
    PostgreSQL a closed one fails the test; SQLite's in-memory one is never
    closed)."""
    from django.db import close_old_connections, connection
    from django_tasks_db.management.commands import db_worker

    def outside_transactions_only(**kwargs):
        if not connection.in_atomic_block:
            close_old_connections(**kwargs)

    monkeypatch.setattr(db_worker, "close_old_connections", outside_transactions_only)


@pytest.fixture
def jobs():
    """Two test jobs beside the real ones; removed afterwards."""
    ran: list[str] = []

    def ok(now):
        ran.append("ok")
        return "done"

    def broken(now):
        ran.append("broken")
        raise RuntimeError("boom")

    schedule.job("tests.a_broken", every=60)(broken)
    schedule.job("tests.ok", every=3600)(ok)
    try:
        yield ran
    finally:
        schedule.JOBS.pop("tests.a_broken", None)
        schedule.JOBS.pop("tests.ok", None)


def test_the_apps_register_their_jobs():
    assert {
        "notifications.collect",
        "notifications.deliver",
        "notifications.digest",
        "students.prune_access_log",
    } <= set(schedule.JOBS)


def test_a_failing_job_does_not_stop_the_others(jobs):
    outcomes = schedule.run_due(T0, only={"tests.a_broken", "tests.ok"})
    assert jobs == ["broken", "ok"]  # the broken one ran first, the other still ran
    assert [(o.name, o.ok) for o in outcomes] == [("tests.a_broken", False), ("tests.ok", True)]
    run = ScheduleRun.objects.get(name="tests.a_broken")
    assert not run.last_ok and run.last_outcome == "RuntimeError"


def test_a_job_runs_again_only_when_due(jobs):
    only = {"tests.a_broken", "tests.ok"}
    schedule.run_due(T0, only=only)
    jobs.clear()
    schedule.run_due(T0 + dt.timedelta(seconds=30), only=only)
    assert jobs == []  # neither is due yet
    schedule.run_due(T0 + dt.timedelta(seconds=60), only=only)
    assert jobs == ["broken"]  # every 60 s: due; every hour: not yet
    jobs.clear()
    schedule.run_due(T0 + dt.timedelta(hours=1), only=only)
    assert jobs == ["broken", "ok"]


def test_two_schedulers_do_not_start_a_job_twice(jobs):
    schedule.run_due(T0, only={"tests.ok"})
    schedule.run_due(T0 + dt.timedelta(hours=1), only={"tests.ok"})
    schedule.run_due(T0 + dt.timedelta(hours=1), only={"tests.ok"})  # the second one, same tick
    assert jobs == ["ok", "ok"]


def test_run_schedule_once_collects_and_sends(jobs, provider, with_emails):
    provider.add("governance.assigned:7", with_emails["company"])
    out = StringIO()
    call_command("run_schedule", "--once", stdout=out)
    text = out.getvalue()
    assert "notifications.collect: ok" in text
    assert "tests.a_broken: FAILED RuntimeError" in text
    assert "tests.ok: ok done" in text
    assert Notification.objects.filter(key="governance.assigned:7").count() == 1
    assert len(mail.outbox) == 1
    # run again right away: nothing is due, nothing is sent twice
    out = StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert "notifications.collect" not in out.getvalue()
    assert len(mail.outbox) == 1


PINGED: list[str] = []


@task()
def ping(text: str) -> None:
    PINGED.append(text)


def test_run_schedule_with_worker_runs_queued_tasks(jobs):
    PINGED.clear()
    ping.enqueue("안녕")
    call_command("run_schedule", "--once", "--with-worker", "--job", "tests.ok", stdout=StringIO())
    assert PINGED == ["안녕"]
    assert jobs == ["ok"]
