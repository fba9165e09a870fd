"""Every write on students: keyword-only functions, one transaction each.

The audit log (core) never receives a student's personal values: the changed
field names only (`PERSONAL_FIELDS` are redacted) and the masked name."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.students.masking import format_phone
from mujigae.students.models import (
    PERSONAL_FIELDS,
    AccessLog,
    AccessPurpose,
    Consent,
    ErasureRecord,
    Student,
)

EDITABLE = (
    "name",
    "birth_date",
    "grade",
    "class_no",
    "number",
    "student_no",
    "major",
    "phone",
    "email",
    "certificates",
)

logger = logging.getLogger(__name__)


@transaction.atomic
def student_update(*, actor: Any, student: Student, completed_modules=None, **data: Any) -> Student:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("Check the values you entered."))
    if "phone" in data:
        data["phone"] = format_phone(data["phone"] or "")
    if "certificates" in data:
        data["certificates"] = [c.strip() for c in data["certificates"] if c and c.strip()]
    seat = {
        name: data.get(name, getattr(student, name)) for name in ("grade", "class_no", "number")
    }
    seat_taken = (
        Student.objects.filter(school_id=student.school_id, school_year=student.school_year, **seat)
        .exclude(pk=student.pk)
        .exists()
    )
    if seat_taken:
        raise ApplicationError(
            _("Another student of this school year already has this grade, class and number."),
            field_errors={"number": [_("This number is taken in the class.")]},
            status=409,
        )
    if completed_modules is not None:
        data["completed_modules"] = completed_modules
    try:
        # the audit row: the changed field names, personal values redacted
        return writes.update(actor=actor, obj=student, data=data, redact=PERSONAL_FIELDS)
    except ApplicationError as exc:
        if exc.status == 422:
            exc.status = 400  # a value the model refuses is a 400 here, as it always was
        raise


@transaction.atomic
def consent_record(
    *, actor: Any, student: Student, purpose: str, version: str, given_at: dt.date
) -> Consent:
    if given_at > timezone.localdate():
        raise ApplicationError(
            _("The date cannot be in the future."),
            field_errors={"given_at": [_("The date cannot be in the future.")]},
        )
    return writes.create(
        actor=actor,
        model=Consent,
        data={
            "student": student,
            "purpose": purpose,
            "version": version.strip(),
            "given_at": given_at,
            "recorded_by": actor.get_username(),
        },
    )


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent  # a second click changes nothing
    return writes.update(actor=actor, obj=consent, data={"withdrawn_at": timezone.now()})


def clean_purpose(purpose: str, note: str) -> tuple[str, str]:
    note = (note or "").strip()
    if purpose not in AccessPurpose.values:
        raise ApplicationError(
            _("Choose why you need this person's data."),
            field_errors={"purpose": [_("Choose why you need this person's data.")]},
        )
    if purpose == AccessPurpose.OTHER and not note:
        raise ApplicationError(
            _("Write down the purpose."),
            field_errors={"note": [_("Write down the purpose.")]},
        )
    return purpose, note[:200]


def client_ip(request: Any) -> str | None:
    """The client's address as django-axes sees it (behind a proxy:
    `MUJIGAE_PROXY_COUNT`), or None when it is not an IP address."""
    from axes.helpers import get_client_ip_address

    raw = get_client_ip_address(request) if request is not None else None
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return None


def personal_data_access_record(
    *,
    request_or_actor: Any,
    students: Student | Iterable[Student],
    action: str,
    purpose: str,
    note: str = "",
    ip: str | None = None,
) -> list[AccessLog]:
    """THE way to record that someone processed people's personal data (the
    access log of 개인정보의 안전성 확보조치 기준 제8조). Call it for every view,
    change, input, delete, export, print and download of a student's data.

    * `request_or_actor`: the request (the actor is its user, the IP its client
      address as django-axes sees it) or a user (a command, a task: pass `ip`
      if you know it, else it stays empty).
    * `students`: one Student or many (a queryset, a list): one row per
      person, written with one bulk insert; the rows share a `batch` (one event
      on the monthly review).
    * `action`: one of `AccessLog.Action` (view, change, input, delete, export,
      print, download).
    * `purpose`, `note`: why, one of `AccessPurpose` (+ a note, required for
      "other"); a bad purpose raises ApplicationError (422, Korean) and writes
      nothing. The note is shown to the person and the reviewers: it must not
      name anyone (erasure blanks it).

    Returns the rows written (none for an empty `students`)."""
    if action not in AccessLog.Action.values:
        raise ValueError(f"unknown access-log action {action!r}")
    purpose, note = clean_purpose(purpose, note)
    request = request_or_actor if hasattr(request_or_actor, "META") else None
    actor = request.user if request is not None else request_or_actor
    if ip is None and request is not None:
        ip = client_ip(request)
    if isinstance(students, Student):
        students = [students]
    organisation = getattr(actor, "organisation", None) if actor is not None else None
    batch = uuid.uuid4()
    at = timezone.now()
    common = {
        "who": actor if getattr(actor, "pk", None) else None,
        "who_name": (str(actor) if actor is not None else "mujigae")[:150],
        "who_organisation": (organisation.name if organisation is not None else "")[:200],
        "ip": ip or None,
        "action": action,
        "purpose": purpose,
        "purpose_note": note,
        "batch": batch,
        "at": at,
    }
    rows = [
        AccessLog(district_id=s.district_id, student_id=s.pk, **common)
        for s in (students.iterator(chunk_size=2000) if hasattr(students, "iterator") else students)
    ]
    with transaction.atomic():
        return AccessLog.objects.bulk_create(rows, batch_size=1000)


def access_log_record(
    *, actor: Any, student: Student, action: str, purpose: str, note: str = "", ip=None
) -> AccessLog:
    """One person, one row: `personal_data_access_record` for a single student."""
    return personal_data_access_record(
        request_or_actor=actor, students=student, action=action, purpose=purpose, note=note, ip=ip
    )[0]


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_data(student: Student) -> dict[str, Any]:
    """Everything we hold about one person (for the person, on request)."""
    units = student.competency_units()
    return {
        "student": {
            "name": student.name,
            "birth_date": _iso(student.birth_date),
            "school": student.school.name,
            "school_year": student.school_year,
            "grade": student.grade,
            "class": student.class_no,
            "number": student.number,
            "student_number": student.student_no,
            "department": student.major,
            "phone": student.phone,
            "email": student.email,
            "certificates": list(student.certificates),
            "login": student.user.get_username() if student.user_id else None,
            "sample_data": student.is_sample,
            "created_at": _iso(student.created_at),
            "updated_at": _iso(student.updated_at),
        },
        "completed_modules": [
            {"programme": m.programme.name, "module": m.name}
            for m in student.completed_modules.select_related("programme")
        ],
        "competency_units": [{"code": u.code, "name": u.name} for u in units],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "version": c.version,
                "given_on": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in student.consents.all()
        ],
        "access_log": [
            {
                "when": _iso(a.at),
                "who": a.who_name,
                "organisation": a.who_organisation,
                "what": a.get_action_display(),
                "purpose": a.get_purpose_display(),
                "purpose_detail": a.purpose_note,
            }
            for a in student.access_logs.all()
        ],
    }


@transaction.atomic
def student_export(
    *, actor: Any, student: Student, purpose: str, note: str = "", ip: str | None = None
) -> dict:
    """The export, logged as an access in the same transaction."""
    access_log_record(
        actor=actor, student=student, action="export", purpose=purpose, note=note, ip=ip
    )
    return export_data(student)


@transaction.atomic
def _rows_deleted_with(student: Student) -> dict[str, list[str]]:
    """{model label: [ids]} of every row that deleting `student` removes."""
    collector = Collector(using=router.db_for_write(Student))
    collector.collect([student])
    rows: dict[str, list[str]] = {}
    for model, objs in collector.data.items():
        rows.setdefault(model._meta.label, []).extend(str(o.pk) for o in objs)
    for qs in collector.fast_deletes:
        rows.setdefault(qs.model._meta.label, []).extend(
            str(v) for v in qs.values_list("pk", flat=True)
        )
    return rows


def _personal_values(student: Student) -> list[str]:
    """The values a reason or a note must not hold (they outlive the person)."""
    values = [student.name, student.phone, student.email, re.sub(r"\D", "", student.phone or "")]
    return [v for v in values if v and len(v) >= 2]


@transaction.atomic
def student_erase(
    *, actor: Any, student: Student, reason: str, ip: str | None = None
) -> ErasureRecord:
    """Delete the person and every row about them; keep a record without
    personal data (docs/students.md "Erasure").

    * the student row, consents, module links and every row that cascades in
      any app (round choices, hires, follow-ups, activation codes …) go;
    * audit entries about them lose their names and values;
    * access-log rows stay (the law keeps the log two years) but without the
      person: `student` empty, `erasure` set, the purpose note blanked; the
      erasure itself is logged (action "delete");
    * the linked login (if any) loses its display name, names and e-mail (the
      account itself is managed in accounts);
    * after the commit the database files are cleaned (`erasure_files_clean`):
      SQLite overwrites deleted content (secure_delete) and empties its WAL;
      PostgreSQL vacuums the touched tables."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Write down why the data is erased."),
            field_errors={"reason": [_("Write down why the data is erased.")]},
        )
    student = Student.objects.select_for_update().get(pk=student.pk)
    compact = re.sub(r"\s", "", reason)
    if any(v in reason or v in compact for v in _personal_values(student)):
        # the record that stays must not name the person
        raise ApplicationError(
            _("Do not write the student's name or contact details in the reason."),
            field_errors={
                "reason": [_("Do not write the student's name or contact details in the reason.")]
            },
        )
    logs = AccessLog.objects.filter(student=student)
    removed = {
        "consents": student.consents.count(),
        "access_log": logs.count(),
        "completed_modules": student.completed_modules.count(),
    }
    record = ErasureRecord.objects.create(
        district_id=student.district_id,
        school_id=student.school_id,
        school_year=student.school_year,
        grade=student.grade,
        erased_by=actor.get_username(),
        reason=reason[:200],
        removed=removed,
    )
    pk = str(student.pk)
    rows = _rows_deleted_with(student)
    # Every row deleted with the person (consents, round choices, hires,
    # follow-ups …: whatever cascades, in any app) loses its name and values in
    # the audit log too.
    for label, ids in rows.items():
        AuditEntry.objects.filter(object_type=label, object_id__in=ids).update(
            object_repr=_("erased student"), changes={}
        )
    # The access log keeps who did what when, not whose data nor the notes.
    logs.update(student=None, erasure=record, purpose_note="")
    if student.user_id:
        get_user_model().objects.filter(pk=student.user_id).update(
            first_name="", last_name="", email="", display_name=""
        )
    tables = {apps.get_model(label)._meta.db_table for label in rows} | {
        AccessLog._meta.db_table,
        AuditEntry._meta.db_table,
        get_user_model()._meta.db_table,
    }
    student.delete()
    AuditEntry.objects.create(
        district_id=record.district_id,
        actor=actor,
        actor_name=actor.get_username(),
        action=AuditEntry.Action.DELETE,
        object_type=Student._meta.label,
        object_id=pk,
        object_repr=_("erased student"),
        changes={"erasure_record": [None, record.pk]},
    )
    organisation = getattr(actor, "organisation", None)
    AccessLog.objects.create(
        district_id=record.district_id,
        student=None,
        erasure=record,
        who=actor,
        who_name=str(actor)[:150],
        who_organisation=(organisation.name if organisation is not None else "")[:200],
        ip=ip or None,
        action=AccessLog.Action.DELETE,
        purpose=AccessPurpose.OTHER,
        purpose_note=reason[:200],
    )
    transaction.on_commit(lambda: erasure_files_clean(tables=sorted(tables)))
    return record


def erasure_files_clean(*, tables: list[str], using: str = "default") -> None:
    """After an erasure has committed: leave no copy of the erased rows in the
    database files.

    SQLite (`PRAGMA secure_delete=ON` in settings overwrites deleted content as
    it is freed): checkpoint the WAL into the main file and truncate it, so the
    frames that still held the old pages are gone. PostgreSQL: a VACUUM of the
    touched tables (it cannot run inside a transaction: here, after the
    commit, in autocommit), so the dead tuples' space is reclaimed. A failure
    is logged (table names only) and never undoes the erasure."""
    connection = connections[using]
    try:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log, _done = cursor.fetchone()
            if busy:
                logger.warning("erasure: the SQLite WAL checkpoint was busy; run it again later")
        elif connection.vendor == "postgresql" and settings.MUJIGAE_ERASURE_VACUUM:
            if connection.in_atomic_block:
                logger.warning("erasure: VACUUM skipped inside a transaction: %s", tables)
                return
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
    except DatabaseError:
        logger.exception("erasure: cleaning the database files failed (tables %s)", tables)


def access_log_cutoff(*, years: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment `years` years before `now` (29 February -> 28 February)."""
    now = timezone.localtime(now or timezone.now())
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


@transaction.atomic
def access_log_prune(*, years: int, dry_run: bool = False) -> tuple[dt.datetime, int]:
    """Delete the access-log rows older than `years` years (never fewer than
    2: the caller checks the setting; this refuses too)."""
    if years < 2:
        raise ApplicationError(_("The access log is kept at least two years."))
    cutoff = access_log_cutoff(years=years)
    old = AccessLog.objects.filter(at__lt=cutoff)
    if dry_run:
        return cutoff, old.count()
    count, _detail = old.delete()
    return cutoff, count
