"""Company demand and fact-finding surveys (MOU clause 8): design, send, answer, analyse."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mujigae.core.models import District
from mujigae.partners.models import Organisation

# Company size classes by headcount (lower bound included, upper excluded): the
# recipients filter of a send, a response's `size_class`, the roll-ups by size.
SIZE_BOUNDS: dict[str, tuple[int, int | None]] = {
    "micro": (0, 10),
    "small": (10, 50),
    "medium": (50, 300),
    "large": (300, None),
}


def size_class(employees: int | None) -> str:
    if employees is None:
        return ""
    for name, (lo, hi) in SIZE_BOUNDS.items():
        if employees >= lo and (hi is None or employees < hi):
            return name
    return ""


class SurveyKind(models.TextChoices):
    DEMAND = "demand", _("Company field-demand survey")
    FACT_FINDING = "fact_finding", _("Company fact-finding survey")
    OTHER = "other", _("Other survey")


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("survey status", "Open")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(
        _("type"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.DEMAND
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to companies above the form.")
    )
    year = models.PositiveSmallIntegerField(_("survey year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    reminder_days = models.CharField(
        _("reminders (days before the deadline)"),
        max_length=50,
        default="7,3,1",
        help_text=_("Comma-separated, e.g. 7,3,1"),
    )
    is_template = models.BooleanField(_("template"), default=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_deadline(self) -> bool:
        return self.deadline is not None and timezone.now() > self.deadline

    @property
    def accepts_answers(self) -> bool:
        """May companies still answer or change their answers? The survey is
        open and its deadline (if any) has not passed. The answer pages and
        the answer service both ask this."""
        return self.status == self.Status.OPEN and not self.is_past_deadline


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTI = "multi", _("Multiple choice")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SCALE = "scale", _("5-point scale")
    DATE = "date", _("Date")
    HIRING = "hiring", _("Hiring-demand table")


# The five answers of a scale question: the stored value and what it means.
SCALE_LABELS = {
    "1": _("Strongly disagree"),
    "2": _("Disagree"),
    "3": _("Neither agree nor disagree"),
    "4": _("Agree"),
    "5": _("Strongly agree"),
}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Short stable name used in exports, e.g. q_size")
    )
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # [{"value": "small", "label": "50인 미만"}, ...] for single/multi choice
    options = models.JSONField(_("options"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.FloatField(_("minimum"), null=True, blank=True)
    max_value = models.FloatField(_("maximum"), null=True, blank=True)
    # Skip logic: shown only when an earlier question's answer matches.
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("show only if question"),
    )
    show_if_values = models.JSONField(_("… has one of these answers"), default=list, blank=True)

    class Meta:
        ordering = ["survey", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"], name="question_code_unique_in_survey"
            )
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    def option_values(self) -> list[str]:
        return [str(o["value"]) for o in self.options]

    def option_label(self, value: str) -> str:
        for o in self.options:
            if str(o["value"]) == str(value):
                return o["label"]
        return str(value)

    def answer_label(self, value: str) -> str:
        """A stored answer of a choice or scale question as a person reads it
        ("예", "4 (Agree)"): never the internal option value."""
        if self.kind == QuestionKind.SCALE:
            label = SCALE_LABELS.get(str(value))
            return f"{value} ({label})" if label else str(value)
        return self.option_label(value)

    def show_if_labels(self) -> list[str]:
        """The answers of `show_if_question` that show this question, as labels."""
        cond = self.show_if_question
        if cond is None:
            return []
        return [cond.answer_label(v) for v in self.show_if_values]


class Invitation(models.Model):
    """One company's personal link to one survey. No account needed: the token is the key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not sent")
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        IN_PROGRESS = "in_progress", pgettext_lazy("survey invitation", "In progress")
        SUBMITTED = "submitted", _("Submitted")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="one_invitation_per_company"
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.survey} — {self.organisation}"


class Response(models.Model):
    """A company's answers. Exactly one per invitation, whatever happens."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_responses"
    )
    is_submitted = models.BooleanField(default=False, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Size class at submission time, for roll-ups by company size.
    size_class = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.survey})"


class Answer(models.Model):
    """One answer to one question, in typed columns so analysis runs in SQL."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=100, blank=True)  # single, scale
    choices = models.JSONField(default=list, blank=True)  # multi
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    # The response's is_submitted, copied when the answers are written (a
    # submission writes them all again): the analysis counts the answers of one
    # question without joining 20,000 responses, from the indexes below alone.
    submitted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        indexes = [
            models.Index(fields=["question", "submitted", "choice"], name="answer_q_choice"),
            models.Index(fields=["question", "submitted", "number"], name="answer_q_number"),
            models.Index(fields=["question", "submitted", "date"], name="answer_q_date"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.choice or self.choices or self.number or self.text or self.date}"


class AnswerOption(models.Model):
    """One ticked option of a multiple-choice answer (for counting in SQL)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ticked")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=100)
    submitted = models.BooleanField(default=False)  # as on Answer

    class Meta:
        indexes = [models.Index(fields=["question", "submitted", "value"], name="option_q_value")]

    def __str__(self) -> str:
        return self.value


class Timing(models.TextChoices):
    THIS_YEAR = "this_year", _("This year")
    NEXT_YEAR = "next_year", _("Next year")
    IN_TWO_YEARS = "in_two_years", _("In two years")


class HiringDemand(models.Model):
    """One row of a hiring-demand table: a role the company needs."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="hiring_rows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="hiring_rows")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()  # the survey year + timing offset
    occupation = models.CharField(_("occupation"), max_length=200)
    competency_units = models.CharField(
        _("competency units needed"),
        max_length=500,
        blank=True,
        help_text=_("NCS unit codes or names, comma-separated"),
    )
    headcount = models.PositiveIntegerField(_("headcount"))
    timing = models.CharField(_("timing"), max_length=20, choices=Timing.choices)
    accepts_trainees = models.BooleanField(_("would take field-training students"), default=False)

    class Meta:
        indexes = [models.Index(fields=["district", "year"])]
        verbose_name = _("hiring demand")
        verbose_name_plural = _("hiring demand")

    def __str__(self) -> str:
        return f"{self.occupation} × {self.headcount} ({self.year})"
