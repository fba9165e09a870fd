"""The demo rounds: a published first round with answers and an open second round."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.utils import timezone

from mujigae.demo.ansan import COMPANY_USER_ORG, load_ansan
from mujigae.demo.rounds import load_ansan_rounds
from mujigae.demo.students import load_ansan_students
from mujigae.partners.models import Organisation, OrgKind
from mujigae.rounds.models import Assignment, Response, Round, RoundStatus
from tests.placements.factories import AgreementFactory, EligibilityFactory, SlotFactory


@pytest.mark.django_db
def test_without_slots_the_loader_says_so():
    load_ansan()
    out = StringIO()
    assert load_ansan_rounds(out=out)["rounds"] == 0
    assert "no open field-training slots" in out.getvalue()
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_demo_rounds_give_every_role_something_to_see():
    district = load_ansan()
    load_ansan_students()
    companies = list(
        Organisation.objects.filter(district=district, kind=OrgKind.COMPANY).order_by("name")[:4]
    )
    own = Organisation.objects.get(district=district, name=COMPANY_USER_ORG)
    if own not in companies:
        companies.append(own)
    schools = Organisation.objects.filter(district=district, kind=OrgKind.SCHOOL)
    for company in companies:
        EligibilityFactory(company=company, valid_until=dt.date(2035, 1, 1))
        for school in schools:
            AgreementFactory(company=company, school=school, period_end=dt.date(2035, 1, 1))
        SlotFactory(company=company, capacity=3, is_sample=True)
    out = StringIO()
    result = load_ansan_rounds(out=out)
    assert result["rounds"] == 2 and result["placed"] > 0
    first, second = Round.objects.order_by("pk")
    assert first.status == RoundStatus.PUBLISHED and first.is_sample
    assert second.status == RoundStatus.OPEN and second.deadline > timezone.now()
    assert second.previous_id == first.pk and second.is_sample
    answers = set(Assignment.objects.filter(round=first).values_list("response", flat=True))
    assert {Response.ACCEPTED, Response.DECLINED} <= answers
    # the company login has applicants; the student login is in a round
    assert first.round_slots.filter(slot__company=own, choices__isnull=False).exists()
    assert Round.objects.filter(entrants__student__user__username="student").exists()
    # idempotent
    assert load_ansan_rounds()["created"] is False
    assert Round.objects.count() == 2
