"""Every write on outcomes: keyword-only functions, one transaction each, each
leaving an audit row (a student prints masked, so the log holds no names).
Bad input raises `ApplicationError` with a Korean-translatable message and
nothing is saved."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.outcomes.models import (
    FOLLOW_UP_MONTHS,
    ContractType,
    FollowUp,
    FurtherStudy,
    GraduateRecord,
    GraduateStatus,
    Hire,
    Participation,
    ProgrammeKind,
    SettlementProgramme,
)
from mujigae.partners.models import Organisation, OrgKind
from mujigae.students.models import ConsentPurpose, Student
from mujigae.students.selectors import has_active_consent


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fail(field: str, message: str, status: int = 422) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]}, status=status)


def has_follow_up_consent(student: Student) -> bool:
    return has_active_consent(student, ConsentPurpose.FOLLOW_UP)


GRADUATING_GRADE = 3  # the last grade of a vocational high school


def graduation_year_of(student: Student) -> int:
    """A grade-3 record of school year Y graduates in February of Y + 1."""
    return student.school_year + 1


def _check_graduate(student: Student) -> None:
    if student.grade != GRADUATING_GRADE:
        raise _fail(
            "student",
            _("Only third-year students graduate: this record is of grade %(grade)s.")
            % {"grade": student.grade},
        )


# --------------------------------------------------------------------------
# graduate status


@transaction.atomic
def graduate_record_save(
    *,
    actor: Any,
    student: Student,
    status: str,
    exclusion_reason: str = "",
    note: str = "",
    is_sample: bool = False,
) -> GraduateRecord:
    """Create or update the student's status on the reference date (1 April)."""
    _check_graduate(student)
    if status not in GraduateStatus.values:
        raise _fail("status", _("Choose the graduate's status."))
    exclusion_reason = (exclusion_reason or "").strip()
    if status == GraduateStatus.EXCLUDED and not exclusion_reason:
        raise _fail("exclusion_reason", _("Write down why the graduate is excluded."))
    if status != GraduateStatus.EXCLUDED:
        exclusion_reason = ""
    year = graduation_year_of(student)
    record = (
        GraduateRecord.objects.select_for_update()
        .filter(student=student, graduation_year=year)
        .first()
    )
    data = {
        "status": status,
        "exclusion_reason": exclusion_reason,
        "note": (note or "").strip()[:200],
    }
    if record is None:
        return writes.create(
            actor=actor,
            model=GraduateRecord,
            data={
                "district_id": student.district_id,
                "school_id": student.school_id,
                "student": student,
                "graduation_year": year,
                **data,
                "is_sample": is_sample,
            },
        )
    return writes.update(actor=actor, obj=record, data=data)


# --------------------------------------------------------------------------
# hires and their follow-ups


def _clean_hire(
    *,
    student: Student,
    company: Organisation | None,
    company_name: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    contract_type: str,
    slot: Any,
) -> str:
    company_name = (company_name or "").strip()
    if company is None and not company_name:
        raise _fail("company", _("Choose a company of the district or write the company's name."))
    if company is not None:
        if not company.is_a(OrgKind.COMPANY, district_id=student.district_id):
            raise _fail("company", _("Choose a company of the district."))
        company_name = ""
    if start_date is None:
        raise _fail("start_date", _("Enter the start of employment."))
    if start_date > timezone.localdate() + dt.timedelta(days=366):
        raise _fail("start_date", _("The start of employment is more than a year away."))
    if start_date < student.birth_date + dt.timedelta(days=15 * 365):
        raise _fail("start_date", _("The start of employment is before the student turned 15."))
    if end_date is not None and end_date < start_date:
        raise _fail("end_date", _("The end of employment cannot be before its start."))
    if contract_type not in ContractType.values:
        raise _fail("contract_type", _("Choose the contract type."))
    if slot is not None:
        if slot.district_id != student.district_id:
            raise _fail("slot", _("Choose a job slot of the district."))
        if company is not None and slot.company_id != company.pk:
            raise _fail("slot", _("The job slot belongs to another company."))
    return company_name


@transaction.atomic
def hire_record(
    *,
    actor: Any,
    student: Student,
    start_date: dt.date | None,
    contract_type: str,
    company: Organisation | None = None,
    company_name: str = "",
    workplace_in_district: bool = True,
    end_date: dt.date | None = None,
    insured: bool = True,
    slot: Any = None,
    is_sample: bool = False,
) -> Hire:
    """Record a hire and schedule its follow-ups at 6, 12 and 24 months."""
    company_name = _clean_hire(
        student=student,
        company=company,
        company_name=company_name,
        start_date=start_date,
        end_date=end_date,
        contract_type=contract_type,
        slot=slot,
    )
    hire = writes.create(
        actor=actor,
        model=Hire,
        data={
            "district_id": student.district_id,
            "student": student,
            "company": company,
            "company_name": company_name,
            "workplace_in_district": workplace_in_district,
            "start_date": start_date,
            "end_date": end_date,
            "contract_type": contract_type,
            "insured": insured,
            "slot": slot,
            "is_sample": is_sample,
        },
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            district_id=hire.district_id,
            hire=hire,
            months=m,
            due_on=add_months(start_date, m),
            is_sample=is_sample,
        )
        for m in FOLLOW_UP_MONTHS
    )
    return hire


HIRE_FIELDS = (
    "company",
    "company_name",
    "workplace_in_district",
    "start_date",
    "end_date",
    "contract_type",
    "insured",
    "slot",
)


@transaction.atomic
def hire_update(*, actor: Any, hire: Hire, **data: Any) -> Hire:
    """Change a hire; follow-ups not yet done move with a new start date."""
    unknown = set(data) - set(HIRE_FIELDS)
    if unknown:
        raise ApplicationError(_("Check the values you entered."))
    hire = Hire.objects.select_for_update().select_related("student").get(pk=hire.pk)
    values = {name: data.get(name, getattr(hire, name)) for name in HIRE_FIELDS}
    values["company_name"] = _clean_hire(
        student=hire.student,
        company=values["company"],
        company_name=values["company_name"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        contract_type=values["contract_type"],
        slot=values["slot"],
    )
    hire = writes.update(actor=actor, obj=hire, data=values)
    for follow_up in hire.follow_ups.filter(done_on__isnull=True):
        follow_up.due_on = add_months(hire.start_date, follow_up.months)
        follow_up.save(update_fields=["due_on"])
    return hire


@transaction.atomic
def follow_up_record(
    *,
    actor: Any,
    follow_up: FollowUp,
    done_on: dt.date | None,
    still_employed: bool | None,
    still_insured: bool | None,
    in_district: bool | None,
    note: str = "",
) -> FollowUp:
    """What the follow-up found. Needs the student's active follow-up consent."""
    follow_up = (
        FollowUp.objects.select_for_update().select_related("hire__student").get(pk=follow_up.pk)
    )
    student = follow_up.hire.student
    if not has_follow_up_consent(student):
        raise ApplicationError(
            _(
                "The student has not consented to follow-up after graduation (or withdrew "
                "the consent): nothing can be recorded."
            ),
            status=422,
        )
    if done_on is None:
        raise _fail("done_on", _("Enter the date of the follow-up."))
    if done_on > timezone.localdate():
        raise _fail("done_on", _("The date cannot be in the future."))
    if done_on < follow_up.hire.start_date:
        raise _fail("done_on", _("The follow-up cannot be before the start of employment."))
    for name, value in (
        ("still_employed", still_employed),
        ("still_insured", still_insured),
        ("in_district", in_district),
    ):
        if value is None:
            raise _fail(name, _("Answer yes or no."))
    if still_insured and not still_employed:
        raise _fail(
            "still_insured",
            _("Workplace insurance needs employment: answer 'still employed' with yes."),
        )
    return writes.update(
        actor=actor,
        obj=follow_up,
        data={
            "done_on": done_on,
            "still_employed": still_employed,
            "still_insured": still_insured,
            "in_district": in_district,
            "note": (note or "").strip()[:300],
        },
        redact=("note",),  # free text about a person: not in the audit log
    )


# --------------------------------------------------------------------------
# further study


@transaction.atomic
def further_study_record(
    *,
    actor: Any,
    student: Student,
    institution: str,
    start_date: dt.date | None,
    programme: str = "",
    while_employed: bool = False,
    is_sample: bool = False,
) -> FurtherStudy:
    institution = (institution or "").strip()
    if not institution:
        raise _fail("institution", _("Enter the university or college."))
    if start_date is None:
        raise _fail("start_date", _("Enter the start of study."))
    if start_date > timezone.localdate() + dt.timedelta(days=366):
        raise _fail("start_date", _("The start of study is more than a year away."))
    if start_date.year < student.school_year:
        raise _fail("start_date", _("The start of study is before the student's last school year."))
    return writes.create(
        actor=actor,
        model=FurtherStudy,
        data={
            "district_id": student.district_id,
            "student": student,
            "institution": institution[:200],
            "programme": (programme or "").strip()[:200],
            "start_date": start_date,
            "while_employed": while_employed,
            "is_sample": is_sample,
        },
    )


# --------------------------------------------------------------------------
# settlement programmes


PROGRAMME_FIELDS = ("name", "kind", "provider", "starts_on", "ends_on", "description")


def _clean_programme(district_id: int, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise _fail("name", _("Enter the programme's name."))
    if data.get("kind") not in ProgrammeKind.values:
        raise _fail("kind", _("Choose the kind of programme."))
    provider = data.get("provider")
    if provider is not None and provider.district_id != district_id:
        raise _fail("provider", _("Choose an organisation of the district."))
    if data.get("starts_on") is None:
        raise _fail("starts_on", _("Enter the start of the programme."))
    if data.get("ends_on") is not None and data["ends_on"] < data["starts_on"]:
        raise _fail("ends_on", _("The end cannot be before the start."))
    data["description"] = (data.get("description") or "").strip()
    return data


@transaction.atomic
def programme_create(*, actor: Any, district: Any, is_sample: bool = False, **data: Any):
    unknown = set(data) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ApplicationError(_("Check the values you entered."))
    values = _clean_programme(district.pk, data)
    return writes.create(
        actor=actor,
        model=SettlementProgramme,
        data={"district": district, **values, "is_sample": is_sample},
    )


@transaction.atomic
def programme_update(*, actor: Any, programme: SettlementProgramme, **data: Any):
    unknown = set(data) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ApplicationError(_("Check the values you entered."))
    programme = SettlementProgramme.objects.select_for_update().get(pk=programme.pk)
    merged = {name: data.get(name, getattr(programme, name)) for name in PROGRAMME_FIELDS}
    values = _clean_programme(programme.district_id, merged)
    return writes.update(actor=actor, obj=programme, data=values)


@transaction.atomic
def participation_add(
    *,
    actor: Any,
    programme: SettlementProgramme,
    student: Student | None,
    joined_on: dt.date | None,
    is_sample: bool = False,
) -> Participation:
    if student is None:
        raise _fail("student", _("Choose the graduate."))
    if student.district_id != programme.district_id:
        raise _fail("student", _("Choose a graduate of the district."))
    if joined_on is None:
        raise _fail("joined_on", _("Enter the date the graduate joined."))
    if joined_on > timezone.localdate():
        raise _fail("joined_on", _("The date cannot be in the future."))
    if joined_on < programme.starts_on or (programme.ends_on and joined_on > programme.ends_on):
        raise _fail("joined_on", _("The date is outside the programme's period."))
    if Participation.objects.filter(programme=programme, student=student).exists():
        raise _fail("student", _("This graduate has already joined the programme."), status=409)
    return writes.create(
        actor=actor,
        model=Participation,
        data={
            "programme": programme,
            "student": student,
            "joined_on": joined_on,
            "is_sample": is_sample,
        },
    )


@transaction.atomic
def participation_remove(*, actor: Any, participation: Participation) -> None:
    writes.delete(actor=actor, obj=participation)
