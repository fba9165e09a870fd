"""The Ansan placements demo: sample rows, idempotent, deterministic, and the
rules bite where the module docstring says."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from mujigae.demo.ansan import COMPANY_USER_ORG, SCHOOLS, load_ansan
from mujigae.demo.competencies import load_ansan_competencies
from mujigae.demo.placements import NOT_ELIGIBLE, load_ansan_placements
from mujigae.demo.students import load_ansan_students
from mujigae.placements import rules, services
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    StandardAgreement,
)
from mujigae.students.models import Student


def _state():
    return (
        sorted(
            Slot.objects.values_list("company__name", "title", "kind", "start_time", "capacity")
        ),
        sorted(
            StandardAgreement.objects.values_list(
                "company__name", "school__name", "period_start", "period_end"
            )
        ),
        sorted(CompanyEligibility.objects.values_list("company__name", "tier", "valid_until")),
        sorted(MinorWorkException.objects.values_list("student_id", "slot_id", "authorised_on")),
    )


@pytest.mark.django_db
def test_demo_placements_are_sample_idempotent_and_the_rules_bite():
    load_ansan()
    load_ansan_competencies()
    load_ansan_students()
    out = StringIO()
    counts = load_ansan_placements(out=out)
    assert 25 <= counts["slots"] <= 40
    assert counts["exceptions"] == 2 and "placements:" in out.getvalue()
    first = _state()
    assert load_ansan_placements() == counts
    assert _state() == first  # idempotent and deterministic
    for model in (Slot, StandardAgreement, CompanyEligibility, MinorWorkException):
        assert not model.objects.filter(is_sample=False).exists(), model
    assert (
        Slot.objects.filter(kind="job").exists()
        and Slot.objects.filter(kind="field_training").exists()
    )
    assert Slot.objects.exclude(required_units=None).exists()
    not_eligible = CompanyEligibility.objects.get(company__name=NOT_ELIGIBLE)
    assert not_eligible.tier == "none"

    today = timezone.localdate()
    schools = list(Student.objects.filter(grade=3, number=1).order_by("school__name"))
    assert len(schools) == len(SCHOOLS)
    students = services.student_facts(schools)
    training = services.slot_facts(Slot.objects.filter(kind="field_training"))
    by_slot = {s.pk: s for s in Slot.objects.select_related("company")}
    codes: dict[str, set[str]] = {}
    for st in students:
        for sl in training:
            for r in rules.unacceptable_reasons(st, sl, on=today):
                codes.setdefault(r.code, set()).add(by_slot[sl.id].company.name)
    # one company without an agreement with one school, one with an ended one
    assert COMPANY_USER_ORG in codes["no_standard_agreement"]
    assert "스마트허브정밀" in codes["no_standard_agreement"]
    assert codes["company_not_eligible"] == {NOT_ELIGIBLE}
    # most training pairs are acceptable
    ok = sum(
        1 for st in students for sl in training if not rules.unacceptable_reasons(st, sl, on=today)
    )
    assert ok > len(students) * len(training) // 2
    # minors are refused the night job unless authorised
    night = Slot.objects.get(title="설비 야간 운전원")
    authorised = {e.student_id for e in MinorWorkException.objects.filter(slot=night)}
    facts = services.slot_facts([night])[0]
    for st in services.student_facts(Student.objects.filter(pk__in=authorised)):
        assert rules.age_on(st.birth_date, today) < 18
        assert not rules.unacceptable_reasons(st, facts, on=today)


@pytest.mark.django_db
def test_demo_pages_open_for_every_role(client):
    from django.urls import reverse

    from mujigae.core.models import User

    load_ansan()
    load_ansan_competencies()
    load_ansan_students()
    load_ansan_placements()
    night = Slot.objects.get(title="설비 야간 운전원")
    pages = {
        "coordinator": [
            "placements:slot_list",
            "placements:slot_export",
            "placements:agreement_list",
            "placements:eligibility_list",
            "placements:exception_list",
            "placements:pair_check",
            "placements:exception_create",
            "placements:agreement_create",
        ],
        "school": ["placements:slot_list", "placements:agreement_list", "placements:pair_check"],
        "company": [
            "placements:slot_list",
            "placements:eligibility_list",
            "placements:slot_create",
        ],
        "student": ["placements:slot_list"],
    }
    for username, names in pages.items():
        client.force_login(User.objects.get(username=username))
        for name in names:
            assert client.get(reverse(name)).status_code == 200, (username, name)
        if username != "company":
            detail = client.get(reverse("placements:slot_detail", args=[night.pk]))
            assert detail.status_code == 200, username
    client.force_login(User.objects.get(username="coordinator"))
    student = MinorWorkException.objects.filter(slot=night).first().student
    page = client.get(reverse("placements:pair_check"), {"student": student.pk, "slot": night.pk})
    assert 'data-testid="acceptable"' in page.content.decode()
    mine = Slot.objects.filter(company__name=COMPANY_USER_ORG, kind="field_training").first()
    client.force_login(User.objects.get(username="company"))
    page = client.get(reverse("placements:slot_detail", args=[mine.pk])).content.decode()
    assert 'data-code="no_standard_agreement"' in page and SCHOOLS[-1].name in page
