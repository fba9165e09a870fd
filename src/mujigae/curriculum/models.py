"""Curriculum: programmes made of modules that cover competency units for a number
of hours, and the cohorts that take them each year (the supply side of the gap)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
