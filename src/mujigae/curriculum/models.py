"""Curriculum: programmes made of modules that cover competency units for a number
of hours, and the cohorts that take them each year (the supply side of the gap)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mujigae.competencies.models import CompetencyUnit
from mujigae.core.models import District
from mujigae.partners.models import Organisation


class ProgrammeKind(models.TextChoices):
    SCHOOL_MAJOR = "school_major", _("school major")
    AFTER_SCHOOL = "after_school", _("after-school course")
    UNIVERSITY_JOINT = "university_joint", _("university joint course")
    COMPANY_COURSE = "company_course", _("company course")
    TRAINING_INSTITUTE = "training_institute", _("training-institute course")


class Programme(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="programmes")
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="programme_name_per_provider")
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    units = models.ManyToManyField(
        CompetencyUnit,
        through="ModuleUnit",
        related_name="modules",
        verbose_name=_("competency units"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.name

    @property
    def district_id(self) -> int:
        """The programme's district (for the audit log and the access policy)."""
        return self.programme.district_id

    @property
    def total_hours(self) -> int:
        return sum(mu.hours for mu in self.unit_hours.all())


class ModuleUnit(models.Model):
    """A module covers a competency unit for a number of hours."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="unit_hours")
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="module_hours")
    hours = models.PositiveIntegerField(_("hours"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "unit"], name="unit_once_per_module")
        ]
        verbose_name = _("module unit")
        verbose_name_plural = _("module units")

    def __str__(self) -> str:
        return f"{self.module} · {self.unit_id} · {self.hours}h"


class Cohort(models.Model):
    """The learners who take a programme in one year. `completed` stays empty
    until the year is over; until then the expected completers are the enrolled."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    enrolled = models.PositiveIntegerField(_("enrolled"))
    completed = models.PositiveIntegerField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="cohort_year_per_programme")
        ]
        indexes = [models.Index(fields=["district", "year"])]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"

    @property
    def expected_completers(self) -> int:
        return self.completed if self.completed is not None else self.enrolled


# --------------------------------------------------------------------------
# co-development (MOU clause 3): a company proposes a new module or a change


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal status", "draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "submitted")
    REVIEWED = "reviewed", pgettext_lazy("proposal status", "reviewed by the provider")
    RETURNED = "returned", pgettext_lazy("proposal status", "returned for changes")
    APPROVED = "approved", pgettext_lazy("proposal status", "approved")
    REJECTED = "rejected", pgettext_lazy("proposal status", "rejected")


class ModuleProposal(models.Model):
    """A company's proposal of a new module for a programme (`module` empty) or of
    a change to one of its modules. Its content lives in numbered versions."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("programme")
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("module to change"),
    )
    is_change = models.BooleanField(_("change to an existing module"), default=False)
    proposer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="module_proposals",
        verbose_name=_("proposing company"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    result_module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resulting module"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["proposer", "status"]),
        ]
        verbose_name = _("module proposal")
        verbose_name_plural = _("module proposals")

    def __str__(self) -> str:
        latest = self.latest_version
        return latest.name if latest else f"#{self.pk}"

    @property
    def latest_version(self) -> ProposalVersion | None:
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "versions" in cache:
            versions = list(cache["versions"])
            return max(versions, key=lambda v: v.number) if versions else None
        return self.versions.order_by("-number").first()


class ProposalVersion(models.Model):
    """One saved state of a proposal. `units` is a list of
    {"unit": pk, "code": ..., "name": ..., "hours": n}, kept as data so a version
    never changes after it is written."""

    proposal = models.ForeignKey(ModuleProposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    units = models.JSONField(_("competency units"), default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_number")
        ]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def district_id(self) -> int:
        return self.proposal.district_id

    @property
    def total_hours(self) -> int:
        return sum(int(u["hours"]) for u in self.units)


class ProposalComment(models.Model):
    """A comment by one of the parties, or the note of a status change."""

    proposal = models.ForeignKey(ModuleProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"), blank=True)
    # The status the proposal moved to with this note ("" for a plain comment).
    status_to = models.CharField(max_length=20, choices=ProposalStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        verbose_name = _("proposal comment")
        verbose_name_plural = _("proposal comments")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"

    @property
    def district_id(self) -> int:
        return self.proposal.district_id
