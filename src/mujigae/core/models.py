"""District (the tenant), users and their roles, the audit log and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("District coordinator")
    SCHOOL = "school", _("School coordinator")
    COMPANY = "company", _("Company manager")
    PARTNER = "partner", _("Partner staff")
    STUDENT = "student", _("Student")
    MINISTRY = "ministry", _("Ministry analyst")


class District(models.Model):
    """A vocational education innovation district: every domain row belongs to one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=100, help_text=_("City or province"))
    year_designated = models.PositiveSmallIntegerField(_("year designated"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """A regional specialised industry fixed by the district's council."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="industries")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "code"], name="industry_code_unique_in_district"
            )
        ]
        verbose_name = _("specialised industry")
        verbose_name_plural = _("specialised industries")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. The role and the organisation decide what they may see."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Empty only for ministry analysts, who read every district."),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    # One property per role, for templates (role names are never retyped).
    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_school(self) -> bool:
        return self.role == Role.SCHOOL

    @property
    def is_company(self) -> bool:
        return self.role == Role.COMPANY

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_ministry(self) -> bool:
        return self.role == Role.MINISTRY


class AuditEntry(models.Model):
    """Who changed what, when. Written by the service that makes the change,
    in the same transaction."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    via = models.CharField(max_length=20, default="web")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class ApiToken(models.Model):
    """A personal token for machine clients. Only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ScheduleRun(models.Model):
    """When each scheduled job (core/schedule.py) last ran, and how it ended:
    `mujigae run_schedule` runs a job again only once its interval has passed,
    across restarts, and two schedulers by mistake do not start it twice."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started"))
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), default=True)
    last_outcome = models.CharField(_("last outcome"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self) -> str:
        return self.name
