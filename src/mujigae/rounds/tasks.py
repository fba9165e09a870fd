"""Background work of a matching round: a run asked for on the page.

The page marks the round queued (services.round_run_request) and this task
runs it; the page polls the round's run status. With the database backend a
worker must run (`mujigae db_worker`)."""

from __future__ import annotations

from django_tasks import task

from mujigae.rounds import services


@task()
def run_round(round_id: int) -> int:
    rnd = services.round_run_execute(round_id=round_id)
    return int((rnd.stats or {}).get("placed", 0)) if rnd else 0
