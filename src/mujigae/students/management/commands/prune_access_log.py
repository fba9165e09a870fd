"""`mujigae prune_access_log`: delete access-log rows older than the retention
period (`MUJIGAE_ACCESS_LOG_YEARS`, at least 2: 개인정보의 안전성 확보조치 기준
제8조). Nothing younger is ever deleted; a setting below 2 refuses to start."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mujigae.students.services import access_log_prune

MINIMUM_YEARS = 2


class Command(BaseCommand):
    help = "Delete access-log rows older than MUJIGAE_ACCESS_LOG_YEARS (at least 2) years."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows that would go; delete nothing."
        )

    def handle(self, *args, **options):
        years = settings.MUJIGAE_ACCESS_LOG_YEARS
        if not isinstance(years, int) or years < MINIMUM_YEARS:
            raise CommandError(
                f"MUJIGAE_ACCESS_LOG_YEARS must be at least {MINIMUM_YEARS} (got {years!r}): "
                "the law keeps the access log two years. Nothing was deleted."
            )
        cutoff, count = access_log_prune(years=years, dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(
            f"{verb} {count} access-log rows older than {cutoff:%Y-%m-%d} ({years} years)"
        )
