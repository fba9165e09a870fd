"""Graduates of our school and of another school of the district."""

from __future__ import annotations

import datetime as dt

import pytest

from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.students.factories import ConsentFactory, StudentFactory


@pytest.fixture
def grad(world):
    """A third-year of the school year 2024 (graduated February 2025), with follow-up consent."""
    student = StudentFactory(
        school=world.school,
        school_year=2024,
        number=1,
        name="홍길동",
        birth_date=dt.date(2006, 3, 5),
    )
    ConsentFactory(student=student, purpose="follow_up", given_at=dt.date(2024, 12, 1))
    return student


@pytest.fixture
def other_grad(world):
    school = f.OrganisationFactory(district=world.district, name="다른고", kind=OrgKind.SCHOOL)
    return StudentFactory(
        school=school, school_year=2024, number=1, name="김철수", birth_date=dt.date(2006, 4, 1)
    )
