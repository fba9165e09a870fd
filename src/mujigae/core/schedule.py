"""One schedule for every periodic job: reminders, due-date checks, deliveries,
retention. Apps register their jobs (in their `inbox.py` or `access.py`, both
discovered at start-up); `mujigae run_schedule` runs them all from one process
(docs/deploy.md): nobody has to remember a cron line per job.

    from mujigae.core import schedule

    @schedule.job("notifications.deliver", every=60)
    def _deliver(now): ...

A job is a function of the current time. It must be idempotent: the schedule
may run it again after a crash, and two schedulers by mistake must not send
anything twice (the jobs' own unique keys and row locks see to that).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    every: int  # seconds between runs
    run: Callable[[dt.datetime], object]


JOBS: dict[str, Job] = {}


def job(name: str, *, every: int) -> Callable[[Callable], Callable]:
    if every < 1:
        raise ValueError("every must be at least one second")

    def register(fn: Callable[[dt.datetime], object]) -> Callable[[dt.datetime], object]:
        JOBS[name] = Job(name=name, every=every, run=fn)
        return fn

    return register


# --------------------------------------------------------------------------
# running the schedule (`mujigae run_schedule`)

log = logging.getLogger("mujigae.schedule")


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    text: str  # the job's return value, or the kind of error


def _claim(job: Job, now: dt.datetime) -> bool:
    """Is `job` due at `now`? If so, mark it started: a conditional update, so
    of two schedulers by mistake only one starts it."""
    from django.db import IntegrityError, transaction

    from mujigae.core.models import ScheduleRun

    run = ScheduleRun.objects.filter(name=job.name).first()
    if run is None:
        try:
            with transaction.atomic():
                ScheduleRun.objects.create(name=job.name, last_started_at=now)
        except IntegrityError:
            return False  # another scheduler created it this instant
        return True
    # a second's slack: a tick of 30 s must not miss a job due every 60 s by a hair
    if run.last_started_at + dt.timedelta(seconds=job.every) > now + dt.timedelta(seconds=1):
        return False
    return bool(
        ScheduleRun.objects.filter(pk=run.pk, last_started_at=run.last_started_at).update(
            last_started_at=now
        )
    )


def run_due(now: dt.datetime | None = None, *, only: set[str] | None = None) -> list[Outcome]:
    """One tick: run every registered job that is due, in name order. A job's
    exception is logged and recorded; the other jobs still run."""
    from django.utils import timezone

    from mujigae.core.models import ScheduleRun

    now = now or timezone.now()
    outcomes = []
    for name in sorted(JOBS):
        if only is not None and name not in only:
            continue
        job = JOBS[name]
        if not _claim(job, now):
            continue
        try:
            result = job.run(now)
        except Exception as exc:  # noqa: BLE001 - one job's bug must not stop the others
            log.exception("schedule: job %s failed", name)
            outcome = Outcome(name, False, type(exc).__name__)
        else:
            outcome = Outcome(name, True, "" if result is None else str(result)[:200])
            log.info("schedule: job %s done %s", name, outcome.text)
        ScheduleRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_ok=outcome.ok, last_outcome=outcome.text
        )
        outcomes.append(outcome)
    return outcomes
