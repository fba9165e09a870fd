"""The evaluation framework and the annual report (issue 16).

The framework is data the ministry edits, one per evaluation year: areas (the
core tasks; some years use more), indicators under them, each either computed
from mujigae's rows (a measure of `core.indicators`, declared by the app that
owns the rows) or entered by the district's coordinator with evidence; a weight
(배점), a target and the grade thresholds (우수 / 보통 / 미흡) from the total score.

A district's annual report is generated from the framework of its year: the
figures are computed and stored on the report (a snapshot, `figures`), with the
district's narrative per area. Submitting freezes it: a correction afterwards is
a new version, never a silent change. Each generation runs in the background
(`ReportRun`, with progress) and leaves its xlsx and PDF (`ReportFile`).
A report without a district is the ministry's national report.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District


class Unit(models.TextChoices):
    PERCENT = "percent", _("percent (%)")
    COUNT = "count", _("count")
    WON = "won", _("won")
    HOURS = "hours", _("hours")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 우수
    FAIR = "fair", _("Fair")  # 보통
    POOR = "poor", _("Poor")  # 미흡


class Framework(models.Model):
    """The evaluation framework of one year."""

    year = models.PositiveSmallIntegerField(_("evaluation year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    excellent_min = models.DecimalField(
        _("score for Excellent (at least)"), max_digits=5, decimal_places=1, default=Decimal("85.0")
    )
    fair_min = models.DecimalField(
        _("score for Fair (at least)"), max_digits=5, decimal_places=1, default=Decimal("70.0")
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("evaluation framework")
        verbose_name_plural = _("evaluation frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(fair_min__lte=models.F("excellent_min")),
                name="framework_thresholds_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def grade_for(self, score: Decimal | None) -> str | None:
        """The grade a total score earns under this year's thresholds."""
        if score is None:
            return None
        if score >= self.excellent_min:
            return Grade.EXCELLENT
        if score >= self.fair_min:
            return Grade.FAIR
        return Grade.POOR


class Area(models.Model):
    """An area of the framework (협력체계 구축, 지역인재 성장경로, 지속가능 혁신기반 …).
    The district writes a narrative section per area in its report."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    narrative_required = models.BooleanField(_("narrative required"), default=True)

    class Meta:
        ordering = ["framework", "order", "pk"]
        verbose_name = _("evaluation area")
        verbose_name_plural = _("evaluation areas")
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="area_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COMPUTED = "computed", _("computed by mujigae")
        ENTERED = "entered", _("entered by the district")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # the key of a `core.indicators` measure (computed indicators only)
    measure = models.CharField(_("measure"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    weight = models.DecimalField(
        _("weight (points)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("5.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=1, null=True, blank=True
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    # entered values must lie in [min_value, max_value] (percent: 0–100 by default)
    min_value = models.DecimalField(
        _("smallest value"), max_digits=16, decimal_places=1, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest value"), max_digits=16, decimal_places=1, null=True, blank=True
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    guidance = models.TextField(_("what is counted"), blank=True)

    class Meta:
        ordering = ["area__order", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="computed") & ~Q(measure=""))
                | (Q(kind="entered") & Q(measure="")),
                name="indicator_measure_iff_computed",
            ),
            models.UniqueConstraint(fields=["area", "name"], name="indicator_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class EnteredValue(models.Model):
    """A value a district's coordinator enters for an `entered` indicator, with
    its evidence (a document of the district's library, and/or a note)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=1)
    note = models.TextField(_("evidence note"), blank=True)
    evidence = models.ForeignKey(
        "sharing.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("evidence document"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("entered indicator value")
        verbose_name_plural = _("entered indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "district"], name="entered_value_once_per_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class AnnualReport(models.Model):
    """One version of a district's (or, without a district, the national)
    annual report for a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="annual_reports"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    # the figures of the last generation (reports.evaluation.snapshot): frozen on submission
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("proposed grade"), max_length=10, choices=Grade.choices, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-framework__year", "district__name", "-version"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "framework", "version"], name="report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["framework", "version"],
                condition=Q(district__isnull=True),
                name="national_report_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district or 'national'} {self.framework.year} v{self.version}"

    @property
    def year(self) -> int:
        return self.framework.year

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReportSection(models.Model):
    """The district's narrative for one area of its report (draft until the
    report is submitted)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "area"], name="section_once_per_area")
        ]

    def __str__(self) -> str:
        return str(self.area)


class ReportRun(models.Model):
    """One background generation of a report: progress while it runs, its files
    when done. One queued or running generation per report at a time."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="queued")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report generation")
        verbose_name_plural = _("report generations")
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status__in=["queued", "running"]),
                name="one_generation_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.status} {self.progress}%"


class ReportFile(models.Model):
    """A file a generation made (xlsx or PDF), kept in the files storage
    (settings.STORAGES["mujigae_files"]) and re-downloadable."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", "Excel (xlsx)"
        PDF = "pdf", "PDF"

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("storage name"), max_length=300, unique=True)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [models.UniqueConstraint(fields=["run", "kind"], name="one_file_per_kind")]

    def __str__(self) -> str:
        return self.filename
