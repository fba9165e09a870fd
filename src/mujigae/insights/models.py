"""Materialised results of the skills-gap analysis.

`GapFigure` holds one row per (district, competency unit, year) and one
national roll-up row per (unit, year) (district empty). They are replaced as a
whole by `services.gap_recompute` in one transaction; `GapRun` records each
recompute (who asked, when, how many source rows were read, how it ended), so
the page can say how and when its figures were computed. The source rows
themselves (hiring rows, cohorts) are not copied: the drill-down reads them
again with the same rules (`sources.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mujigae.competencies.models import CompetencyUnit
from mujigae.core.models import District


class GapRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # the districts whose source rows were read (empty: all of them)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # what was read and written
    hiring_rows = models.PositiveIntegerField(default=0)  # of submitted responses
    hiring_rows_without_unit = models.PositiveIntegerField(default=0)
    hiring_rows_with_unknown = models.PositiveIntegerField(default=0)  # names a unit not found
    cohorts = models.PositiveIntegerField(default=0)
    figures = models.PositiveIntegerField(default=0)
    resolver = models.CharField(max_length=40, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("gap recompute")
        verbose_name_plural = _("gap recomputes")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d %H:%M}"


class GapFigure(models.Model):
    """Demand, supply, gap, coverage and LQ of one unit in one district-year
    (district empty: the national roll-up).

    Few indexes on purpose (a recompute rewrites ~350,000 rows): the unique
    (district, unit, year) serves every per-district read, the unique (unit,
    year) of the national rows the national page; the ministry's per-district
    breakdown of one unit scans the table (a few hundred thousand rows).

    No foreign-key constraints in the database either: the rows are written only
    by the recompute, from ids read in the same transaction, and checking
    700,000 references at commit took PostgreSQL ~2 s. Deleting a district or a
    unit still deletes its figures (Django's on_delete=CASCADE)."""

    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the unique (district, unit, year) index starts with it
        db_constraint=False,  # see the class docstring
    )
    unit = models.ForeignKey(
        CompetencyUnit,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # read per district (the unique index) or nationally (its own)
        db_constraint=False,  # see the class docstring
    )
    year = models.PositiveSmallIntegerField(_("year"))
    demand = models.PositiveIntegerField(_("demand"))
    supply = models.PositiveIntegerField(_("supply"))
    gap = models.IntegerField(_("gap"))
    coverage = models.FloatField(_("coverage"), null=True, blank=True)
    lq = models.FloatField(_("location quotient"), null=True, blank=True)
    companies = models.PositiveIntegerField(default=0)
    hiring_rows = models.PositiveIntegerField(default=0)
    cohorts = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "unit", "year"],
                condition=Q(district__isnull=False),
                name="gap_cell_per_district",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(district__isnull=True),
                name="gap_cell_national",
            ),
        ]
        verbose_name = _("gap figure")
        verbose_name_plural = _("gap figures")

    def __str__(self) -> str:
        return f"{self.district_id or '-'} · {self.unit_id} · {self.year}: {self.gap}"
