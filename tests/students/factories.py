"""Factories for students (personal data: invented names only)."""

from __future__ import annotations

import datetime as dt

import factory

from mujigae.students.models import Consent, Student


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student
        skip_postgeneration_save = True

    school = None  # pass the school organisation
    district = factory.SelfAttribute("school.district")
    school_year = 2025
    grade = 3
    class_no = 1
    number = factory.Sequence(lambda n: n % 90 + 1)
    name = "홍길동"
    birth_date = dt.date(2008, 3, 5)
    major = "로봇제어과"
    phone = "010-1234-5678"
    email = "gildong@example.com"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    student = None
    purpose = "processing"
    version = "2025-1"
    given_at = dt.date(2025, 3, 4)


def give_purpose(client, student, purpose="records", note=""):
    """Open `student`'s record with a purpose (the POSTed purpose step): the
    record's page, and a grant that covers the edit and consent pages."""
    from django.urls import reverse

    return client.post(
        reverse("students:student_detail", args=[student.pk]),
        {"step": "purpose", "purpose": purpose, "note": note},
    )


def download(client, url, purpose="records", note="", **fields):
    """A download that asks its reason: POST the reason (and the list's filters)."""
    return client.post(url, {"purpose": purpose, "note": note, **fields})
