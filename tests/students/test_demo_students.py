"""The demo students: invented, marked as sample, idempotent, deterministic."""

from __future__ import annotations

from io import StringIO

import pytest

from mujigae.demo.ansan import SCHOOL_USER_ORG, SCHOOLS, load_ansan
from mujigae.demo.students import load_ansan_students
from mujigae.students.models import Consent, Student


@pytest.mark.django_db
def test_demo_students_are_sample_idempotent_and_linked_to_the_student_login():
    load_ansan()
    out = StringIO()
    assert load_ansan_students(out=out) == 30 * len(SCHOOLS)
    first = sorted(Student.objects.values_list("school__name", "grade", "number", "name"))
    load_ansan_students()
    again = sorted(Student.objects.values_list("school__name", "grade", "number", "name"))
    assert first == again and len(again) == 30 * len(SCHOOLS)
    assert not Student.objects.filter(is_sample=False).exists()
    assert Consent.objects.filter(purpose="processing").count() == Student.objects.count()
    # third-graders share with companies and are followed up, the last of each class not
    schools = len(SCHOOLS)
    assert Consent.objects.filter(purpose="placement").count() == 9 * schools
    assert Consent.objects.filter(purpose="follow_up").count() == 8 * schools
    assert not Consent.objects.filter(purpose="placement", student__number=10).exists()
    assert not Student.objects.exclude(phone__startswith="010-0000-").exists()
    mine = Student.objects.get(user__username="student")
    assert mine.school.name == SCHOOL_USER_ORG and mine.grade == 3
    assert "180" in out.getvalue()
