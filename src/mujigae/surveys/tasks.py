"""Background work of surveys: sending many invitations, and reminders on the
days set per survey.

Run `send_due_reminders` on a schedule (e.g. hourly, by cron or a scheduler
calling `.enqueue()`); it is idempotent, so running it more often is harmless.
`send_invitations` is enqueued by `services_send.survey_send` when more companies
are picked than one request should mail (MUJIGAE_SEND_INLINE_MAX); a worker
(`mujigae db_worker`) runs it, and the tracker shows its progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from mujigae.surveys import services_send
from mujigae.surveys.models import Invitation, Survey


def absolute_link(token: str) -> str:
    """The personal link outside a request: MUJIGAE_BASE_URL + the answer path."""
    base = getattr(settings, "MUJIGAE_BASE_URL", "") or "http://localhost:8000"
    return services_send.link_under(base)(token)


def reminders_send_due(*, now=None) -> int:
    """Plain function (tests pass a frozen `now`): see services_send.reminders_send_due."""
    return services_send.reminders_send_due(now=now, link_for=absolute_link)


@task()
def send_due_reminders() -> int:
    return reminders_send_due()


@task()
def send_invitations(
    *,
    survey_id: int,
    organisation_ids: list[int],
    actor_id: int | None,
    resend: bool,
    base_url: str,
) -> dict[str, int]:
    """Mail the invitations of `organisation_ids` (already created). Idempotent:
    a company already mailed is skipped unless `resend`; run twice, it mails
    nobody twice. Each invitation is marked sent right after its email."""
    survey = Survey.objects.select_related("district").get(pk=survey_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    totals = {"sent": 0, "skipped": 0, "no_email": 0, "failed": 0}
    for start in range(0, len(organisation_ids), 500):
        batch = Invitation.objects.filter(
            survey=survey, organisation_id__in=organisation_ids[start : start + 500]
        ).select_related("organisation")
        counts = services_send.invitations_send(
            actor=actor,
            survey=survey,
            invitations=batch,
            link_for=services_send.link_under(base_url),
            resend=resend,
            audit_counts=False,
        )
        for key, n in counts.items():
            totals[key] += n
    services_send.invitations_sent_audit(actor=actor, survey=survey, counts=totals)
    return totals
