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
    reference_date,
)
from mujigae.outcomes.services import GRADUATING_GRADE, add_months
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


@dataclass(frozen=True)
class HireFacts:
    """What the figures need of one hire (from a model row or plain values)."""

    start_date: dt.date
    end_date: dt.date | None
    insured: bool
    workplace_in_district: bool
    follow_ups: tuple[tuple[int, dt.date, dt.date | None, bool | None], ...] = ()
    # (months, due on, done on, still insured)

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


def facts_of(
    *,
    status: str,
    graduation_year: int,
    hires: list[HireFacts],
    studying_while_employed: bool,
    settled: bool,
    today: dt.date,
) -> rates.Graduate:
    """What the figures need to know about one graduate."""
    ref = reference_date(graduation_year)
    employed = status == rates.EMPLOYED
    on_ref = [h for h in hires if h.active_on(ref)]
    insured: dict[int, bool | None] = {}
    for m in FOLLOW_UP_MONTHS:
        checks = [f for h in hires for f in h.follow_ups if f[0] == m]
        if any(done is not None and still for _m, _due, done, still in checks):
            insured[m] = True
        elif any(done is not None or due <= today for _m, due, done, _still in checks):
            insured[m] = False
        elif not checks and add_months(ref, m) <= today:
            insured[m] = False  # employed without a recorded hire: not shown as retained
        else:
            insured[m] = None  # not due yet
    return rates.Graduate(
        status=status,
        in_district=employed and any(h.workplace_in_district and h.insured for h in on_ref),
        insured_6=insured[6],
        insured_12=insured[12],
        insured_24=insured[24],
        studying_while_employed=studying_while_employed,
        settled=settled,
    )


def graduate_facts(record: GraduateRecord, today: dt.date | None = None) -> rates.Graduate:
    """`facts_of` one record (uses the rows `_records` prefetched)."""
    hires = [
        HireFacts(
            h.start_date,
            h.end_date,
            h.insured,
            h.workplace_in_district,
            tuple((f.months, f.due_on, f.done_on, f.still_insured) for f in h.follow_ups.all()),
        )
        for h in record.student.hires.all()
    ]
    return facts_of(
        status=record.status,
        graduation_year=record.graduation_year,
        hires=hires,
        studying_while_employed=any(s.while_employed for s in record.student.further_studies.all()),
        settled=bool(list(record.student.settlement_participations.all())),
        today=timezone.localdate() if today is None else today,
    )


def _facts_in_bulk(qs: QuerySet) -> list[tuple[int, int, int, rates.Graduate]]:
    """(graduation year, district id, school id, facts) of every record of `qs`,
    read as plain values in five queries (no model objects: the national
    roll-up reads every district's graduates)."""
    students = qs.values("student_id")
    follow_ups: dict[int, list] = {}
    for hire_id, *rest in FollowUp.objects.filter(hire__student_id__in=students).values_list(
        "hire_id", "months", "due_on", "done_on", "still_insured"
    ):
        follow_ups.setdefault(hire_id, []).append(tuple(rest))
    hires: dict[int, list[HireFacts]] = {}
    for pk, student_id, *values in Hire.objects.filter(student_id__in=students).values_list(
        "pk", "student_id", "start_date", "end_date", "insured", "workplace_in_district"
    ):
        hires.setdefault(student_id, []).append(
            HireFacts(*values, follow_ups=tuple(follow_ups.get(pk, ())))
        )
    studying = set(
        FurtherStudy.objects.filter(student_id__in=students, while_employed=True).values_list(
            "student_id", flat=True
        )
    )
    settled = set(
        Participation.objects.filter(student_id__in=students).values_list("student_id", flat=True)
    )
    today = timezone.localdate()
    return [
        (
            year,
            district_id,
            school_id,
            facts_of(
                status=status,
                graduation_year=year,
                hires=hires.get(student_id, []),
                studying_while_employed=student_id in studying,
                settled=student_id in settled,
                today=today,
            ),
        )
        for student_id, year, status, district_id, school_id in qs.values_list(
            "student_id", "graduation_year", "status", "district_id", "school_id"
        ).iterator(chunk_size=2000)
    ]


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
    groups: dict[tuple[int, int | None], list[rates.Graduate]] = {}
    for year, district_id, school_id, facts in _facts_in_bulk(qs):
        groups.setdefault((year, None), []).append(facts)
        if by_district or per_school:
            groups.setdefault((year, district_id if by_district else school_id), []).append(facts)
    part_model = District if by_district else Organisation
    parts = part_model.objects.in_bulk({k for _y, k in groups if k})
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
        .filter(grade=GRADUATING_GRADE)
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


def district_year_figures(district_ids: Any, years: Any) -> dict[tuple[int, int], rates.Figures]:
    """(district id, graduation year) → the figures of every graduate of the
    district that year: the dashboard's district total row (`dashboard_table`),
    for many districts and years in the same five queries (the evaluation's
    measures, outcomes/indicators.py)."""
    qs = GraduateRecord.objects.filter(district_id__in=district_ids, graduation_year__in=years)
    groups: dict[tuple[int, int], list[rates.Graduate]] = {}
    for year, district_id, _school_id, facts in _facts_in_bulk(qs):
        groups.setdefault((district_id, year), []).append(facts)
    return {key: rates.figures(items) for key, items in groups.items()}


def settlement_participants(district_ids: Any, years: Any) -> dict[tuple[int, int], int]:
    """(district id, year) → the persons taking part in a settlement programme
    of the district in the year: joined on or before 31 December, in a
    programme that started by then and had not ended before 1 January. A
    person in two programmes counts once. One query."""
    first, last = min(years), max(years)
    rows = Participation.objects.filter(
        programme__district_id__in=district_ids,
        joined_on__lte=dt.date(last, 12, 31),
        programme__starts_on__lte=dt.date(last, 12, 31),
    ).exclude(programme__ends_on__lt=dt.date(first, 1, 1))
    people: dict[tuple[int, int], set[int]] = {}
    for district_id, student_id, joined, starts, ends in rows.values_list(
        "programme__district_id",
        "student_id",
        "joined_on",
        "programme__starts_on",
        "programme__ends_on",
    ):
        for year in years:
            begin, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            if joined <= end and starts <= end and (ends is None or ends >= begin):
                people.setdefault((district_id, year), set()).add(student_id)
    return {key: len(ids) for key, ids in people.items()}
