"""Graduates' outcomes (issue 5.5): where the district's graduates went on the
reference date (1 April after graduation), their hires and further study, the
follow-ups at 6, 12 and 24 months, and the settlement programmes they joined.

Rows hang off a `students.Student` (the grade-3 record of the school year
before graduation), so they follow the students' personal-data scope and go
with the student when a person is erased. See docs/outcomes.md.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District

FOLLOW_UP_MONTHS = (6, 12, 24)


class GraduateStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed (insured on the reference date)")
    FURTHER_STUDY = "further_study", _("Further study")
    MILITARY = "military", _("Military service")
    EXCLUDED = "excluded", _("Excluded (recognised exception)")
    NOT_EMPLOYED = "not_employed", _("Not employed")


def reference_date(graduation_year: int) -> dt.date:
    """The ministry's reference date: 1 April of the year of graduation (February)."""
    return dt.date(graduation_year, 4, 1)


class GraduateRecord(models.Model):
    """One graduate's status on the reference date of their graduation year."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("school"),
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="graduate_records",
        verbose_name=_("student"),
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    status = models.CharField(_("status on 1 April"), max_length=20, choices=GraduateStatus.choices)
    exclusion_reason = models.CharField(
        _("reason for the exclusion"),
        max_length=200,
        blank=True,
        help_text=_("Required for an excluded graduate, e.g. long illness, emigration."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-graduation_year", "school", "student__class_no", "student__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "graduation_year"], name="graduate_once_per_year"
            )
        ]
        indexes = [models.Index(fields=["district", "school", "graduation_year"])]
        verbose_name = _("graduate record")
        verbose_name_plural = _("graduate records")

    def __str__(self) -> str:
        return f"{self.student} {self.graduation_year}"

    @property
    def reference_date(self) -> dt.date:
        return reference_date(self.graduation_year)


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent (정규직)")
    FIXED_TERM = "fixed_term", _("Fixed-term (계약직)")
    DISPATCHED = "dispatched", _("Dispatched (파견)")
    PART_TIME = "part_time", _("Part-time")
    OTHER = "other", _("Other")


class Hire(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="hires",
        verbose_name=_("student"),
    )
    company = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company of the district"),
    )
    company_name = models.CharField(
        _("company name"),
        max_length=200,
        blank=True,
        help_text=_("For a company that is not registered in the district."),
    )
    workplace_in_district = models.BooleanField(_("workplace in the district"), default=True)
    start_date = models.DateField(_("start of employment"))
    end_date = models.DateField(_("end of employment"), null=True, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    insured = models.BooleanField(_("insured (health or employment insurance)"), default=True)
    slot = models.ForeignKey(
        "placements.Slot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("job slot"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("hire")
        verbose_name_plural = _("hires")

    def __str__(self) -> str:
        return f"{self.student} {self.employer} {self.start_date:%Y-%m-%d}"

    @property
    def employer(self) -> str:
        return self.company.name if self.company_id else self.company_name

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class FurtherStudy(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="further_studies",
        verbose_name=_("student"),
    )
    institution = models.CharField(_("university or college"), max_length=200)
    programme = models.CharField(_("department"), max_length=200, blank=True)
    start_date = models.DateField(_("start of study"))
    while_employed = models.BooleanField(
        _("studying while employed (선취업 후진학)"),
        default=False,
        help_text=_("Still counts as employed; shown as further study while employed."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("further study")
        verbose_name_plural = _("further study")

    def __str__(self) -> str:
        return f"{self.student} {self.institution}"


class FollowUp(models.Model):
    """A check 6, 12 or 24 months after the start of a hire."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    hire = models.ForeignKey(Hire, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(
        _("months after the start"), choices=[(m, m) for m in FOLLOW_UP_MONTHS]
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    still_employed = models.BooleanField(_("still employed"), null=True)
    still_insured = models.BooleanField(_("still insured"), null=True)
    in_district = models.BooleanField(_("still living or working in the district"), null=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hire", "months"], name="follow_up_once_per_month")
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.hire.student} +{self.months}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue_on(self, day: dt.date) -> bool:
        """Not done and its due date is before `day`."""
        return self.done_on is None and self.due_on < day

    @property
    def is_overdue(self) -> bool:
        """Not done and due before today (Asia/Seoul): shown as "기한 지남",
        never as "예정" (issue 13)."""
        return self.is_overdue_on(timezone.localdate())

    @property
    def state(self) -> str:
        """One of done, overdue or due, for the pages that list follow-ups."""
        if self.is_done:
            return "done"
        return "overdue" if self.is_overdue else "due"


class ProgrammeKind(models.TextChoices):
    HOUSING = "housing", _("Housing")
    MENTORING = "mentoring", _("Mentoring")
    YOUTH_SUPPORT = "youth_support", _("Youth support")
    OTHER = "other", _("Other")


class SettlementProgramme(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    provider = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("settlement programme")
        verbose_name_plural = _("settlement programmes")

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    programme = models.ForeignKey(
        SettlementProgramme, on_delete=models.CASCADE, related_name="participations"
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="settlement_participations",
        verbose_name=_("graduate"),
    )
    joined_on = models.DateField(_("joined on"))
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["-joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "student"], name="participation_once")
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.student} {self.programme}"

    @property
    def district_id(self) -> int:
        return self.programme.district_id
