"""Placement slots (field training and jobs), standard agreements, company
eligibility and the minors' night/holiday exception (issue 5, point 2).
The rules that use them are in `rules.py` (pure); `services.slot_facts()` and
`services.student_facts()` turn rows into the rules' plain data."""

from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District
from mujigae.placements import rules


class SlotKind(models.TextChoices):
    FIELD_TRAINING = rules.FIELD_TRAINING, _("Field training")
    JOB = rules.JOB, _("Job")


class SlotStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Tier(models.TextChoices):
    LEADING = "leading", _("Leading company (선도기업)")
    PARTICIPATING = "participating", _("Participating company (참여기업)")
    NONE = "none", _("Not eligible")


class SlotQuerySet(models.QuerySet):
    def open(self) -> SlotQuerySet:
        """Slots accepting applicants: what schools and students see, what a
        matching round offers."""
        return self.filter(status=SlotStatus.OPEN)


class Slot(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("company"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=SlotKind.choices)
    title = models.CharField(_("title"), max_length=200)
    duties = models.TextField(_("duties"), blank=True)
    hazardous_duties = models.JSONField(
        _("hazardous duties"),
        default=list,
        blank=True,
        help_text=_("Codes of the jobs banned for minors that the duties include."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    daily_hours = models.DecimalField(_("hours a day"), max_digits=4, decimal_places=2)
    weekly_hours = models.DecimalField(_("hours a week"), max_digits=5, decimal_places=2)
    hours_extension_agreed = models.BooleanField(
        _("extension agreed"),
        default=False,
        help_text=_("The parties agreed up to 1 hour a day and 5 hours a week more."),
    )
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(
        _("end time"), help_text=_("Earlier than the start time: the shift ends the next day.")
    )
    works_holidays = models.BooleanField(_("works on holidays"), default=False)
    pay = models.PositiveIntegerField(_("pay (won a month)"), default=0)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    # The training (or, for a job, the first working) period and the last day
    # students may rank the slot. Empty on slots posted before they existed.
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    apply_by = models.DateField(
        _("apply by"),
        null=True,
        blank=True,
        help_text=_("The last day students may rank the slot in a matching round."),
    )
    required_units = models.ManyToManyField(
        "competencies.CompetencyUnit",
        blank=True,
        related_name="slots",
        verbose_name=_("required competency units"),
    )
    required_certificates = models.JSONField(_("required certificates"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SlotStatus.choices, default=SlotStatus.OPEN
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "title"]
        indexes = [models.Index(fields=["district", "kind", "status"])]
        verbose_name = _("placement slot")
        verbose_name_plural = _("placement slots")

    def __str__(self) -> str:
        return f"{self.company} · {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == SlotStatus.OPEN

    def applications_closed(self, on: date) -> bool:
        """Has the last day to rank the slot (`apply_by`) passed on `on`?"""
        return self.apply_by is not None and on > self.apply_by


class StandardAgreement(models.Model):
    """표준협약서 between a company (optionally for one slot) and a school."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="standard_agreements",
        verbose_name=_("company"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("placement slot"),
        help_text=_("Empty: the agreement covers every training slot of the company."),
    )
    school = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("school"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    supervisor = models.CharField(_("supervisor"), max_length=100)
    allowance = models.PositiveIntegerField(_("training allowance (won a month)"), default=0)
    safety_training_done = models.BooleanField(_("safety training done"), default=False)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("standard agreement")
        verbose_name_plural = _("standard agreements")

    def __str__(self) -> str:
        return f"{self.company} – {self.school} ({self.period_start}–{self.period_end})"


class CompanyEligibility(models.Model):
    """Whether a company may host trainees. The tier criteria are the
    district's own (unverified nationally), so only the decision is stored."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="eligibilities",
        verbose_name=_("company"),
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.NONE)
    inspected_on = models.DateField(_("on-site inspection on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "company"], name="eligibility_one_per_company"
            )
        ]
        verbose_name = _("company eligibility")
        verbose_name_plural = _("company eligibilities")

    def __str__(self) -> str:
        return f"{self.company}: {self.get_tier_display()}"


class MinorWorkException(models.Model):
    """근로기준법 제70조②: a minor may work at night or on holidays in one job
    slot only with their consent AND the labour minister's authorisation."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="work_exceptions",
        verbose_name=_("student"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.CASCADE,
        related_name="work_exceptions",
        verbose_name=_("placement slot"),
    )
    consent_on = models.DateField(_("student's consent on"))
    authorised_on = models.DateField(_("labour minister's authorisation on"))
    authorisation_ref = models.CharField(_("authorisation number"), max_length=100, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "slot"], name="one_exception_per_pair")
        ]
        verbose_name = _("night or holiday work authorisation")
        verbose_name_plural = _("night or holiday work authorisations")

    def __str__(self) -> str:
        return f"{self.student_id} · {self.slot_id}"
