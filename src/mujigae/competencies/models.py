"""The competency taxonomy (NCS, 국가직무능력표준) and each district's map of its
specialised industries to occupations and competency units.

The hierarchy is 대분류 > 중분류 > 소분류 > 세분류 (the job) > 능력단위 (competency
unit) > 능력단위요소 (element). The four classification levels live in one table
(`NcsClass`, the code is the whole prefix: "19", "1903", "190306", "19030601");
units carry their official code (`1903060101_17v1`) and a level 1–8. The
taxonomy is national: every district reads the same rows.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District, Industry


class NcsLevel(models.IntegerChoices):
    MAJOR = 1, _("major category")  # 대분류
    MIDDLE = 2, _("middle category")  # 중분류
    MINOR = 3, _("minor category")  # 소분류
    JOB = 4, _("job")  # 세분류


class NcsClass(models.Model):
    """One node of the NCS classification (대분류, 중분류, 소분류 or 세분류)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=NcsLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("NCS classification")
        verbose_name_plural = _("NCS classifications")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyUnit(models.Model):
    """능력단위: the unit a curriculum module covers and a company asks for."""

    code = models.CharField(_("code"), max_length=32, unique=True)  # 1903060101_17v1
    job = models.ForeignKey(
        NcsClass,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("job"),
        limit_choices_to={"level": NcsLevel.JOB},
    )
    name = models.CharField(_("name"), max_length=300)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    # Elements, performance criteria and KSA joined: what the suggester searches.
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyElement(models.Model):
    """능력단위요소 with its performance criteria (수행준거) and KSA items."""

    unit = models.ForeignKey(CompetencyUnit, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    criteria = models.TextField(_("performance criteria"), blank=True)
    knowledge = models.TextField(_("knowledge, skills and attitudes"), blank=True)

    class Meta:
        ordering = ["unit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="element_code_per_unit")
        ]
        verbose_name = _("competency element")
        verbose_name_plural = _("competency elements")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Occupation(models.Model):
    """A district's occupation in one of its specialised industries, with the
    competency units it needs (the district's competency map)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="occupations")
    industry = models.ForeignKey(
        Industry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occupations",
        verbose_name=_("industry"),
    )
    name = models.CharField(_("name"), max_length=200)
    job = models.ForeignKey(
        NcsClass,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occupations",
        verbose_name=_("NCS job"),
        limit_choices_to={"level": NcsLevel.JOB},
    )
    units = models.ManyToManyField(
        CompetencyUnit, related_name="occupations", blank=True, verbose_name=_("competency units")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="occupation_name_per_district"
            )
        ]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return self.name


class TagSource(models.TextChoices):
    HIRING = "hiring", _("Hiring-demand row")
    ANSWER = "answer", _("Survey free-text answer")
    JOB_DESCRIPTION = "job_description", _("Job description")


class UnitTag(models.Model):
    """A competency unit a person confirmed for a piece of Korean free text: a
    hiring-demand row, a survey free-text answer or a pasted job description.
    The suggester proposes; a coordinator confirms (who, when)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="unit_tags")
    source_kind = models.CharField(_("source"), max_length=20, choices=TagSource.choices)
    # HiringDemand.pk or Answer.pk; empty for a pasted job description.
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    unit = models.ForeignKey(
        CompetencyUnit,
        on_delete=models.CASCADE,
        related_name="tags",
        verbose_name=_("competency unit"),
    )
    score = models.FloatField(_("suggestion score"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        ordering = ["-confirmed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "unit"],
                condition=models.Q(source_id__isnull=False),
                name="one_tag_per_source_and_unit",
            )
        ]
        indexes = [models.Index(fields=["district", "source_kind", "source_id"])]
        verbose_name = _("confirmed competency unit")
        verbose_name_plural = _("confirmed competency units")

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()} {self.source_id or ''} → {self.unit.code}"


class NcsImport(models.Model):
    """One successful import of the national taxonomy: who, when, what it changed."""

    file_name = models.CharField(_("file"), max_length=255)
    is_sample = models.BooleanField(_("sample data"), default=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict)
    imported_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("NCS import")
        verbose_name_plural = _("NCS imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"
