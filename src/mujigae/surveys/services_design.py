"""Writes of survey design: surveys, sections, questions, copying and the
survey's status. Each function is one transaction, audited through
`core.writes`. (Sending: `services_send`; answering: `services_answer`.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.surveys.models import AnswerOption, Question, Response, Section, Survey

SURVEY_FIELDS = ("kind", "title", "intro", "year", "deadline", "reminder_days", "status")
SECTION_FIELDS = ("title", "description")
QUESTION_FIELDS = (
    "section",
    "code",
    "kind",
    "text",
    "help_text",
    "required",
    "options",
    "unit",
    "min_value",
    "max_value",
    "show_if_question",
    "show_if_values",
)
# Once answers exist, these would orphan or reinterpret them.
FROZEN_WHEN_ANSWERED = ("code", "kind")


def _err(field: str, message: str, status: int = 422) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]}, status=status)


def has_answers(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


@transaction.atomic
def survey_create(*, actor: Any, district: District, via: str = "web", **data: Any) -> Survey:
    data = {k: v for k, v in data.items() if k in SURVEY_FIELDS}
    return writes.create(actor=actor, model=Survey, data={"district": district, **data}, via=via)


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, via: str = "web", **data: Any) -> Survey:
    data = {k: v for k, v in data.items() if k in SURVEY_FIELDS}
    return writes.update(actor=actor, obj=survey, data=data, via=via)


@transaction.atomic
def survey_copy(
    *, actor: Any, source: Survey, district: District, title: str, year: int, via: str = "web"
) -> Survey:
    """A new draft with the source's sections and questions (skip logic remapped).
    Every row it creates is audited, like any other write."""
    copy = survey_create(
        actor=actor,
        district=district,
        kind=source.kind,
        title=title,
        intro=source.intro,
        year=year,
        reminder_days=source.reminder_days,
        via=via,
    )
    writes.update(actor=actor, obj=copy, data={"copied_from": source}, via=via)
    section_map: dict[int, Section] = {}
    for s in source.sections.order_by("position"):
        section_map[s.pk] = writes.create(
            actor=actor,
            model=Section,
            data={
                "survey": copy,
                "position": s.position,
                "title": s.title,
                "description": s.description,
            },
            via=via,
        )
    question_map: dict[int, Question] = {}
    skips: list[tuple[Question, int]] = []
    for q in source.questions.order_by("section__position", "position"):
        question_map[q.pk] = writes.create(
            actor=actor,
            model=Question,
            data={
                "survey": copy,
                "section": section_map[q.section_id],
                "position": q.position,
                "code": q.code,
                "kind": q.kind,
                "text": q.text,
                "help_text": q.help_text,
                "required": q.required,
                "options": q.options,
                "unit": q.unit,
                "min_value": q.min_value,
                "max_value": q.max_value,
                "show_if_values": q.show_if_values,
            },
            via=via,
        )
        if q.show_if_question_id:
            skips.append((question_map[q.pk], q.show_if_question_id))
    # skip logic may point at any question of the source: remap once all exist
    for new, old_target in skips:
        writes.update(
            actor=actor, obj=new, data={"show_if_question": question_map[old_target]}, via=via
        )
    return copy


@transaction.atomic
def section_add(
    *, actor: Any, survey: Survey, title: str, description: str = "", via: str = "web"
) -> Section:
    position = (survey.sections.aggregate(n=Max("position"))["n"] or 0) + 1
    return writes.create(
        actor=actor,
        model=Section,
        data={"survey": survey, "position": position, "title": title, "description": description},
        via=via,
    )


def _check_question(survey: Survey, data: Mapping[str, Any], existing: Question | None) -> None:
    kind = data.get("kind", existing.kind if existing else None)
    section = data.get("section")
    if section is not None and section.survey_id != survey.pk:
        raise _err("section", _("Choose a section of this survey."))
    options = data.get("options", existing.options if existing else [])
    if kind in ("single", "multi"):
        values = [str(o.get("value", "")).strip() for o in options or []]
        if len(values) < 2:
            raise _err("options", _("A choice question needs at least two options."))
        if len(set(values)) != len(values) or "" in values:
            raise _err("options", _("Each option needs its own, non-empty value."))
    lo = data.get("min_value", existing.min_value if existing else None)
    hi = data.get("max_value", existing.max_value if existing else None)
    if lo is not None and hi is not None and lo > hi:
        raise _err("max_value", _("The maximum must not be smaller than the minimum."))
    cond = data.get("show_if_question")
    if cond is not None:
        if cond.survey_id != survey.pk or (existing is not None and cond.pk == existing.pk):
            raise _err("show_if_question", _("Choose an earlier question of this survey."))
        if cond.kind not in ("single", "multi", "scale"):
            raise _err(
                "show_if_question",
                _("Only a choice or scale question can decide whether another is shown."),
            )


@transaction.atomic
def question_add(*, actor: Any, survey: Survey, via: str = "web", **data: Any) -> Question:
    data = {k: v for k, v in data.items() if k in QUESTION_FIELDS}
    _check_question(survey, data, None)
    if Question.objects.filter(survey=survey, code=data.get("code")).exists():
        raise _err("code", _("Another question of this survey already uses this code."))
    position = (
        Question.objects.filter(section=data["section"]).aggregate(n=Max("position"))["n"] or 0
    ) + 1
    return writes.create(
        actor=actor, model=Question, data={"survey": survey, "position": position, **data}, via=via
    )


@transaction.atomic
def question_update(*, actor: Any, question: Question, via: str = "web", **data: Any) -> Question:
    data = {k: v for k, v in data.items() if k in QUESTION_FIELDS}
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answers.exists():
        for name in FROZEN_WHEN_ANSWERED:
            if name in data and data[name] != getattr(question, name):
                raise _err(
                    name,
                    _(
                        "Companies have already answered this question: its code and type cannot change."
                    ),
                    409,
                )
        if "options" in data and question.kind in ("single", "multi"):
            kept = {str(o["value"]) for o in data["options"]}
            used = set(question.answers.exclude(choice="").values_list("choice", flat=True))
            used |= set(
                AnswerOption.objects.filter(question=question).values_list("value", flat=True)
            )
            missing = sorted(used - kept)
            if missing:
                raise _err(
                    "options",
                    _("Options already chosen by companies cannot be removed: %(values)s")
                    % {"values": ", ".join(missing)},
                    409,
                )
    _check_question(question.survey, data, question)
    return writes.update(actor=actor, obj=question, data=data, via=via)


@transaction.atomic
def question_delete(*, actor: Any, question: Question, via: str = "web") -> None:
    if question.answers.exists() or question.hiring_rows.exists():
        raise ApplicationError(
            _("Companies have already answered this question: it cannot be deleted."), status=409
        )
    if question.dependents.exists():
        raise ApplicationError(
            _("Other questions are shown depending on this one: change them first."), status=409
        )
    writes.delete(actor=actor, obj=question, via=via)


STATUS_MOVES = {
    Survey.Status.DRAFT: (Survey.Status.OPEN,),
    Survey.Status.OPEN: (Survey.Status.CLOSED,),
    Survey.Status.CLOSED: (),
}


@transaction.atomic
def survey_set_status(*, actor: Any, survey: Survey, status: str, via: str = "web") -> Survey:
    """draft → open (needs a future deadline and a question) → closed."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if status == survey.status:
        return survey  # a double click changes nothing
    if status not in STATUS_MOVES.get(survey.status, ()):
        raise ApplicationError(_("The survey cannot change to this status."), status=409)
    if status == Survey.Status.OPEN:
        if survey.deadline is None or survey.deadline <= timezone.now():
            raise _err("deadline", _("Set a deadline in the future before opening the survey."))
        if not survey.questions.exists():
            raise ApplicationError(_("Add at least one question before opening the survey."))
    return writes.update(actor=actor, obj=survey, data={"status": status}, via=via)
