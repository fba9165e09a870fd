"""The policy pages a Korean user expects in the footer (docs/legal.md).

* `PrivacyPolicy` — the district's 개인정보처리방침 (PIPA art. 30), one row per
  version: every save by the district coordinator is a new version with its own
  effective date (시행일); nothing is ever changed in place, so the earlier
  versions stay readable as they were published.
* `Contact` — the district office's contact (one row per district).

The terms of use (이용약관) are platform-wide and kept as a template
(templates/legal/terms/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mujigae.core.models import District

TEXT_MAX = 10_000

# The editable sections of a privacy policy, in the order the page shows them.
SECTIONS = (
    "items",
    "purposes",
    "retention",
    "third_parties",
    "destruction",
    "rights",
    "safeguards",
    "cookies",
    "complaints",
)
OFFICER_FIELDS = (
    "officer_name",
    "officer_position",
    "officer_department",
    "officer_phone",
    "officer_email",
)
# What a coordinator edits (and what makes one version differ from another).
EDITABLE = ("controller", *SECTIONS, *OFFICER_FIELDS, "effective_date", "change_note")


class PrivacyPolicy(models.Model):
    """One published version of a district's privacy policy."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="privacy_policies"
    )
    version = models.PositiveIntegerField(pgettext_lazy("legal", "version"))
    effective_date = models.DateField(_("effective date"))
    controller = models.CharField(
        _("personal information controller"),
        max_length=200,
        help_text=_("Who processes the data, e.g. the district office and the city."),
    )
    items = models.TextField(_("personal data processed"), max_length=TEXT_MAX)
    purposes = models.TextField(_("purposes of processing"), max_length=TEXT_MAX)
    retention = models.TextField(_("how long it is kept"), max_length=TEXT_MAX)
    third_parties = models.TextField(
        _("provision to third parties and entrusted processing"), max_length=TEXT_MAX
    )
    destruction = models.TextField(_("destruction: procedure and method"), max_length=TEXT_MAX)
    rights = models.TextField(_("your rights and how to use them"), max_length=TEXT_MAX)
    safeguards = models.TextField(_("safeguards"), max_length=TEXT_MAX)
    cookies = models.TextField(_("cookies and automatically collected data"), max_length=TEXT_MAX)
    complaints = models.TextField(_("how to complain"), max_length=TEXT_MAX)
    officer_name = models.CharField(_("privacy officer: name"), max_length=100)
    officer_position = models.CharField(_("privacy officer: position"), max_length=100)
    officer_department = models.CharField(
        _("privacy officer: department"), max_length=200, blank=True
    )
    officer_phone = models.CharField(_("privacy officer: phone"), max_length=50)
    officer_email = models.EmailField(_("privacy officer: e-mail"), blank=True)
    change_note = models.CharField(
        _("what changed"),
        max_length=300,
        blank=True,
        help_text=_("Shown beside the version in the list of versions."),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["district", "-version"]
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "version"], name="legal_privacy_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district} v{self.version}"


class Contact(models.Model):
    """Where a user of the district turns with a question (the contact page)."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="legal_contact"
    )
    office_name = models.CharField(_("office"), max_length=200)
    department = models.CharField(pgettext_lazy("legal", "department"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(pgettext_lazy("legal", "phone"), max_length=50)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(
        _("office hours"), max_length=200, blank=True, help_text=_("e.g. weekdays 09:00–18:00")
    )
    note = models.TextField(pgettext_lazy("legal", "note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.district}: {self.office_name}"
