"""The partner registry: organisations of a district and their people (MOU clause 1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District, Industry, Role


class OrgKind(models.TextChoices):
    EDUCATION_OFFICE = "education_office", _("Education office")
    CITY = "city", _("City")
    SCHOOL = "school", _("Vocational high school")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    CHAMBER = "chamber", _("Chamber of commerce")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    ASSOCIATION = "association", _("Business association")
    TRAINING = "training", _("Training institute")
    EMPLOYMENT_CENTRE = "employment_centre", _("Employment centre")
    COUNCIL = "council", _("Council")
    MINISTRY = "ministry", _("Ministry")


# Which login role works for which kind of organisation.
ROLE_FOR_KIND = {
    OrgKind.EDUCATION_OFFICE: Role.COORDINATOR,
    OrgKind.CITY: Role.COORDINATOR,
    OrgKind.SCHOOL: Role.SCHOOL,
    OrgKind.COMPANY: Role.COMPANY,
}


class Organisation(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrgKind.choices, db_index=True)
    area = models.CharField(
        _("area"),
        max_length=100,
        blank=True,
        help_text=_("District of the city or industrial complex"),
    )
    industries = models.ManyToManyField(
        Industry, blank=True, related_name="organisations", verbose_name=_("industries")
    )
    is_signatory = models.BooleanField(_("MOU signatory"), default=False)
    is_participating = models.BooleanField(_("participating company"), default=False)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Invented for the demo; not a real organisation."),
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="organisation_name_unique_in_district"
            )
        ]
        indexes = [models.Index(fields=["district", "kind", "name"])]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def is_a(self, kind: str, *, district_id: int) -> bool:
        """Is this a `kind` organisation (a school, a company …) of the district?
        The check of every service that takes an organisation for a role."""
        return self.kind == kind and self.district_id == district_id


class Person(models.Model):
    """A contact person of a partner organisation (not a student: students live elsewhere)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="people")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    role_in_district = models.CharField(
        _("role in the district"),
        max_length=100,
        blank=True,
        help_text=_("e.g. council chair, contact person"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name
