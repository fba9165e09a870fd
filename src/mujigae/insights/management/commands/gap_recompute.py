"""`mujigae gap_recompute [--district CODE ...] [--enqueue]`: recompute the skills gap.

Without --district every district is read again (the national recompute);
with it only those districts' source rows are read and the others' stored
figures are kept (the national roll-up and every LQ are derived again)."""

from django.core.management.base import BaseCommand, CommandError

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.insights import services


class Command(BaseCommand):
    help = "Recompute the skills-gap figures (all districts, or some)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--district", action="append", default=[], help="district code (repeatable)"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="queue a background task instead"
        )

    def handle(self, *args, district=(), enqueue=False, **options):
        ids = None
        if district:
            found = dict(District.objects.filter(code__in=district).values_list("code", "pk"))
            missing = sorted(set(district) - set(found))
            if missing:
                raise CommandError(f"unknown district code(s): {', '.join(missing)}")
            ids = list(found.values())
        if enqueue:
            if ids is not None and len(ids) != 1:
                raise CommandError("--enqueue takes one --district or none")
            target = District.objects.get(pk=ids[0]) if ids else None
            run, created = services.gap_recompute_request(actor=None, district=target)
            self.stdout.write(f"{'queued' if created else 'already queued'}: run {run.pk}")
            return
        try:
            run = services.gap_recompute(district_ids=ids)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"gap recomputed: {run.figures:,} figures from {run.hiring_rows:,} hiring rows "
            f"and {run.cohorts:,} cohorts in {run.seconds:.2f} s"
        )
