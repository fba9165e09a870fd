"""Background work of the skills-gap analysis: a recompute asked for on the page.

The page queues a `GapRun` (services.gap_recompute_request) and this task runs
it; the page shows the run's status. With the database backend a worker must
run (`mujigae db_worker`); the `mujigae gap_recompute` command runs one at once."""

from __future__ import annotations

from django_tasks import task

from mujigae.insights import services


@task()
def recompute_gap(run_id: int) -> int:
    run = services.gap_run_execute(run_id=run_id)
    return run.figures if run else 0
