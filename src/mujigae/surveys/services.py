"""Writes of surveys: design, send, answer. Each function is one transaction."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.partners.models import Organisation, OrgKind, Person
from mujigae.surveys import answers
from mujigae.surveys.models import (
    Answer,
    AnswerOption,
    HiringDemand,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
)

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
TIMING_OFFSET = {"this_year": 0, "next_year": 1, "in_two_years": 2}


def _err(field: str, message: str, status: int = 422) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]}, status=status)


def has_answers(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


# ------------------------------------------------------------------ design
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


# -------------------------------------------------------------------- send
def recipients(
    *,
    district: District,
    industry: int | None = None,
    size: str | None = None,
    area: str | None = None,
    participating_only: bool = False,
):
    qs = Organisation.objects.filter(district=district, kind=OrgKind.COMPANY)
    if industry:
        qs = qs.filter(industries__id=industry)
    if area:
        qs = qs.filter(area=area)
    if participating_only:
        qs = qs.filter(is_participating=True)
    if size:
        lo, hi = SIZE_BOUNDS[size]
        qs = (
            qs.filter(employees__gte=lo)
            if hi is None
            else qs.filter(employees__gte=lo, employees__lt=hi)
        )
    return qs.order_by("name").distinct()


SIZE_QUESTION_CODE = "size"  # the ready templates' company-size question
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


@transaction.atomic
def invitations_create(*, actor: Any, survey: Survey, organisations: Iterable[Organisation]) -> int:
    """One personal link per company (returns how many are new); sending to a
    company twice keeps its link. Set-based (a few queries for 20,000 companies): the companies that have no
    invitation yet get one, with the first email address of their people."""
    orgs = list(organisations)
    if any(org.district_id != survey.district_id for org in orgs):
        raise _err("organisations", _("Only companies of this district can be invited."))
    existing = set(
        Invitation.objects.filter(survey=survey).values_list("organisation_id", flat=True)
    )
    new_orgs = [org for org in orgs if org.pk not in existing]
    emails: dict[int, str] = {}
    ids = [org.pk for org in new_orgs]
    for start in range(0, len(ids), 900):  # bound the IN list (old SQLite: 999 parameters)
        for org_id, email in (
            Person.objects.filter(organisation_id__in=ids[start : start + 900])
            .exclude(email="")
            .order_by("pk")
            .values_list("organisation_id", "email")
        ):
            emails.setdefault(org_id, email)
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [
                Invitation(
                    survey=survey,
                    organisation=org,
                    token=secrets.token_urlsafe(24),
                    email=emails.get(org.pk, ""),
                )
                for org in new_orgs
            ],
            batch_size=2000,
            ignore_conflicts=True,  # a second coordinator sending at the same time
        )
    return len(new_orgs)


# ------------------------------------------------------------------ answer
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
    if survey.status != Survey.Status.OPEN:
        raise ApplicationError(_("This survey is not open."), status=410)
    if survey.is_past_deadline:
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


# ------------------------------------------------- design: status, sending
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


def invitation_mail(
    invitation: Invitation, link: str, *, reminder: bool = False
) -> tuple[str, str]:
    """The subject and body of a personal invitation (or reminder) email."""
    from django.utils.dateformat import format as date_format

    survey = invitation.survey
    deadline = (
        date_format(timezone.localtime(survey.deadline), "Y. n. j. H:i") if survey.deadline else "—"
    )
    params = {
        "company": invitation.organisation.name,
        "title": survey.title,
        "deadline": deadline,
        "link": link,
    }
    if reminder:
        subject = _("Reminder: %(title)s") % params
        intro = _("We have not yet received your answers to “%(title)s”.") % params
    else:
        subject = _("Survey: %(title)s") % params
        intro = _("You are invited to answer “%(title)s”.") % params
    body = "\n\n".join(
        [
            _("Dear %(company)s,") % params,
            intro,
            _("Your personal link (no account needed):\n%(link)s") % params,
            _("Deadline: %(deadline)s") % params,
            _("Your answers are saved as you go; you can come back with the same link."),
        ]
    )
    return subject, body


def ensure_sendable(survey: Survey) -> None:
    if survey.status != Survey.Status.OPEN:
        raise ApplicationError(_("Open the survey before sending it."), status=409)


def invitations_send(
    *,
    actor: Any,
    survey: Survey,
    invitations: Iterable[Invitation],
    link_for: Any,
    resend: bool = False,
    audit_counts: bool = True,
) -> dict[str, int]:
    """Email each invitation its personal link. Without `resend`, invitations
    already sent are skipped, so sending twice never mails a company twice.
    Each invitation is marked sent in its own small transaction, right after its
    email went out."""
    from django.core.mail import send_mail

    ensure_sendable(survey)
    counts = {"sent": 0, "skipped": 0, "no_email": 0, "failed": 0}
    for inv in invitations:
        if inv.status == Invitation.Status.SUBMITTED or (inv.sent_at and not resend):
            counts["skipped"] += 1
            continue
        if not inv.email:
            counts["no_email"] += 1
            continue
        inv.survey = survey
        subject, body = invitation_mail(inv, link_for(inv.token))
        try:
            send_mail(subject, body, None, [inv.email])
        except Exception:  # noqa: BLE001 — one bad address must not stop the others
            counts["failed"] += 1
            continue
        with transaction.atomic():
            Invitation.objects.filter(pk=inv.pk).update(sent_at=timezone.now())
            Invitation.objects.filter(pk=inv.pk, status=Invitation.Status.PENDING).update(
                status=Invitation.Status.SENT
            )
        counts["sent"] += 1
    if audit_counts:
        invitations_sent_audit(actor=actor, survey=survey, counts=counts)
    return counts


def invitations_sent_audit(*, actor: Any, survey: Survey, counts: dict[str, int]) -> None:
    if counts["sent"]:
        from mujigae.core import audit

        audit.record(actor=actor, action="update", obj=survey, changes={"invitations_sent": counts})


def reminder_days(survey: Survey) -> list[int]:
    days = set()
    for part in (survey.reminder_days or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= 365:
            days.add(int(part))
    return sorted(days, reverse=True)


def reminders_due(survey: Survey, now: Any) -> int:
    """How many reminder days of `survey` have come by `now` (0 when none)."""
    if survey.deadline is None or now >= survey.deadline:
        return 0
    import datetime as dt

    return sum(1 for d in reminder_days(survey) if survey.deadline - dt.timedelta(days=d) <= now)


def reminders_send_due(*, now: Any = None, link_for: Any) -> int:
    """Email every invited, not yet submitted company of every open survey whose
    next reminder day has come. Idempotent: each invitation is claimed with a
    conditional update before its email goes, so a day's reminder goes once,
    even when two workers run at the same time; a missed day is not made up
    with several emails."""
    from django.core.mail import send_mail

    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(status=Survey.Status.OPEN, deadline__gt=now)
    for survey in surveys:
        due = reminders_due(survey, now)
        if not due:
            continue
        pending = (
            Invitation.objects.filter(survey=survey, sent_at__isnull=False, reminders_sent__lt=due)
            .exclude(status=Invitation.Status.SUBMITTED)
            .exclude(email="")
            .select_related("organisation")
        )
        for inv in pending:
            claimed = Invitation.objects.filter(pk=inv.pk, reminders_sent__lt=due).update(
                reminders_sent=due, last_reminded_at=now
            )
            if not claimed:
                continue
            inv.survey = survey
            subject, body = invitation_mail(inv, link_for(inv.token), reminder=True)
            send_mail(subject, body, None, [inv.email], fail_silently=True)
            sent += 1
    return sent
