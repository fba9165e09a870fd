"""Invented graduates' outcomes for the Ansan demo (issue 5.5).

The demo students (`demo/students.py`) are all of the current school year, so
this loader adds its own graduates: 8 third-year students per demo school for
each of the two previous school years (graduation in February of the next
year), marked as sample data, with their status on 1 April, hires at the demo
companies (a few outside the district), further study (some while employed),
follow-ups (done when their due date has passed, except a few left for the work
list), and three settlement programmes with participants.

Idempotent and deterministic (a fixed seed; the sample outcome rows of the
district are rebuilt on each run). Call after `load_ansan()`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.core.models import District
from mujigae.demo.ansan import DISTRICT, SCHOOLS
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
from mujigae.students.forms import current_school_year
from mujigae.students.models import Consent, ConsentPurpose, Student

SEED = 20250401
PER_SCHOOL = 8
SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오"]
GIVEN = [
    "하람",
    "다인",
    "서진",
    "지우",
    "태오",
    "유나",
    "민재",
    "소윤",
    "건우",
    "채원",
    "도윤",
    "예린",
]
STATUS_WEIGHTS = [
    ("employed", 55),
    ("further_study", 20),
    ("military", 8),
    ("excluded", 4),
    ("not_employed", 13),
]
CONTRACTS = ["permanent", "permanent", "permanent", "fixed_term", "dispatched"]
UNIVERSITIES = ["한양대학교 ERICA", "안산대학교", "신안산대학교", "한국공학대학교"]
OUTSIDE = ["서울 소재 전자회사", "화성 소재 자동차 부품사", "평택 소재 반도체 장비사"]
PROGRAMMES = [
    ("청년 보금자리 주거 지원", "housing", OrgKind.CITY),
    ("선배 기술인 멘토링", "mentoring", OrgKind.CHAMBER),
    ("청년 내일 정착 지원", "youth_support", OrgKind.EMPLOYMENT_CENTRE),
]


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _status(rng: random.Random) -> str:
    pick = rng.randint(1, sum(w for _, w in STATUS_WEIGHTS))
    for status, weight in STATUS_WEIGHTS:
        pick -= weight
        if pick <= 0:
            return status
    return "not_employed"


@transaction.atomic
def load_ansan_outcomes(out: TextIO | None = None) -> dict:
    """Create or refresh the demo outcomes; returns how many rows of each kind."""
    district = District.objects.get(code=DISTRICT["code"])
    today = timezone.localdate()
    rng = random.Random(SEED)
    year = current_school_year()
    # Rebuild: the sample outcome rows of the district (follow-ups go with their hires).
    Participation.objects.filter(programme__district=district, is_sample=True).delete()
    SettlementProgramme.objects.filter(district=district, is_sample=True).delete()
    Hire.objects.filter(district=district, is_sample=True).delete()
    FurtherStudy.objects.filter(district=district, is_sample=True).delete()
    GraduateRecord.objects.filter(district=district, is_sample=True).delete()

    companies = list(
        Organisation.objects.filter(district=district, kind=OrgKind.COMPANY).order_by("name")
    )
    counts = {"graduates": 0, "hires": 0, "further_study": 0, "follow_ups_done": 0}
    employed_here: list[tuple[Student, dt.date]] = []
    for spec in SCHOOLS:
        school = Organisation.objects.filter(district=district, name=spec.name).first()
        if school is None:
            continue
        for school_year in (year - 2, year - 1):
            graduation = school_year + 1
            ref = dt.date(graduation, 4, 1)
            for number in range(1, PER_SCHOOL + 1):
                student, _ = Student.objects.update_or_create(
                    school=school,
                    school_year=school_year,
                    grade=3,
                    class_no=1,
                    number=number,
                    defaults={
                        "district": district,
                        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                        "birth_date": dt.date(
                            school_year - 18, rng.randint(3, 12), rng.randint(1, 28)
                        ),
                        "phone": f"010-0000-{rng.randint(0, 9999):04d}",
                        "is_sample": True,
                    },
                )
                consents = [ConsentPurpose.PROCESSING]
                if number < PER_SCHOOL:  # the last of each class: no follow-up consent
                    consents.append(ConsentPurpose.FOLLOW_UP)
                for purpose in consents:
                    Consent.objects.get_or_create(
                        student=student,
                        purpose=purpose,
                        version=f"{school_year}-1",
                        defaults={"given_at": dt.date(school_year, 3, 4), "recorded_by": "demo"},
                    )
                status = _status(rng)
                GraduateRecord.objects.create(
                    district=district,
                    school=school,
                    student=student,
                    graduation_year=graduation,
                    status=status,
                    exclusion_reason="장기 입원" if status == "excluded" else "",
                    is_sample=True,
                )
                counts["graduates"] += 1
                if status == "employed":
                    inside = rng.random() < 0.8 and companies
                    start = dt.date(graduation, rng.randint(1, 3), rng.randint(1, 28))
                    hire = Hire.objects.create(
                        district=district,
                        student=student,
                        company=rng.choice(companies) if inside else None,
                        company_name="" if inside else rng.choice(OUTSIDE),
                        workplace_in_district=bool(inside),
                        start_date=start,
                        contract_type=rng.choice(CONTRACTS),
                        insured=True,
                        is_sample=True,
                    )
                    counts["hires"] += 1
                    consented = number < PER_SCHOOL
                    still = True
                    for months in FOLLOW_UP_MONTHS:
                        due = add_months(start, months)
                        # the latest due one of every third graduate is left for the work list
                        done = (
                            consented
                            and due <= today
                            and not (number % 3 == 0 and add_months(due, 6) > today)
                        )
                        still = still and rng.random() < 0.88
                        FollowUp.objects.create(
                            district=district,
                            hire=hire,
                            months=months,
                            due_on=due,
                            done_on=due + dt.timedelta(days=rng.randint(0, 20)) if done else None,
                            still_employed=still if done else None,
                            still_insured=still if done else None,
                            in_district=(still and bool(inside)) if done else None,
                            is_sample=True,
                        )
                        counts["follow_ups_done"] += int(done)
                    if inside:
                        employed_here.append((student, ref))
                    if rng.random() < 0.12:
                        FurtherStudy.objects.create(
                            district=district,
                            student=student,
                            institution=rng.choice(UNIVERSITIES),
                            programme="야간 재직자 과정",
                            start_date=dt.date(graduation + 1, 3, 2),
                            while_employed=True,
                            is_sample=True,
                        )
                        counts["further_study"] += 1
                elif status == "further_study":
                    FurtherStudy.objects.create(
                        district=district,
                        student=student,
                        institution=rng.choice(UNIVERSITIES),
                        start_date=dt.date(graduation, 3, 2),
                        is_sample=True,
                    )
                    counts["further_study"] += 1

    programmes = []
    for name, kind, provider_kind in PROGRAMMES:
        provider = (
            Organisation.objects.filter(district=district, kind=provider_kind)
            .order_by("pk")
            .first()
        )
        programmes.append(
            SettlementProgramme.objects.create(
                district=district,
                name=name,
                kind=kind,
                provider=provider,
                starts_on=dt.date(year - 1, 3, 1),
                ends_on=dt.date(year + 1, 2, 28),
                description="시연용 예시 사업입니다.",
                is_sample=True,
            )
        )
    participations = 0
    for student, ref in employed_here:
        if rng.random() < 0.35:
            programme = programmes[rng.randrange(len(programmes))]
            joined = max(ref, programme.starts_on) + dt.timedelta(days=rng.randint(0, 60))
            Participation.objects.create(
                programme=programme,
                student=student,
                joined_on=min(joined, today),
                is_sample=True,
            )
            participations += 1
    counts["programmes"] = len(programmes)
    counts["participations"] = participations
    _write(
        out,
        "outcomes: {graduates} sample graduates, {hires} hires, {further_study} further study, "
        "{programmes} settlement programmes, {participations} participants".format(**counts),
    )
    return counts
