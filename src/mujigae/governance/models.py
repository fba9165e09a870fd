"""Councils and meetings, decisions, action items and the MOU (clauses 1 and 7)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District
from mujigae.partners.models import Organisation, Person


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Meeting (간담회)")
    COUNCIL = "council", _("Regional vocational education council")
    SIGNING = "signing", _("MOU signing")
    STEERING = "steering", _("Steering committee")
    WORKING = "working", _("Working group")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="meetings", verbose_name=_("attending organisations")
    )
    attendees = models.ManyToManyField(
        Person, blank=True, related_name="meetings", verbose_name=_("attending people")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["district", "starts_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="decision_number_unique_in_meeting"
            )
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("decision"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["district", "status", "due_date"]),
            models.Index(fields=["owner", "status"]),
        ]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.OPEN_STATUSES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class Agreement(models.Model):
    """The MOU (업무협약) of a district."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    signing_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parties = models.ManyToManyField(
        Organisation, blank=True, related_name="agreements", verbose_name=_("signing parties")
    )

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("agreement (MOU)")
        verbose_name_plural = _("agreements (MOU)")

    def __str__(self) -> str:
        return self.title


class Clause(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what it means"), blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="clause_number_unique")
        ]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Commitment(models.Model):
    """One party's responsibility under one clause, with its status and evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        AT_RISK = "at_risk", _("At risk")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="commitments")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("party")
    )
    description = models.TextField(_("commitment"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["clause__number", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "organisation"], name="commitment_unique_per_party"
            )
        ]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.clause} — {self.organisation}"
