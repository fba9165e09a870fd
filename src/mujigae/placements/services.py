"""Writes to placement slots, standard agreements and company eligibility, and
the conversion of rows to the plain facts `rules.py` checks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements import rules
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    SlotKind,
    SlotStatus,
    StandardAgreement,
    Tier,
)

SLOT_FIELDS = (
    "company",
    "kind",
    "title",
    "duties",
    "hazardous_duties",
    "location",
    "daily_hours",
    "weekly_hours",
    "hours_extension_agreed",
    "start_time",
    "end_time",
    "works_holidays",
    "pay",
    "capacity",
    "period_start",
    "period_end",
    "apply_by",
    "required_units",
    "required_certificates",
    "status",
    "is_sample",
)
AGREEMENT_FIELDS = (
    "slot",
    "signed_on",
    "period_start",
    "period_end",
    "supervisor",
    "allowance",
    "safety_training_done",
    "is_sample",
)


def _fail(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise _fail(field, _("Enter the hours as a number.")) from exc


def _check_company(district: District, company: Organisation, field: str = "company") -> None:
    if not company.is_a(OrgKind.COMPANY, district_id=district.pk):
        raise _fail(field, _("Choose a company of this district."))


def _check_slot(district: District, values: dict[str, Any], *, creating: bool) -> None:
    """The slot's own invariants on the merged (stored + new) values."""
    _check_company(district, values["company"])
    capacity = values.get("capacity")
    if capacity is None or int(capacity) < 1:
        raise _fail("capacity", _("The capacity must be at least 1."))
    daily = _decimal(values.get("daily_hours"), "daily_hours")
    weekly = _decimal(values.get("weekly_hours"), "weekly_hours")
    if daily <= 0:
        raise _fail("daily_hours", _("The hours a day must be more than 0."))
    if weekly <= 0:
        raise _fail("weekly_hours", _("The hours a week must be more than 0."))
    if daily > 24:
        raise _fail("daily_hours", _("A day has at most 24 hours."))
    if weekly < daily:
        raise _fail("weekly_hours", _("The hours a week cannot be fewer than the hours a day."))
    if int(values.get("pay") or 0) < 0:
        raise _fail("pay", _("The pay cannot be negative."))
    if values.get("start_time") is None or values.get("end_time") is None:
        raise _fail("start_time", _("Enter the start and end time."))
    if values["start_time"] == values["end_time"]:
        raise _fail("end_time", _("The end time must differ from the start time."))
    unknown = set(values.get("hazardous_duties") or []) - rules.HAZARDOUS_CODES
    if unknown:
        raise _fail("hazardous_duties", _("Choose hazardous duties from the list."))
    _check_period(values)
    if creating and values.get("kind") == SlotKind.FIELD_TRAINING:
        daily_cap, weekly_cap = rules.hour_caps(bool(values.get("hours_extension_agreed")))
        if daily > daily_cap:
            raise _fail(
                "daily_hours",
                _("Field training may last at most %(hours)s hours a day.") % {"hours": daily_cap},
            )
        if weekly > weekly_cap:
            raise _fail(
                "weekly_hours",
                _("Field training may last at most %(hours)s hours a week.")
                % {"hours": weekly_cap},
            )


def _check_period(values: dict[str, Any]) -> None:
    """The period (both days or neither), at most `rules.TRAINING_MAX_MONTHS`
    for field training, and the last day to apply on or before its first day."""
    start, end, apply_by = (
        values.get("period_start"),
        values.get("period_end"),
        values.get("apply_by"),
    )
    if (start is None) != (end is None):
        field = "period_end" if end is None else "period_start"
        raise _fail(field, _("Enter both the first and the last day of the period."))
    if start is not None and end < start:
        raise _fail("period_end", _("The period cannot end before it starts."))
    if (
        start is not None
        and values.get("kind") == SlotKind.FIELD_TRAINING
        and end > rules.training_period_limit(start)
    ):
        raise _fail(
            "period_end",
            _("Field training may last at most %(months)s months.")
            % {"months": rules.TRAINING_MAX_MONTHS},
        )
    if apply_by is not None and start is not None and apply_by > start:
        raise _fail(
            "apply_by",
            _("The last day to apply must be on or before the first day of the period."),
        )


@transaction.atomic
def slot_create(*, actor: Any, district: District, via: str = "web", **data: Any) -> Slot:
    data = {k: v for k, v in data.items() if k in SLOT_FIELDS}
    if "company" not in data:
        raise _fail("company", _("Choose a company of this district."))
    _check_slot(district, data, creating=True)
    return writes.create(actor=actor, model=Slot, data={"district": district, **data}, via=via)


@transaction.atomic
def slot_update(*, actor: Any, slot: Slot, via: str = "web", **data: Any) -> Slot:
    data = {k: v for k, v in data.items() if k in SLOT_FIELDS}
    merged = {name: getattr(slot, name) for name in SLOT_FIELDS if name != "required_units"}
    merged.update(data)
    _check_slot(slot.district, merged, creating=False)
    return writes.update(actor=actor, obj=slot, data=data, via=via)


@transaction.atomic
def agreement_record(
    *,
    actor: Any,
    district: District,
    company: Organisation,
    school: Organisation,
    via: str = "web",
    **data: Any,
) -> StandardAgreement:
    data = {k: v for k, v in data.items() if k in AGREEMENT_FIELDS}
    _check_company(district, company)
    if not school.is_a(OrgKind.SCHOOL, district_id=district.pk):
        raise _fail("school", _("Choose a school of this district."))
    slot = data.get("slot")
    if slot is not None and (slot.company_id != company.pk or slot.kind != SlotKind.FIELD_TRAINING):
        raise _fail("slot", _("Choose a field-training slot of this company."))
    start, end = data.get("period_start"), data.get("period_end")
    if start is None or end is None:
        raise _fail("period_start", _("Enter the training period."))
    if end < start:
        raise _fail("period_end", _("The period cannot end before it starts."))
    signed = data.get("signed_on")
    if signed is not None and signed > end:
        raise _fail("signed_on", _("The agreement must be signed before the period ends."))
    if not (data.get("supervisor") or "").strip():
        raise _fail("supervisor", _("Enter the supervisor's name."))
    if int(data.get("allowance") or 0) < 0:
        raise _fail("allowance", _("The allowance cannot be negative."))
    return writes.create(
        actor=actor,
        model=StandardAgreement,
        data={"district": district, "company": company, "school": school, **data},
        via=via,
    )


@transaction.atomic
def eligibility_set(
    *,
    actor: Any,
    district: District,
    company: Organisation,
    tier: str,
    inspected_on: date | None = None,
    valid_until: date | None = None,
    note: str = "",
    via: str = "web",
) -> CompanyEligibility:
    _check_company(district, company)
    if tier not in Tier.values:
        raise _fail("tier", _("Choose a tier from the list."))
    if inspected_on and valid_until and valid_until < inspected_on:
        raise _fail("valid_until", _("The end of validity cannot be before the inspection."))
    data = {
        "tier": tier,
        "inspected_on": inspected_on,
        "valid_until": valid_until,
        "note": note,
    }
    current = CompanyEligibility.objects.filter(district=district, company=company).first()
    if current is None:
        return writes.create(
            actor=actor,
            model=CompanyEligibility,
            data={"district": district, "company": company, **data},
            via=via,
        )
    return writes.update(actor=actor, obj=current, data=data, via=via)


# --- rows -> plain facts ------------------------------------------------------


def slot_facts(slots: Iterable[Slot]) -> list[rules.SlotFacts]:
    """Facts of each slot with its company's agreements and eligibility (a
    company-wide agreement covers every training slot of the company)."""
    slots = list(slots)
    companies = {s.company_id for s in slots}
    agreements: dict[Any, list[StandardAgreement]] = {}
    for a in StandardAgreement.objects.filter(company_id__in=companies):
        agreements.setdefault(a.company_id, []).append(a)
    eligibility = {
        (e.district_id, e.company_id): e
        for e in CompanyEligibility.objects.filter(company_id__in=companies)
    }
    out = []
    for s in slots:
        e = eligibility.get((s.district_id, s.company_id))
        out.append(
            rules.SlotFacts(
                id=s.pk,
                kind=s.kind,
                daily_hours=Decimal(s.daily_hours),
                weekly_hours=Decimal(s.weekly_hours),
                start_time=s.start_time,
                end_time=s.end_time,
                works_holidays=s.works_holidays,
                hazardous_duties=frozenset(s.hazardous_duties or ()),
                hours_extension_agreed=s.hours_extension_agreed,
                agreements=tuple(
                    rules.AgreementFacts(a.school_id, a.signed_on, a.period_start, a.period_end)
                    for a in agreements.get(s.company_id, ())
                    if a.slot_id in (None, s.pk)
                ),
                company_tier=e.tier if e else Tier.NONE,
                company_inspected_on=e.inspected_on if e else None,
                company_eligible_until=e.valid_until if e else None,
            )
        )
    return out


def student_facts(students: Iterable[Any]) -> list[rules.StudentFacts]:
    """Facts of each student (`students.Student` rows) with their recorded
    night/holiday authorisations (제70조②). No record of a 취직인허증 exists yet,
    so `employment_permit` is False."""
    students = list(students)
    authorised: dict[Any, set] = {}
    for ex in MinorWorkException.objects.filter(student__in=students):
        authorised.setdefault(ex.student_id, set()).add(ex.slot_id)
    return [
        rules.StudentFacts(
            id=s.pk,
            birth_date=s.birth_date,
            school_id=s.school_id,
            night_holiday_authorised=frozenset(authorised.get(s.pk, ())),
        )
        for s in students
    ]


# --- pages: status, idempotent posting, authorisations, refusal previews -------


def slot_set_status(*, actor: Any, slot: Slot, status: str, via: str = "web") -> Slot:
    """Close or reopen a slot (a second click changes nothing)."""
    if status not in SlotStatus.values:
        raise _fail("status", _("Choose open or closed."))
    if slot.status == status:
        return slot
    return slot_update(actor=actor, slot=slot, status=status, via=via)


def slot_duplicate_of(*, district: District, data: dict[str, Any]) -> Slot | None:
    """An existing slot of the same company with exactly these values (a double
    submit of the posting form), or None."""
    plain = {
        k: v
        for k, v in data.items()
        if k in SLOT_FIELDS
        and k not in ("required_units", "hazardous_duties", "required_certificates")
    }
    plain.setdefault("status", SlotStatus.OPEN)
    candidates = Slot.objects.filter(district=district, **plain)
    units = sorted(u.pk if hasattr(u, "pk") else u for u in data.get("required_units") or [])
    for slot in candidates:
        if (
            sorted(slot.hazardous_duties or []) == sorted(data.get("hazardous_duties") or [])
            and list(slot.required_certificates or [])
            == list(data.get("required_certificates") or [])
            and sorted(slot.required_units.values_list("pk", flat=True)) == units
        ):
            return slot
    return None


@transaction.atomic
def slot_post(*, actor: Any, district: District, via: str = "web", **data: Any) -> Slot:
    """`slot_create` for the posting page: the same form sent twice (a double
    click, a reload) returns the slot the first one created."""
    data = {k: v for k, v in data.items() if k in SLOT_FIELDS}
    if "company" in data:
        existing = slot_duplicate_of(district=district, data=data)
        if existing is not None:
            return existing
    return slot_create(actor=actor, district=district, via=via, **data)


def agreement_duplicate_of(
    *, company: Organisation, school: Organisation, data: dict[str, Any]
) -> StandardAgreement | None:
    return StandardAgreement.objects.filter(
        company=company,
        school=school,
        slot=data.get("slot"),
        signed_on=data.get("signed_on"),
        period_start=data.get("period_start"),
        period_end=data.get("period_end"),
        supervisor=(data.get("supervisor") or "").strip(),
    ).first()


@transaction.atomic
def agreement_post(
    *,
    actor: Any,
    district: District,
    company: Organisation,
    school: Organisation,
    via: str = "web",
    **data: Any,
) -> StandardAgreement:
    """`agreement_record` for the page: the same agreement sent twice is kept once."""
    data = {k: v for k, v in data.items() if k in AGREEMENT_FIELDS}
    if "supervisor" in data:
        data["supervisor"] = (data["supervisor"] or "").strip()
    existing = agreement_duplicate_of(company=company, school=school, data=data)
    if existing is not None and existing.district_id == district.pk:
        return existing
    return agreement_record(
        actor=actor, district=district, company=company, school=school, via=via, **data
    )


@transaction.atomic
def exception_record(
    *,
    actor: Any,
    district: District,
    student: Any,
    slot: Slot,
    consent_on: date | None,
    authorised_on: date | None,
    authorisation_ref: str = "",
    is_sample: bool = False,
    via: str = "web",
) -> MinorWorkException:
    """Record (or correct) a minor's night/holiday authorisation for one job
    slot (근로기준법 제70조②): the student's consent AND the labour minister's
    authorisation. One row per student and slot: sending it again updates it."""
    if student.district_id != district.pk:
        raise _fail("student", _("Choose a student of this district."))
    if slot.district_id != district.pk or slot.kind != SlotKind.JOB:
        raise _fail(
            "slot",
            _("Choose a job slot: field training may never take place at night or on holidays."),
        )
    if consent_on is None:
        raise _fail("consent_on", _("Enter the date of the student's consent."))
    if authorised_on is None:
        raise _fail("authorised_on", _("Enter the date of the labour minister's authorisation."))
    data = {
        "consent_on": consent_on,
        "authorised_on": authorised_on,
        "authorisation_ref": (authorisation_ref or "").strip(),
        "is_sample": is_sample,
    }
    current = MinorWorkException.objects.filter(student=student, slot=slot).first()
    if current is None:
        return writes.create(
            actor=actor,
            model=MinorWorkException,
            data={"district": district, "student": student, "slot": slot, **data},
            via=via,
        )
    return writes.update(actor=actor, obj=current, data=data, via=via)
