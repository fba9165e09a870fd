"""`mujigae send_reminders`: email the survey reminders that are due now.

Run it from cron or a systemd timer (hourly is plenty; it is idempotent), or
with --enqueue to hand the work to the background worker (`mujigae db_worker`)."""

from django.core.management.base import BaseCommand

from mujigae.surveys import tasks


class Command(BaseCommand):
    help = "Send the survey reminders that are due (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="queue a background task instead"
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.send_due_reminders.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        sent = tasks.reminders_send_due()
        self.stdout.write(f"reminders sent: {sent}")
