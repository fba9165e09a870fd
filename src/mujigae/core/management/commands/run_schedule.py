"""`mujigae run_schedule`: the one process that runs every periodic job
(core/schedule.py): reminders, notifications, digests, retention.

    mujigae run_schedule                 # every 30 s, until SIGTERM / Ctrl-C
    mujigae run_schedule --interval 10
    mujigae run_schedule --once          # one tick, then exit (tests, or cron if you must)
    mujigae run_schedule --with-worker   # also run queued background tasks each tick

Each job runs when its interval has passed since it last started (remembered in
the database, so a restart does not run everything at once). One job's error is
logged and the others still run. SIGTERM or SIGINT stops it after the job in
progress (docs/deploy.md).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from mujigae.core import schedule

log = logging.getLogger("mujigae.schedule")


class Command(BaseCommand):
    help = "Run the periodic jobs (notifications, reminders, retention) from one process."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=int, default=30, help="Seconds between ticks (default 30)."
        )
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run the queued background tasks (django-tasks' database backend) "
            "each tick, so a small installation needs no separate db_worker.",
        )
        parser.add_argument(
            "--job", action="append", dest="jobs", help="Run only this job (repeatable)."
        )

    def handle(self, *args, interval, once, with_worker, jobs, **options):
        self.verbosity = options.get("verbosity", 1)
        if interval < 1:
            interval = 1
        unknown = sorted(set(jobs or ()) - set(schedule.JOBS))
        if unknown:
            self.stderr.write(f"unknown jobs: {', '.join(unknown)}")
            return
        stop = threading.Event()
        if not once and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        log.info(
            "%s",
            f"run_schedule: {len(schedule.JOBS)} jobs ({', '.join(sorted(schedule.JOBS))})"
            + ("" if once else f", every {interval} s"),
        )
        while True:
            self._tick(set(jobs) if jobs else None, with_worker)
            if once or stop.wait(interval):
                break
        log.info("run_schedule: stopped")

    def _tick(self, only, with_worker):
        # a connection past its CONN_MAX_AGE (or broken) is replaced between ticks;
        # never inside a transaction (a test's, or a caller's): closing there
        # would take the transaction's work with it
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            outcomes = schedule.run_due(only=only)
        except Exception:  # noqa: BLE001 - e.g. the database away for a moment: try next tick
            log.exception("schedule: tick failed")
            return
        if self.verbosity:  # the outcomes are logged too (-v 0: the log only)
            for outcome in outcomes:
                state = "ok" if outcome.ok else "FAILED"
                self.stdout.write(f"{outcome.name}: {state} {outcome.text}".rstrip())
        if with_worker:
            try:
                run_queued_tasks()
            except Exception:  # noqa: BLE001 - a broken task must not stop the schedule
                log.exception("schedule: background tasks failed")


def run_queued_tasks() -> None:
    """Run every task waiting in django-tasks' database backend, then return
    (what `mujigae db_worker --batch` does, without taking over the signals)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    for name in settings.TASKS:
        if not isinstance(task_backends[name], DatabaseBackend):
            continue
        if not DBTaskResult.objects.ready().filter(backend_name=name).exists():
            continue  # nothing queued: no worker, no log lines
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=name,
            startup_delay=False,
            max_tasks=None,
            worker_id=f"run_schedule-{os.getpid()}-{socket.gethostname()}"[:64],
            excluded_queue_names=[],
        ).run()
