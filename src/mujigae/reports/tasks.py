"""Background work of the annual report: one generation (figures, xlsx, PDF).

The page queues a `ReportRun` (report_services.generate_request) and this
task runs it; the page polls the run's progress. With the database backend a
worker must run (`mujigae db_worker`)."""

from __future__ import annotations

from django_tasks import task

from mujigae.reports import report_services


@task()
def generate_report(run_id: int) -> int:
    run = report_services.generate_execute(run_id=run_id)
    return (run.pages or 0) if run else 0
