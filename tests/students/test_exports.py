"""The student list export cannot be turned against the coordinator who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook
from tests.students.factories import StudentFactory, download, give_purpose

pytestmark = pytest.mark.django_db


def test_a_formula_typed_by_the_school_is_text_in_the_export(world, client_for):
    student = StudentFactory(school=world.school, number=1, name="홍길동")
    school = client_for("school")
    give_purpose(school, student)
    response = school.post(
        reverse("students:student_edit", args=[student.pk]),
        {
            "name": "홍길동",
            "birth_date": "2008-03-05",
            "grade": 3,
            "class_no": 1,
            "number": 1,
            "major": FORMULA,
            "phone": "",
            "email": "",
            "certificates": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    wb = workbook(download(client_for("coordinator"), reverse("students:student_list_export")))
    assert_neutralised(wb)


def test_a_control_character_stored_earlier_does_not_break_the_export(world, client_for):
    StudentFactory(school=world.school, number=1, name="홍길동", major=BELL)
    wb = workbook(download(client_for("school"), reverse("students:student_list_export")))
    assert BELL_CLEAN in texts(wb)
    assert "홍*동" in texts(wb)  # still masked
