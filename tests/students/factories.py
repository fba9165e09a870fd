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
