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
