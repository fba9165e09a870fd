"""Invented placement slots for the Ansan demo: field-training and job slots of
the demo companies, standard agreements (표준협약서) with the demo schools,
company eligibility and two minors' night-work authorisations. All sample data.

Chosen so that the rules bite somewhere (docs/placements.md):

* (주)반월로보틱스 (the `company` login) has agreements with every school but
  the last one: its training slots show "no standard agreement" for that school;
* 스마트허브정밀's agreement with the first school has ended (last school year);
* 푸른산업로봇 is not an eligible company (tier "none"): its training slot is
  refused for everybody;
* a few job slots run at night, on holidays or with hazardous duties, so
  minors are refused there; two minors hold a night-work authorisation;
* every slot takes applications until the open second round's deadline (14
  days from the day the demo is loaded) and runs in the next summer or winter
  vacation after that (training three or four weeks, a job's first three months).

Idempotent (slots keyed on company and title, agreements on company, school,
slot and period start, eligibility on company, authorisations on student and
slot) and deterministic (no random values; dates follow the school year). Call
after `load_ansan()` (and `load_ansan_competencies()` for the required units,
`load_ansan_students()` for the authorisations).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple, TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.competencies.models import CompetencyUnit
from mujigae.core.models import District
from mujigae.demo.ansan import COMPANIES, COMPANY_USER_ORG, DISTRICT, SCHOOLS
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    StandardAgreement,
    Tier,
)
from mujigae.students.forms import current_school_year
from mujigae.students.models import Student

FT, JOB = "field_training", "job"
FIELD_TRAINING_PAY = 800_000  # won a month: the sample companies' 현장실습 수당
NOT_ELIGIBLE = "푸른산업로봇"
EXPIRED_PAIR = ("스마트허브정밀", 0)  # company, index of the school in SCHOOLS
MISSING_PAIR = (COMPANY_USER_ORG, len(SCHOOLS) - 1)
NIGHT_JOB = ("시화오토메이션(주)", "설비 야간 운전원")

ROBOT_UNITS = ("1903060101_17v1", "1903060102_17v1")
VISION_UNITS = ("1903060302_17v1", "1903060303_17v1")
PLC_UNITS = ("1903080101_17v1", "1903080102_17v1")


class SlotSpec(NamedTuple):
    company: str
    kind: str
    title: str
    duties: str
    hours: tuple[str, str]  # start, end ("HH:MM")
    daily: int
    weekly: int
    pay: int
    capacity: int
    units: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    holidays: bool = False
    hazardous: tuple[str, ...] = ()
    extension: bool = False


DAY = ("09:00", "17:00")  # 7 h of work and a break
# fmt: off
SLOTS: list[SlotSpec] = [
    SlotSpec(COMPANY_USER_ORG, FT, "협동로봇 셀 정비 현장실습", "협동로봇 셀 일상 점검과 정비 보조", DAY, 7, 35, 0, 3, ROBOT_UNITS),
    SlotSpec(COMPANY_USER_ORG, FT, "로봇 티칭 현장실습", "로봇 티칭 펜던트 실습, 작업 프로그램 검증 보조", DAY, 7, 35, 0, 2, ROBOT_UNITS),
    SlotSpec(COMPANY_USER_ORG, JOB, "협동로봇 유지보수 기술직", "고객사 협동로봇 유지보수", ("08:30", "17:30"), 8, 40, 2_600_000, 2, ROBOT_UNITS, ("생산자동화기능사",)),
    SlotSpec("시화오토메이션(주)", FT, "자동화 설비 조립 현장실습", "자동화 설비 조립 보조", DAY, 7, 35, 0, 4, PLC_UNITS),
    SlotSpec("시화오토메이션(주)", JOB, "설비 야간 운전원", "자동화 라인 야간 운전·점검", ("22:00", "05:00"), 7, 35, 2_700_000, 2, PLC_UNITS),
    SlotSpec("시화오토메이션(주)", JOB, "PLC 제어 기술직", "PLC 프로그램 유지보수", ("08:30", "17:30"), 8, 40, 2_700_000, 1, PLC_UNITS, ("전기기능사",)),
    SlotSpec("스마트허브정밀", FT, "CNC 가공 현장실습", "CNC 선반 가공 보조, 측정", DAY, 7, 35, 0, 3, (), ("컴퓨터응용선반기능사",)),
    SlotSpec("스마트허브정밀", JOB, "CNC 가공원", "CNC 선반·밀링 가공", ("08:00", "17:00"), 8, 40, 2_500_000, 2, (), ("컴퓨터응용선반기능사",)),
    SlotSpec("(주)한빛비전AI", FT, "비전 검사 현장실습", "비전 검사 데이터 라벨링과 장비 세팅 보조", DAY, 7, 35, 0, 2, VISION_UNITS),
    SlotSpec("(주)한빛비전AI", JOB, "머신비전 검사원", "비전 검사 장비 운영", ("09:00", "18:00"), 8, 40, 2_800_000, 2, VISION_UNITS, ("정보처리기능사",)),
    SlotSpec("대성정밀기계", FT, "정밀 기계 가공 현장실습", "범용 밀링 가공 보조", DAY, 7, 35, 0, 2),
    SlotSpec("대성정밀기계", JOB, "주말 정밀 가공원", "주말·휴일 라인 가공", ("08:00", "16:00"), 7, 35, 2_400_000, 1, (), (), True),
    SlotSpec("누리스마트팩토리(주)", FT, "MES 데이터 현장실습", "MES 데이터 입력·점검", DAY, 7, 35, 0, 2),
    SlotSpec("누리스마트팩토리(주)", JOB, "스마트팩토리 구축 보조", "MES 설치 현장 지원", ("09:00", "18:00"), 8, 40, 2_600_000, 2),
    SlotSpec("고잔모션테크", FT, "모션 제어기 시험 현장실습", "서보모터 시험 보조", DAY, 7, 35, 0, 2, ROBOT_UNITS),
    SlotSpec("고잔모션테크", JOB, "모션 제어기 조립원", "제어기 조립·검사", ("08:30", "17:30"), 8, 40, 2_500_000, 3),
    SlotSpec("(주)성곡협동로봇", FT, "협동로봇 응용 현장실습", "그리퍼 교체와 응용 프로그램 시험 보조", DAY, 7, 35, 0, 2, ROBOT_UNITS),
    SlotSpec("(주)성곡협동로봇", JOB, "로봇 설치 기술직", "고객사 협동로봇 설치", ("09:00", "18:00"), 8, 40, 2_700_000, 1, ROBOT_UNITS, ("생산자동화기능사",)),
    SlotSpec("원시정밀가공", FT, "금형 가공 현장실습", "금형 부품 가공 보조", DAY, 7, 35, 0, 2),
    SlotSpec("원시정밀가공", JOB, "소각로 운전 보조", "가공 부산물 소각 설비 운전", ("08:00", "16:00"), 7, 35, 2_500_000, 1, (), (), False, ("incineration_or_slaughter",)),
    SlotSpec("초지메카트로닉스", FT, "메카트로닉스 모듈 현장실습", "모듈 배선·시험 보조", ("09:00", "18:00"), 8, 40, 0, 2, PLC_UNITS, (), False, (), True),
    SlotSpec("초지메카트로닉스", JOB, "설비 보전원", "설비 예방정비", ("08:00", "17:00"), 8, 40, 2_600_000, 2, PLC_UNITS),
    SlotSpec("(주)해솔AI비전", FT, "불량 검출 모델 현장실습", "불량 이미지 수집·분류 보조", DAY, 7, 35, 0, 2, VISION_UNITS),
    SlotSpec("(주)해솔AI비전", JOB, "비전 야간 모니터링원", "야간 검사 라인 모니터링", ("18:00", "23:00"), 5, 25, 1_600_000, 2, VISION_UNITS),
    SlotSpec("새솔자동화", FT, "조립 자동화 라인 현장실습", "조립 라인 점검 보조", DAY, 7, 35, 0, 3),
    SlotSpec("새솔자동화", JOB, "지게차 운반원", "자재 운반(지게차)", ("08:00", "17:00"), 8, 40, 2_500_000, 1, (), ("지게차운전기능사",), False, ("licensed_driving",)),
    SlotSpec("다온로봇시스템(주)", FT, "AMR 운영 현장실습", "물류 로봇 운영 모니터링 보조", DAY, 7, 35, 0, 2, ROBOT_UNITS),
    SlotSpec("다온로봇시스템(주)", JOB, "AMR 유지보수 기술직", "물류 로봇 유지보수", ("09:00", "18:00"), 8, 40, 2_700_000, 2, ROBOT_UNITS),
    SlotSpec(NOT_ELIGIBLE, FT, "용접 로봇 현장실습", "용접 로봇 셀 점검 보조", DAY, 7, 35, 0, 2, ROBOT_UNITS),
    SlotSpec(NOT_ELIGIBLE, JOB, "도장 로봇 유류 관리원", "도장 라인 유류·도료 취급", ("08:00", "17:00"), 8, 40, 2_600_000, 1, (), (), False, ("oil_handling",)),
    SlotSpec("한결정밀", FT, "선반 가공 현장실습", "선반 가공 보조", DAY, 7, 35, 0, 2, (), ("컴퓨터응용선반기능사",)),
    SlotSpec("한결정밀", JOB, "정밀 부품 검사원", "부품 치수 검사", ("08:30", "17:30"), 8, 40, 2_400_000, 2),
]
# fmt: on


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _time(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


# Students may rank every demo slot until the open second round's deadline
# (demo/rounds.py: 14 days from the day the demo is loaded).
APPLY_DAYS = 14


def slot_period(index: int, kind: str, apply_by: dt.date) -> tuple[dt.date, dt.date]:
    """A training (job: first working) period in the first school vacation that
    starts at least three weeks after the last day to apply: summer from 21
    July, winter from 5 January. Training lasts three or four weeks (by the
    slot's place in the list), a job's first period three months."""
    year = apply_by.year
    starts = [dt.date(year, 7, 21), dt.date(year + 1, 1, 5), dt.date(year + 1, 7, 21)]
    start = next(d for d in starts if d >= apply_by + dt.timedelta(days=21))
    days = (21 if index % 2 else 28) if kind == FT else 91
    return start, start + dt.timedelta(days=days - 1)


def _dates(year: int) -> dict[str, dt.date]:
    """This school year (March to February) and the last one. Signed and
    inspected on 2 March: on or before any day of the school year."""
    day = dt.timedelta(days=1)
    return {
        "signed": dt.date(year, 3, 2),
        "start": dt.date(year, 3, 2),
        "end": dt.date(year + 1, 3, 1) - day,  # the last day of February
        "last_signed": dt.date(year - 1, 3, 2),
        "last_start": dt.date(year - 1, 3, 2),
        "last_end": dt.date(year, 3, 1) - day,
    }


@transaction.atomic
def load_ansan_placements(out: TextIO | None = None) -> dict[str, Any]:
    """Create or refresh the demo slots, agreements, eligibility and
    authorisations; returns how many of each there are."""
    district = District.objects.filter(code=DISTRICT["code"]).first()
    counts = {"slots": 0, "agreements": 0, "eligibility": 0, "exceptions": 0}
    if district is None:
        _write(out, "placements: the Ansan district is not loaded (run load_ansan first); skipped")
        return counts
    orgs = {
        o.name: o
        for o in Organisation.objects.filter(
            district=district, kind__in=[OrgKind.COMPANY, OrgKind.SCHOOL]
        )
    }
    units = {u.code: u for u in CompetencyUnit.objects.all().only("pk", "code")}
    year = current_school_year()
    dates = _dates(year)
    apply_by = timezone.localdate() + dt.timedelta(days=APPLY_DAYS)
    slots: dict[tuple[str, str], Slot] = {}
    for index, spec in enumerate(SLOTS):
        period_start, period_end = slot_period(index, spec.kind, apply_by)
        company = orgs.get(spec.company)
        if company is None:
            _write(out, f"placements: no company {spec.company}; slot {spec.title} skipped")
            continue
        slot, _ = Slot.objects.update_or_create(
            company=company,
            title=spec.title,
            defaults={
                "district": district,
                "kind": spec.kind,
                "duties": spec.duties,
                "location": next((c.area for c in COMPANIES if c.name == spec.company), ""),
                "daily_hours": Decimal(spec.daily),
                "weekly_hours": Decimal(spec.weekly),
                "hours_extension_agreed": spec.extension,
                "start_time": _time(spec.hours[0]),
                "end_time": _time(spec.hours[1]),
                "works_holidays": spec.holidays,
                "hazardous_duties": list(spec.hazardous),
                # field training is paid too (현장실습 수당): a monthly allowance
                "pay": spec.pay or (FIELD_TRAINING_PAY if spec.kind == FT else 0),
                "capacity": spec.capacity,
                "period_start": period_start,
                "period_end": period_end,
                "apply_by": apply_by,
                "required_certificates": list(spec.certificates),
                "status": "open",
                "is_sample": True,
            },
        )
        slot.required_units.set([units[c] for c in spec.units if c in units])
        slots[(spec.company, spec.title)] = slot
    counts["slots"] = len(slots)

    # Eligibility: every company with a slot; one is not eligible.
    with_slots = sorted({company for company, _title in slots})
    for i, name in enumerate(with_slots):
        eligible = name != NOT_ELIGIBLE
        CompanyEligibility.objects.update_or_create(
            district=district,
            company=orgs[name],
            defaults={
                "tier": (Tier.LEADING if i % 3 == 0 else Tier.PARTICIPATING)
                if eligible
                else Tier.NONE,
                "inspected_on": dates["signed"] if eligible else None,
                "valid_until": dates["end"] if eligible else None,
                "note": "" if eligible else "현장점검 전(예시)",
                "is_sample": True,
            },
        )
        counts["eligibility"] += 1

    # Agreements: every company with training slots × every school, company-wide
    # (slot empty); one pair missing, one ended last school year.
    trainers = sorted({company for (company, _t), s in slots.items() if s.kind == FT})
    for name in trainers:
        for index, school_spec in enumerate(SCHOOLS):
            school = orgs.get(school_spec.name)
            if school is None or (name, index) == MISSING_PAIR:
                continue
            expired = (name, index) == EXPIRED_PAIR
            prefix = "last_" if expired else ""
            StandardAgreement.objects.update_or_create(
                company=orgs[name],
                school=school,
                slot=None,
                period_start=dates[f"{prefix}start"],
                defaults={
                    "district": district,
                    "signed_on": dates[f"{prefix}signed"],
                    "period_end": dates[f"{prefix}end"],
                    "supervisor": "현장 지도교사(예시)",
                    "allowance": 600_000,
                    "safety_training_done": True,
                    "is_sample": True,
                },
            )
            counts["agreements"] += 1

    # Two second-graders of the first school may work the night job.
    night = slots.get(NIGHT_JOB)
    first_school = orgs.get(SCHOOLS[0].name)
    if night is not None and first_school is not None:
        minors = Student.objects.filter(
            school=first_school, school_year=year, grade=2, class_no=1, number__in=(1, 2)
        ).order_by("number")
        for number, student in enumerate(minors, start=1):
            MinorWorkException.objects.update_or_create(
                student=student,
                slot=night,
                defaults={
                    "district": district,
                    "consent_on": dt.date(year, 4, 1),
                    "authorised_on": dt.date(year, 4, 20),
                    "authorisation_ref": f"안산지청-{year}-{number:03d}(예시)",
                    "is_sample": True,
                },
            )
            counts["exceptions"] += 1
    _write(
        out,
        "placements: {slots} sample slots, {agreements} standard agreements, "
        "{eligibility} eligibility decisions, {exceptions} night-work authorisations".format(
            **counts
        ),
    )
    return counts
