"""Matching rounds (issue 5, point 3): a coordinator opens a round of slots,
students rank up to N of them, companies rank their applicants, the
student-optimal stable matching is computed (`mujigae.matching`, the engine of
`mujigae match`), published, and accepted or declined. A second round offers
what is left to those unplaced or who declined. See docs/rounds.md."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District
from mujigae.placements.models import SlotKind

MAX_CHOICES_LIMIT = 15


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for choices")
    CLOSED = "closed", _("Closed")
    MATCHED = "matched", _("Matched (not published)")
    PUBLISHED = "published", _("Published")
    FINISHED = "finished", _("Finished")


# The statuses in which the results are shown outside the district office.
RESULT_STATUSES = (RoundStatus.PUBLISHED, RoundStatus.FINISHED)


class RunStatus(models.TextChoices):
    IDLE = "idle", _("Not run")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Round(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=SlotKind.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("choices per student"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES_LIMIT)],
    )
    deadline = models.DateTimeField(_("deadline for choices"))
    response_deadline = models.DateTimeField(
        _("deadline to accept or decline"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    schools = models.ManyToManyField(
        "partners.Organisation", related_name="+", blank=True, verbose_name=_("schools")
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # the last run of the matching
    run_status = models.CharField(
        _("matching run"), max_length=10, choices=RunStatus.choices, default=RunStatus.IDLE
    )
    run_step = models.CharField(max_length=40, blank=True)
    run_task_id = models.CharField(max_length=64, blank=True)
    run_requested_at = models.DateTimeField(null=True, blank=True)
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_finished_at = models.DateTimeField(null=True, blank=True)
    run_seconds = models.FloatField(null=True, blank=True)
    run_error = models.TextField(blank=True)
    # summary of the stored result: placed, unplaced, by_choice, mean_choice,
    # forbidden pairs, blocking pairs; and the welfare-optimal comparison
    stats = models.JSONField(default=dict, blank=True)
    welfare = models.JSONField(default=dict, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")

    def __str__(self) -> str:
        return self.name

    @property
    def run_pending(self) -> bool:
        return self.run_status in (RunStatus.QUEUED, RunStatus.RUNNING)

    # The rules of a round's calendar, written once: the services enforce them,
    # the views and templates show them (a template calls these without
    # arguments: `{{ round.choices_editable }}` is "now").

    def choices_editable(self, now: datetime | None = None) -> bool:
        """May students' ranked lists still change? The round is open and its
        deadline for choices has not come."""
        return self.status == RoundStatus.OPEN and (now or timezone.now()) < self.deadline

    def rankings_editable(self) -> bool:
        """May companies still rank their applicants? Until the matching runs."""
        return self.status in (RoundStatus.OPEN, RoundStatus.CLOSED)

    def results_published(self) -> bool:
        """Do students, schools and companies see the results?"""
        return self.status in RESULT_STATUSES

    def answers_open(self, now: datetime | None = None) -> bool:
        """May a placed student still accept or decline? The results are
        published and the deadline to answer (if any) has not come."""
        return self.status == RoundStatus.PUBLISHED and (
            self.response_deadline is None or (now or timezone.now()) < self.response_deadline
        )


class RoundSlot(models.Model):
    """A slot offered in a round with the places offered (second round: what is left)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_slots")
    slot = models.ForeignKey("placements.Slot", on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["slot__company__name", "slot__title"]
        constraints = [
            models.UniqueConstraint(fields=["round", "slot"], name="round_slot_once"),
        ]

    def __str__(self) -> str:
        return str(self.slot)

    @property
    def district_id(self) -> int:
        return self.round.district_id


class Entrant(models.Model):
    """A student entered in a round (second round: unplaced or declined)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entrants")
    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="round_entrant_once"),
        ]

    def __str__(self) -> str:
        return str(self.student)

    @property
    def district_id(self) -> int:
        return self.round.district_id


class StudentChoice(models.Model):
    """A student's rank (1..N) of a slot of the round."""

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="choices")
    round_slot = models.ForeignKey(RoundSlot, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["entrant", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["entrant", "rank"], name="choice_rank_once"),
            models.UniqueConstraint(fields=["entrant", "round_slot"], name="choice_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entrant_id}: {self.rank} → {self.round_slot_id}"


class CompanyRank(models.Model):
    """A company's rank (1 = best) of an applicant of one of its slots; an
    applicant it does not rank is unacceptable to it."""

    round_slot = models.ForeignKey(RoundSlot, on_delete=models.CASCADE, related_name="ranks")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="company_ranks")
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        ordering = ["round_slot", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round_slot", "rank"], name="company_rank_once"),
            models.UniqueConstraint(
                fields=["round_slot", "entrant"], name="company_rank_entrant_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_slot_id}: {self.rank} → {self.entrant_id}"


class Response(models.TextChoices):
    NONE = "", _("—")
    PENDING = "pending", _("Waiting for the answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Assignment(models.Model):
    """The stored result for one entrant: the slot (or none), the choice it was
    (1-based), why no higher choice, and the student's answer."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entrant = models.OneToOneField(Entrant, on_delete=models.CASCADE, related_name="assignment")
    round_slot = models.ForeignKey(
        RoundSlot, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.NONE, blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "round_slot"])]

    def __str__(self) -> str:
        return f"{self.entrant_id} → {self.round_slot_id}"

    @property
    def district_id(self) -> int:
        return self.round.district_id
