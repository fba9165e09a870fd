"""In-app notifications, each person's channel preferences, and the e-mail and
text-message deliveries that carry them (docs/notifications.md).

A notification is written once per (recipient, event key): the unique
constraint is what makes the scheduler idempotent however often it runs. A
delivery is one channel's attempt to carry it, retried with back-off and shown
to the district coordinator when it fails, never lost silently.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KOREAN_MOBILE = RegexValidator(
    r"^01[016789]-?\d{3,4}-?\d{4}$",
    _("Enter a Korean mobile number, e.g. 010-XXXX-XXXX."),
)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("event key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # deliveries made for it (per the preferences at that moment): done once
    routed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_once_per_person_and_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["routed"], name="notification_routed"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """One person's channels for one kind of event (in-app: always)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=80)
    email = models.BooleanField(_("e-mail"), default=True)
    sms = models.BooleanField(_("text message"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class Profile(models.Model):
    """Per-person settings: the daily digest instead of each e-mail, the mobile number."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_profile"
    )
    digest = models.BooleanField(_("one e-mail a day (digest) instead of each one"), default=False)
    phone = models.CharField(
        _("mobile number"), max_length=13, blank=True, validators=[KOREAN_MOBILE]
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)


class DigestRun(models.Model):
    """One digest e-mail per person per day (Asia/Seoul date)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="notification_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.date}"


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")
        GIVEN_UP = "given_up", _("Given up")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # None: held for the person's daily digest
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    digest = models.ForeignKey(
        DigestRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel}:{self.notification_id}"
