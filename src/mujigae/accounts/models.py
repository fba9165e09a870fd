"""People and their access: invitations, the roles a person holds, students'
activation codes, and the history of every grant, change and removal of access
(개인정보의 안전성 확보조치 기준 제5조: kept at least three years).

The `core.User` row carries the role in use (`role`, `district`,
`organisation`): every policy reads those. Each role a person holds is a
`Membership`; switching roles copies the chosen membership onto the user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District, Role


class Invitation(models.Model):
    """A one-time link that lets one person set a password and take one role.
    Only the SHA-256 digest of the token is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The account that accepted it."),
    )
    # A resend makes a new token (the old link stops working) and a new validity.
    sent_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email"], name="invitation_email")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING


class Membership(models.Model):
    """One role a person holds, in a district and (except coordinators and
    the ministry) an organisation. A person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "granted_at", "pk"]
        constraints = [
            # One row per (person, role, district, organisation); an empty district or
            # organisation counts as one value (COALESCE: SQLite and PostgreSQL alike).
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("district", 0),
                Coalesce("organisation", 0),
                name="membership_unique",
            )
        ]
        verbose_name = _("role held")
        verbose_name_plural = _("roles held")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ActivationCode(models.Model):
    """A one-time code printed for a student without an e-mail address: shown
    once, stored as a hash, expires."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="activation_codes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")

    def __str__(self) -> str:
        return f"activation code {self.pk}"

    @property
    def is_usable(self) -> bool:
        return not self.used_at and not self.revoked_at and self.expires_at > timezone.now()


class AccessChange(models.Model):
    """One grant, change or removal of a person's access: who, whom, what, when.
    Never edited, never deleted before three years (`ACCESS_HISTORY_YEARS`)."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("invited")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
        ACCOUNT_CREATED = "account_created", _("account created")
        ROLE_GRANTED = "role_granted", _("role granted")
        ROLE_CHANGED = "role_changed", _("role changed")
        ROLE_REMOVED = "role_removed", _("role removed")
        MOVED = "moved", _("moved to another organisation")
        DEACTIVATED = "deactivated", _("deactivated")
        REACTIVATED = "reactivated", _("reactivated")
        PASSWORD_RESET = "password_reset", _("password reset")
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("second factor enrolled")
        SECOND_FACTOR_RESET = "second_factor_reset", _("second factor reset")
        ACTIVATION_CODE = "activation_code", _("activation code issued")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=150)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject_name = models.CharField(_("whom"), max_length=150)
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access change")
        verbose_name_plural = _("access-rights history")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.kind} {self.subject_name}"
