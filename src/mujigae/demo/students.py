"""Invented students for the Ansan demo: 30 per demo school (grades 1-3, ten
each), all marked as sample data. Third-graders consent to placement (all but
number 10) and follow-up (all but 9 and 10). Names are made up from a fixed pool, phone
numbers use the unassigned 010-0000-xxxx range, e-mails example.com.

Idempotent (a student is keyed on school, school year, grade, class, number)
and deterministic (a fixed seed). The `student` demo login is linked to the
first third-grader of its school. Call after `load_ansan()` (and, to link
completed modules, after `load_ansan_curriculum()`).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction

from mujigae.core.models import District, Role, User
from mujigae.curriculum.models import Module
from mujigae.demo.ansan import DISTRICT, SCHOOLS
from mujigae.partners.models import Organisation
from mujigae.students.forms import current_school_year
from mujigae.students.models import Consent, ConsentPurpose, Student

SEED = 20250808
PER_GRADE = 10
STUDENT_LOGIN = "student"

SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신"]
GIVEN = [
    "하늘", "바다", "나래", "누리", "솔빛", "가람", "다온", "라온", "보람", "새봄",
    "아름", "여울", "은솔", "이슬", "초롱", "한별", "해솔", "별하", "도담", "시온",
]  # fmt: skip
MAJORS = {
    "school-robot": ["로봇제어과", "협동로봇과"],
    "school-digital": ["스마트팩토리과", "CNC가공과"],
    "school-ai": ["AI비전과", "임베디드소프트웨어과"],
    "school-precision": ["정밀가공과", "금형과"],
    "school-mechatronics": ["메카트로닉스과", "자동화설비과"],
    "school-electronics": ["전자과", "IoT과"],
}
CERTIFICATES = ["전기기능사", "생산자동화기능사", "컴퓨터응용선반기능사", "정보처리기능사"]


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


@transaction.atomic
def load_ansan_students(*, out: TextIO | None = None) -> int:
    """Create or refresh the demo students; returns how many there are."""
    district = District.objects.get(code=DISTRICT["code"])
    year = current_school_year()
    rng = random.Random(SEED)
    login = User.objects.filter(username=STUDENT_LOGIN, role=Role.STUDENT).first()
    total = 0
    for spec in SCHOOLS:
        school = Organisation.objects.filter(district=district, name=spec.name).first()
        if school is None:
            _write(out, f"students: no school {spec.name}; skipped")
            continue
        modules = list(
            Module.objects.filter(programme__provider=school).order_by("programme__name", "order")
        )
        majors = MAJORS.get(spec.key, ["기계과"])
        for grade in (1, 2, 3):
            for number in range(1, PER_GRADE + 1):
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                born = dt.date(year - 15 - grade, rng.randint(3, 12), rng.randint(1, 28))
                certificates = (
                    [rng.choice(CERTIFICATES)] if grade == 3 and rng.random() < 0.6 else []
                )
                student, _ = Student.objects.update_or_create(
                    school=school,
                    school_year=year,
                    grade=grade,
                    class_no=1,
                    number=number,
                    defaults={
                        "district": district,
                        "name": name,
                        "birth_date": born,
                        "major": majors[(number - 1) % len(majors)],
                        "phone": f"010-0000-{rng.randint(0, 9999):04d}",
                        "email": f"student{grade}{number:02d}@example.com",
                        "certificates": certificates,
                        "student_no": f"{grade}01{number:02d}",
                        "is_sample": True,
                    },
                )
                if grade == 3 and modules:
                    student.completed_modules.set(modules[: 1 + number % min(3, len(modules))])
                Consent.objects.get_or_create(
                    student=student,
                    purpose=ConsentPurpose.PROCESSING,
                    version=f"{year}-1",
                    defaults={"given_at": dt.date(year, 3, 4), "recorded_by": "demo"},
                )
                # Third-graders agreed to share their data with companies (field
                # training, hiring) and to be followed up, but for the last ones
                # of the class: the demo shows what happens without a consent.
                for purpose, last in (
                    (ConsentPurpose.PLACEMENT, PER_GRADE - 1),
                    (ConsentPurpose.FOLLOW_UP, PER_GRADE - 2),
                ):
                    if grade == 3 and number <= last:
                        Consent.objects.get_or_create(
                            student=student,
                            purpose=purpose,
                            version=f"{year}-1",
                            defaults={"given_at": dt.date(year, 3, 4), "recorded_by": "demo"},
                        )
                total += 1
        if login is not None and login.organisation_id == school.pk:
            first = Student.objects.get(
                school=school, school_year=year, grade=3, class_no=1, number=1
            )
            Student.objects.filter(user=login).exclude(pk=first.pk).update(user=None)
            if first.user_id != login.pk:
                first.user = login
                first.save(update_fields=["user"])
    _write(out, f"students: {total} sample students in {len(SCHOOLS)} schools")
    return total
