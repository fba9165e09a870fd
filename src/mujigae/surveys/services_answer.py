"""Answering a survey through a personal link: the invitation of a token,
the checker's view of the questions, saving a draft or submitting (one
transaction, set-based writes), and the first opening of a link. (Design:
`services_design`; sending: `services_send`.)"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core.exceptions import ApplicationError
from mujigae.surveys import answers
from mujigae.surveys.models import (
    SIZE_BOUNDS,
    Answer,
    AnswerOption,
    HiringDemand,
    Invitation,
    Response,
    Survey,
    size_class,
)

SIZE_QUESTION_CODE = "size"  # the ready templates' company-size question
TIMING_OFFSET = {"this_year": 0, "next_year": 1, "in_two_years": 2}


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a personal link, with its survey, company and response
    (if any) in one query; None for a malformed or unknown token."""
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.select_related("survey", "organisation", "response")
        .filter(token=token)
        .first()
    )


def response_of(invitation: Invitation) -> Response | None:
    """The invitation's response, from the `select_related` cache when loaded."""
    try:
        return invitation.response
    except Response.DoesNotExist:
        return None


# The checker's view of a survey's questions, per (survey, updated_at): a change
# to a question or section moves the survey's updated_at (signals.py), so every
# worker process sees it on its next request. Bounded: the oldest entry goes.
_SPECS: OrderedDict[tuple[int, Any], list[answers.QuestionSpec]] = OrderedDict()
_SPECS_MAX = 64
_SPECS_LOCK = threading.Lock()


def specs(survey: Survey) -> list[answers.QuestionSpec]:
    key = (survey.pk, survey.updated_at)
    with _SPECS_LOCK:
        found = _SPECS.get(key)
        if found is not None:
            _SPECS.move_to_end(key)
            return found
    built = _build_specs(survey)
    with _SPECS_LOCK:
        _SPECS[key] = built
        while len(_SPECS) > _SPECS_MAX:
            _SPECS.popitem(last=False)
    return built


def _build_specs(survey: Survey) -> list[answers.QuestionSpec]:
    questions = list(
        survey.questions.select_related("show_if_question").order_by(
            "section__position", "position"
        )
    )
    return [
        answers.QuestionSpec(
            id=q.pk,
            code=q.code,
            kind=q.kind,
            text=q.text,
            required=q.required,
            options=tuple(q.option_values()),
            min_value=q.min_value,
            max_value=q.max_value,
            show_if_code=q.show_if_question.code if q.show_if_question_id else None,
            show_if_values=tuple(str(v) for v in q.show_if_values),
        )
        for q in questions
    ]


def _ensure_open(invitation: Invitation) -> None:
    survey = invitation.survey
    if survey.accepts_answers:
        return
    if survey.status != Survey.Status.OPEN:
        raise ApplicationError(_("This survey is not open."), status=410)
    raise ApplicationError(_("The deadline of this survey has passed."), status=410)


@transaction.atomic
def response_save(
    *, invitation: Invitation, data: Mapping[str, Any], final: bool
) -> tuple[Response, answers.Checked]:
    """Save a draft (final=False: only well-formed answers are kept, errors
    returned) or submit (final=True: all or nothing). A response already
    submitted is returned unchanged: a second tab, a reload or a double click
    never makes a second one.

    The invitation row is locked first, so two requests for the same link run
    one after the other; a first submission is a handful of statements: the
    lock, the response, one INSERT per table, one UPDATE of the invitation."""
    # Lock the invitation's row and read its state as it is now (another
    # request for the same link may have just committed); the survey and the
    # company come with the caller's object.
    invitation.status, invitation.started_at, invitation.submitted_at = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation.pk)
        .values_list("status", "started_at", "submitted_at")
        .get()
    )
    # A statement of its own, after the lock: under READ COMMITTED it sees a
    # response committed by the request we waited for (a join in the locking
    # query would not).
    response = Response.objects.filter(invitation=invitation).first()
    if response is not None and response.is_submitted:
        return response, answers.Checked()
    _ensure_open(invitation)
    survey_specs = specs(invitation.survey)
    checked = answers.check(survey_specs, data, final=final)
    if final and not checked.ok:
        return response, checked
    now = timezone.now()
    values = {code: v for code, v in checked.values.items() if code not in checked.errors}
    # The company's own answer about its size wins over the registry's headcount.
    size = values.get(SIZE_QUESTION_CODE)
    if size not in SIZE_BOUNDS:
        size = size_class(invitation.organisation.employees)
    is_new = response is None
    if is_new:
        response = Response(
            invitation=invitation,
            survey=invitation.survey,
            organisation=invitation.organisation,
        )
        invitation.started_at = invitation.started_at or now
    response.size_class = size
    if final:
        response.is_submitted = True
        response.submitted_at = now
        invitation.status = Invitation.Status.SUBMITTED
        invitation.submitted_at = now
    else:
        invitation.status = Invitation.Status.IN_PROGRESS
    response.save()
    _write_answers(response, survey_specs, values, invitation.survey, replace=not is_new)
    invitation.save(update_fields=["status", "started_at", "submitted_at"])
    return response, checked


def _write_answers(
    response: Response,
    survey_specs: list[answers.QuestionSpec],
    values: Mapping[str, Any],
    survey: Survey,
    *,
    replace: bool = True,
) -> None:
    """Replace the stored answers with `values` (set-based: a few queries whatever
    the size). A new response has nothing to replace."""
    by_code = {s.code: s for s in survey_specs}
    if replace:
        AnswerOption.objects.filter(answer__response=response).delete()
        Answer.objects.filter(response=response).delete()
        HiringDemand.objects.filter(response=response).delete()
    final = bool(response.is_submitted)
    answer_rows: list[tuple] = []  # ANSWER_FIELDS
    multi: list[tuple[int, list[str]]] = []  # (question, ticked values) in answer order
    hiring_rows: list[tuple] = []
    for code, value in values.items():
        spec = by_code[code]
        if value is None:
            continue
        if spec.kind == "hiring":
            hiring_rows.extend(
                (
                    response.pk,
                    spec.id,
                    survey.district_id,
                    survey.year + TIMING_OFFSET[row.timing],
                    row.occupation,
                    row.competency_units,
                    row.headcount,
                    row.timing,
                    row.accepts_trainees,
                )
                for row in value
            )
            continue
        kind = spec.kind
        answer_rows.append(
            (
                response.pk,
                spec.id,
                value if kind in ("single", "scale") else "",
                value if kind == "multi" else [],
                value if kind == "number" else None,
                value if kind in ("short_text", "long_text") else "",
                value if kind == "date" else None,
                final,
            )
        )
        multi.append((spec.id, value if kind == "multi" else []))
    ids = _insert(Answer, ANSWER_FIELDS, answer_rows, returning=True)
    option_rows = [
        (answer_id, question_id, v, final)
        for answer_id, (question_id, ticked) in zip(ids, multi, strict=True)
        for v in ticked
    ]
    _insert(AnswerOption, ("answer", "question", "value", "submitted"), option_rows)
    _insert(HiringDemand, HIRING_FIELDS, hiring_rows)


ANSWER_FIELDS = (
    "response",
    "question",
    "choice",
    "choices",
    "number",
    "text",
    "date",
    "submitted",
)
HIRING_FIELDS = (
    "response",
    "question",
    "district",
    "year",
    "occupation",
    "competency_units",
    "headcount",
    "timing",
    "accepts_trainees",
)


# Columns whose Python value is what the driver takes (no preparation needed).
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
)


def _prep(field: Any) -> Any:
    """None for a column sent as is; else the field's own preparation."""
    if isinstance(field, _PLAIN_FIELDS) and not isinstance(field, models.JSONField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _insert(
    model: type[Any], fields: tuple[str, ...], rows: list[tuple], *, returning: bool = False
) -> list[int]:
    """One multi-row INSERT, values prepared by the model's own fields (what
    `bulk_create` does, without building a model instance per row: this is the
    hot path of a submission). Returns the new primary keys, in row order, when
    asked (RETURNING: PostgreSQL, SQLite ≥ 3.35)."""
    if not rows:
        return []
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    preps = [_prep(c) for c in columns]
    head = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c.column) for c in columns)}) "
    if connection.vendor == "postgresql":
        # One array per column: the statement's text is the same whatever the
        # number of rows (short, so the driver keeps it parsed).
        casts = ", ".join(f"%s::{c.db_type(connection)}[]" for c in columns)
        sql = head + f"SELECT * FROM UNNEST({casts})"  # noqa: S608 — names from the model
        params = [
            [p(v) for v in values] if p else list(values)
            for p, values in zip(preps, zip(*rows, strict=True), strict=True)
        ]
    else:
        # Table and column names come from the model; every value is a bound parameter.
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        sql = head + f"VALUES {', '.join([one] * len(rows))}"
        params = [p(v) if p else v for row in rows for p, v in zip(preps, row, strict=True)]
    if returning:
        sql += f" RETURNING {qn(meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [r[0] for r in cursor.fetchall()] if returning else []


def invitation_opened(*, invitation: Invitation) -> None:
    """The first opening of a link: one UPDATE (a single statement is atomic)."""
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now(),
            status=Case(
                When(
                    status__in=[Invitation.Status.PENDING, Invitation.Status.SENT],
                    then=Value(Invitation.Status.OPENED),
                ),
                default=F("status"),
            ),
        )
