"""The scheduler's jobs of the notifications app (`mujigae run_schedule`,
core/schedule.py), and the periodic work of other apps that had no scheduler
before (the access-log retention). Imported by notifications/access.py, so
they are registered at start-up."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings

from mujigae.core import schedule
from mujigae.notifications import services

log = logging.getLogger(__name__)


@schedule.job("notifications.collect", every=60)
def collect(now: dt.datetime):
    """Events of every app -> one notification per (person, event) -> deliveries."""
    return services.notifications_collect(now=now)


@schedule.job("notifications.deliver", every=60)
def deliver(now: dt.datetime):
    """Send the due e-mails and text messages; retry failures with back-off."""
    return services.deliveries_send(now=now)


@schedule.job("notifications.digest", every=600)
def digest(now: dt.datetime):
    """From MUJIGAE_DIGEST_HOUR (Asia/Seoul) on: each person's daily digest, once a day."""
    return services.digests_prepare(now=now)


@schedule.job("students.prune_access_log", every=24 * 3600)
def prune_access_log(now: dt.datetime):
    """Access-log rows past the retention period (MUJIGAE_ACCESS_LOG_YEARS, at least 2)."""
    from mujigae.students.services import access_log_prune

    years = settings.MUJIGAE_ACCESS_LOG_YEARS
    cutoff, count = access_log_prune(years=years)
    return f"{count} rows older than {cutoff:%Y-%m-%d}"


@schedule.job("surveys.send_reminders", every=3600)
def send_survey_reminders(now: dt.datetime):
    """The survey reminders due now (idempotent; was an hourly cron line)."""
    from mujigae.surveys.tasks import reminders_send_due

    return f"{reminders_send_due(now=now)} reminders sent"
