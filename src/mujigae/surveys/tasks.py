"""Background work of surveys: reminders on the days set per survey.

Run `send_due_reminders` on a schedule (e.g. hourly, by cron or a scheduler
calling `.enqueue()`); it is idempotent, so running it more often is harmless."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from mujigae.surveys import selectors_design, services


def absolute_link(token: str) -> str:
    """The personal link outside a request: MUJIGAE_BASE_URL + the answer path."""
    base = getattr(settings, "MUJIGAE_BASE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + selectors_design.answer_path(token)


def reminders_send_due(*, now=None) -> int:
    """Plain function (tests pass a frozen `now`): see services.reminders_send_due."""
    return services.reminders_send_due(now=now, link_for=absolute_link)


@task()
def send_due_reminders() -> int:
    return reminders_send_due()
