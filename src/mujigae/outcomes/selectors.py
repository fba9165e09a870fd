"""Reads of outcomes: the rows behind the dashboard, the drill-down, the work lists.

The figures themselves are `rates.figures` (pure); here each graduate record
becomes a `rates.Graduate` (what the figures need to know about one person)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mujigae.core import policy
from mujigae.core.models import District
from mujigae.outcomes import rates
from mujigae.outcomes.models import (
    FOLLOW_UP_MONTHS,
    FollowUp,
    FurtherStudy,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.outcomes.services import add_months
from mujigae.partners.models import Organisation, OrgKind
from mujigae.students.models import Student


def _records(qs: QuerySet) -> QuerySet:
    return qs.select_related("school", "student").prefetch_related(
        Prefetch(
            "student__hires",
            queryset=Hire.objects.select_related("company").prefetch_related("follow_ups"),
        ),
        "student__further_studies",
        "student__settlement_participations",
    )


def graduate_facts(record: GraduateRecord, today: dt.date | None = None) -> rates.Graduate:
    """What the figures need to know about one graduate (uses prefetched rows)."""
    ref = record.reference_date
    employed = record.status == rates.EMPLOYED
    hires = list(record.student.hires.all())
    on_ref = [h for h in hires if h.active_on(ref)]
    today = timezone.localdate() if today is None else today
    insured: dict[int, bool | None] = {}
    for m in FOLLOW_UP_MONTHS:
        checks = [f for h in hires for f in h.follow_ups.all() if f.months == m]
        if any(f.done_on is not None and f.still_insured for f in checks):
            insured[m] = True
        elif any(f.done_on is not None or f.due_on <= today for f in checks):
            insured[m] = False
        elif not checks and add_months(ref, m) <= today:
            insured[m] = False  # employed without a recorded hire: not shown as retained
        else:
            insured[m] = None  # not due yet
    return rates.Graduate(
        status=record.status,
        in_district=employed and any(h.workplace_in_district and h.insured for h in on_ref),
        insured_6=insured[6],
        insured_12=insured[12],
        insured_24=insured[24],
        studying_while_employed=any(s.while_employed for s in record.student.further_studies.all()),
        settled=bool(list(record.student.settlement_participations.all())),
    )


def dashboard_districts(*, user: Any) -> QuerySet:
    return policy.visible(user, District).order_by("name")


def dashboard_records(*, user: Any, district: District | None) -> QuerySet:
    """The graduate records the dashboard counts. The ministry reads the
    districts' aggregates (never the rows): the records are read here for
    counting only, the views show no person to it. `district` None: every
    district (the ministry's national roll-up)."""
    if user.role == policy.MINISTRY:
        qs = GraduateRecord.objects.all()
        return qs if district is None else qs.filter(district=district)
    if district is None:
        return GraduateRecord.objects.none()
    return policy.visible(user, GraduateRecord).filter(district=district)


@dataclass
class Row:
    label: str
    year: int
    school: Organisation | None  # None: a district's row or a total
    figures: rates.Figures
    is_total: bool = False


def dashboard_table(
    *, user: Any, district: District | None, year: int | None = None, per_school: bool = True
) -> list[Row]:
    """Rows per graduation year (newest first): per school (or, for the
    national roll-up, `district` None, per district), then the total."""
    qs = dashboard_records(user=user, district=district)
    if year:
        qs = qs.filter(graduation_year=year)
    by_district = district is None
    if by_district:
        qs = qs.select_related("district")
    groups: dict[tuple[int, int | None], list[rates.Graduate]] = {}
    parts: dict[int, Any] = {}  # school or district by pk
    for record in _records(qs).iterator(chunk_size=500):
        facts = graduate_facts(record)
        groups.setdefault((record.graduation_year, None), []).append(facts)
        if by_district:
            part = record.district
        elif per_school:
            part = record.school
        else:
            continue
        parts[part.pk] = part
        groups.setdefault((record.graduation_year, part.pk), []).append(facts)
    rows: list[Row] = []
    for y in sorted({y for y, _ in groups}, reverse=True):
        for part in sorted((parts[k] for (yy, k) in groups if yy == y and k), key=lambda o: o.name):
            school = None if by_district else part
            rows.append(Row(part.name, y, school, rates.figures(groups[(y, part.pk)])))
        rows.append(Row("", y, None, rates.figures(groups[(y, None)]), is_total=True))
    return rows


def dashboard_years(*, user: Any, district: District | None) -> list[int]:
    return sorted(
        set(
            dashboard_records(user=user, district=district).values_list(
                "graduation_year", flat=True
            )
        ),
        reverse=True,
    )


@dataclass
class FigureRow:
    record: GraduateRecord
    facts: rates.Graduate
    counted: bool
    employer: str


def figure_rows(*, user: Any, key: str, year: int, school_id: int | None = None) -> list[FigureRow]:
    """The graduates behind one figure (those in its denominator, each marked
    whether it counts in the numerator). Coordinators and schools only."""
    qs = policy.visible(user, GraduateRecord).filter(graduation_year=year)
    if school_id:
        qs = qs.filter(school_id=school_id)
    out = []
    for record in _records(qs.order_by("school__name", "student__class_no", "student__number")):
        facts = graduate_facts(record)
        inside, counted = rates.members(key, facts)
        if not inside:
            continue
        on_ref = [h for h in record.student.hires.all() if h.active_on(record.reference_date)]
        out.append(FigureRow(record, facts, counted, ", ".join(h.employer for h in on_ref)))
    return out


def graduate_candidates(*, user: Any) -> QuerySet:
    """Third-year student records (the graduates' last school year) the user may see."""
    return (
        policy.visible(user, Student)
        .filter(grade=3)
        .select_related("school")
        .prefetch_related("graduate_records")
    )


def student_years(*, user: Any) -> list[int]:
    return sorted(
        set(graduate_candidates(user=user).values_list("school_year", flat=True)), reverse=True
    )


def follow_ups_due(*, user: Any, include_future_days: int = 30, done: bool = False) -> QuerySet:
    """The follow-up work list: not done and due within `include_future_days` (or overdue)."""
    qs = policy.visible(user, FollowUp).select_related("hire__student__school", "hire__company")
    if done:
        return qs.filter(done_on__isnull=False).order_by("-done_on")
    until = timezone.localdate() + dt.timedelta(days=include_future_days)
    return qs.filter(done_on__isnull=True, due_on__lte=until).order_by("due_on", "pk")


def district_companies(*, district_id: int) -> QuerySet:
    return Organisation.objects.filter(district_id=district_id, kind=OrgKind.COMPANY).order_by(
        "name"
    )


def programme_list(*, user: Any) -> QuerySet:
    return policy.visible(user, SettlementProgramme).select_related("provider")


def participants(*, programme: SettlementProgramme) -> QuerySet:
    return Participation.objects.filter(programme=programme).select_related("student__school")


def participant_candidates(*, programme: SettlementProgramme) -> QuerySet:
    """Graduates of the programme's district (those with a graduate record) not yet in it."""
    return (
        Student.objects.filter(district_id=programme.district_id, graduate_records__isnull=False)
        .exclude(settlement_participations__programme=programme)
        .select_related("school")
        .distinct()
        .order_by("school__name", "-school_year", "class_no", "number")
    )


def own_outcomes(*, user: Any) -> dict[str, Any]:
    """A student's own outcomes (all their records of the grade-3 year)."""
    students = policy.visible(user, Student)
    return {
        "records": policy.visible(user, GraduateRecord).select_related("school"),
        "hires": policy.visible(user, Hire).select_related("company"),
        "studies": policy.visible(user, FurtherStudy),
        "participations": policy.visible(user, Participation).select_related("programme"),
        "students": students,
    }


def importable_schools(*, user: Any) -> QuerySet:
    """A school imports for itself; the coordinator for any school of the district."""
    qs = Organisation.objects.filter(district_id=user.district_id, kind=OrgKind.SCHOOL)
    if user.role == policy.SCHOOL:
        qs = qs.filter(pk=user.organisation_id)
    elif user.role != policy.COORDINATOR:
        qs = qs.none()
    return qs.order_by("name")
