"""Students of the district's vocational high schools: personal data under PIPA.

Minimal by design: no resident registration number (주민등록번호), ever; no
gender (a NEIS export's 성별 column is read past and dropped). Every read of a
person's detail writes an `AccessLog` row; erasing a person leaves only an
`ErasureRecord` without personal data. See docs/students.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mujigae.core.models import District

# Fields that identify the person: redacted in the audit log, masked in lists.
PERSONAL_FIELDS = ("name", "birth_date", "phone", "email", "certificates", "user")


class Student(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="students",
        verbose_name=_("school"),
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The school year (학년도) of the class list.")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    class_no = models.PositiveSmallIntegerField(
        pgettext_lazy("school class", "class"), validators=[MinValueValidator(1)]
    )
    number = models.PositiveSmallIntegerField(
        pgettext_lazy("number in class", "number"), validators=[MinValueValidator(1)]
    )
    student_no = models.CharField(
        _("student number"),
        max_length=20,
        blank=True,
        help_text=_("The school's own student number (학번), if it uses one."),
    )
    name = models.CharField(_("name"), max_length=50)
    birth_date = models.DateField(_("date of birth"))
    major = models.CharField(_("department"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    certificates = models.JSONField(
        _("certificates"),
        default=list,
        blank=True,
        help_text=_("National technical qualifications and other certificates, one per line."),
    )
    completed_modules = models.ManyToManyField(
        "curriculum.Module",
        blank=True,
        related_name="completers",
        verbose_name=_("completed modules"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_record",
        verbose_name=_("login"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school", "-school_year", "grade", "class_no", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "class_no", "number"],
                name="student_seat_unique_per_school_year",
            ),
        ]
        indexes = [models.Index(fields=["district", "school", "school_year"])]
        verbose_name = _("student")
        verbose_name_plural = _("students")

    def __str__(self) -> str:
        # Masked on purpose: anything that prints a student by accident (the
        # audit log, a message) shows no full name.
        from mujigae.students.masking import mask_name

        return mask_name(self.name)

    @property
    def seat(self) -> str:
        return f"{self.grade}-{self.class_no}-{self.number}"

    def competency_units(self):
        """The competency units covered by the modules the student completed."""
        from mujigae.competencies.models import CompetencyUnit

        return CompetencyUnit.objects.filter(modules__completers=self).distinct().order_by("code")


class ConsentPurpose(models.TextChoices):
    PROCESSING = "processing", _("Collection and use of personal data")
    PLACEMENT = "placement", _("Sharing with companies for field training and hiring")
    FOLLOW_UP = "follow_up", _("Follow-up after graduation")


class Consent(models.Model):
    """A consent given by the student (or a guardian), with its version and date."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    version = models.CharField(
        _("version"), max_length=20, help_text=_("The version of the consent form, e.g. 2025-1.")
    )
    given_at = models.DateField(_("given on"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.version}"

    @property
    def district_id(self) -> int:
        return self.student.district_id

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class AccessPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling and career guidance")
    PLACEMENT = "placement", _("Field training or hiring")
    RECORDS = "records", _("Checking or correcting the record")
    SUBJECT_REQUEST = "subject_request", _("Request of the student or guardian")
    OTHER = "other", _("Other (write it down)")


class AccessLog(models.Model):
    """The access log the law defines (개인정보의 안전성 확보조치 기준 제8조): who
    processed one person's data, when, from where (IP), what was done and why.

    One row per person. The rows written by one call of
    `services.personal_data_access_record` (an export of 300 students, say)
    share a `batch`, so the monthly review shows them as one event. When the
    person is erased the row stays, without the person (`student` empty,
    `erasure` set, the purpose note blanked): who did what when is kept for
    the retention period (`MUJIGAE_ACCESS_LOG_YEARS`), whose data no longer."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CHANGE = "change", _("changed")
        INPUT = "input", _("entered")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        PRINT = "print", _("printed")
        DOWNLOAD = "download", _("downloaded")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_logs"
    )
    erasure = models.ForeignKey(
        "ErasureRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name=_("erased person"),
    )
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    who_name = models.CharField(_("who"), max_length=150)
    who_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessPurpose.choices)
    purpose_note = models.CharField(_("purpose in detail"), max_length=200, blank=True)
    batch = models.UUIDField(_("batch"), default=uuid.uuid4, db_index=True, editable=False)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["district", "at"])]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.who_name} {self.action}"


class ErasureRecord(models.Model):
    """What is left after a person's data was erased: no personal data, only
    that a record of this school and year was erased, by whom and why."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("school"),
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    erased_by = models.CharField(_("erased by"), max_length=150)
    reason = models.CharField(_("reason"), max_length=200)
    removed = models.JSONField(_("rows removed"), default=dict)
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self) -> str:
        return f"erasure {self.pk}"


class AccessReviewKind(models.TextChoices):
    BURST = "burst", _("Many people in a short time")
    OFF_HOURS = "off_hours", _("Outside working hours")
    DOWNLOAD = "download", _("Download, export or print")


class AccessReviewConfirmation(models.Model):
    """A coordinator checked one unusual access of the monthly review (제8조:
    the access log is checked at least once a month; the reason of a download
    is confirmed). `batch` names the event: the access-log rows of one call."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=10, choices=AccessReviewKind.choices)
    batch = models.UUIDField(_("event"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=150)
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # how many events the item had when confirmed: an item that grew asks again
    events = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "batch"], name="access_review_once_per_event"
            )
        ]
        verbose_name = _("access review confirmation")
        verbose_name_plural = _("access review confirmations")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.confirmed_by_name}"


class AccessReviewMonth(models.Model):
    """A month of the district's access log reviewed: every unusual access of
    the month was confirmed (or there was none), by whom and when."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by_name = models.CharField(_("reviewed by"), max_length=150)
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    items = models.PositiveIntegerField(_("unusual accesses"), default=0)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["district", "month"], name="access_review_month_once")
        ]
        verbose_name = _("reviewed month of the access log")
        verbose_name_plural = _("reviewed months of the access log")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
