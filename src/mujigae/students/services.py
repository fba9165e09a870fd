"""Every write on students: keyword-only functions, one transaction each.

The audit log (core) never receives a student's personal values: the changed
field names only (`PERSONAL_FIELDS` are redacted) and the masked name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import router, transaction
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


@transaction.atomic
def access_log_record(
    *, actor: Any, student: Student, action: str, purpose: str, note: str = ""
) -> AccessLog:
    """One row per read or export of a person's data (who, whom, when, why)."""
    purpose, note = clean_purpose(purpose, note)
    return AccessLog.objects.create(
        district_id=student.district_id,
        student=student,
        who=actor,
        who_name=str(actor)[:150],
        who_organisation=(actor.organisation.name if actor.organisation_id else "")[:200],
        action=action,
        purpose=purpose,
        purpose_note=note,
    )


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
def student_export(*, actor: Any, student: Student, purpose: str, note: str = "") -> dict:
    """The export, logged as an access in the same transaction."""
    access_log_record(actor=actor, student=student, action="export", purpose=purpose, note=note)
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


def student_erase(*, actor: Any, student: Student, reason: str) -> ErasureRecord:
    """Delete the person and every row about them; keep a record without
    personal data. The audit entries about them lose their names and values."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Write down why the data is erased."),
            field_errors={"reason": [_("Write down why the data is erased.")]},
        )
    student = Student.objects.select_for_update().get(pk=student.pk)
    if student.name and student.name in reason:
        # the record that stays must not name the person
        raise ApplicationError(
            _("Do not write the student's name in the reason."),
            field_errors={"reason": [_("Do not write the student's name in the reason.")]},
        )
    removed = {
        "consents": student.consents.count(),
        "access_log": student.access_logs.count(),
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
    # Every row deleted with the person (consents, access log, round choices,
    # hires, follow-ups …: whatever cascades, in any app) loses its name and
    # values in the audit log too.
    for label, ids in _rows_deleted_with(student).items():
        AuditEntry.objects.filter(object_type=label, object_id__in=ids).update(
            object_repr=_("erased student"), changes={}
        )
    student.delete()  # consents, access log and module links go with it
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
    return record
