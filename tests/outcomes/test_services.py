"""Writes: bad input gives a Korean message and saves nothing; every write is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.outcomes import services
from mujigae.outcomes.models import (
    FollowUp,
    FurtherStudy,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.students.models import Consent
from tests.students.factories import StudentFactory

HANGUL = __import__("re").compile(r"[\uac00-\ud7a3]")


def korean_error(fn, **kwargs) -> ApplicationError:
    with translation.override("ko"), pytest.raises(ApplicationError) as info:
        fn(**kwargs)
    assert HANGUL.search(info.value.message), info.value.message
    assert 400 <= info.value.status < 500
    return info.value


def coordinator(world):
    return world.users["coordinator"]


def test_graduate_status_is_saved_once_per_year_and_audited(world, grad):
    actor = world.users["school"]
    record = services.graduate_record_save(actor=actor, student=grad, status="employed")
    assert record.graduation_year == 2025
    assert record.reference_date == dt.date(2025, 4, 1)
    again = services.graduate_record_save(actor=actor, student=grad, status="military")
    assert again.pk == record.pk and GraduateRecord.objects.count() == 1
    assert GraduateRecord.objects.get().status == "military"
    entries = AuditEntry.objects.filter(object_type="outcomes.GraduateRecord")
    assert entries.count() == 2
    assert "홍길동" not in " ".join(e.object_repr for e in entries)


def test_excluded_needs_a_reason(world, grad):
    err = korean_error(
        services.graduate_record_save, actor=coordinator(world), student=grad, status="excluded"
    )
    assert "exclusion_reason" in err.field_errors
    assert not GraduateRecord.objects.exists()


def test_only_third_years_graduate(world):
    second = StudentFactory(school=world.school, grade=2, number=5)
    korean_error(
        services.graduate_record_save, actor=coordinator(world), student=second, status="employed"
    )
    assert not GraduateRecord.objects.exists()


def test_a_hire_schedules_three_follow_ups(world, grad):
    hire = services.hire_record(
        actor=world.users["school"],
        student=grad,
        company=world.company,
        start_date=dt.date(2025, 1, 31),
        contract_type="permanent",
    )
    due = dict(FollowUp.objects.filter(hire=hire).values_list("months", "due_on"))
    assert due == {6: dt.date(2025, 7, 31), 12: dt.date(2026, 1, 31), 24: dt.date(2027, 1, 31)}
    assert AuditEntry.objects.filter(object_type="outcomes.Hire").count() == 1


def test_add_months_keeps_the_end_of_month():
    assert services.add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert services.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"company": None, "company_name": ""}, "company"),
        ({"end_date": dt.date(2024, 1, 1)}, "end_date"),
        ({"contract_type": "forever"}, "contract_type"),
        ({"start_date": None}, "start_date"),
        ({"start_date": dt.date(2015, 1, 1)}, "start_date"),
    ],
)
def test_bad_hires_save_nothing(world, grad, change, field):
    kwargs = {
        "actor": world.users["school"],
        "student": grad,
        "company": world.company,
        "start_date": dt.date(2025, 3, 2),
        "contract_type": "permanent",
        **change,
    }
    err = korean_error(services.hire_record, **kwargs)
    assert field in err.field_errors
    assert not Hire.objects.exists() and not FollowUp.objects.exists()


def test_a_company_of_another_district_is_refused(world, grad):
    korean_error(
        services.hire_record,
        actor=coordinator(world),
        student=grad,
        company=world.other_company,
        start_date=dt.date(2025, 3, 2),
        contract_type="permanent",
    )
    assert not Hire.objects.exists()


def test_a_company_outside_the_district_by_name(world, grad):
    hire = services.hire_record(
        actor=coordinator(world),
        student=grad,
        company_name="서울전자",
        workplace_in_district=False,
        start_date=dt.date(2025, 3, 2),
        contract_type="fixed_term",
    )
    assert hire.employer == "서울전자" and not hire.workplace_in_district


def _hire(world, grad):
    return services.hire_record(
        actor=coordinator(world),
        student=grad,
        company=world.company,
        start_date=dt.date(2025, 3, 2),
        contract_type="permanent",
    )


def test_follow_up_needs_consent(world, grad):
    follow_up = _hire(world, grad).follow_ups.get(months=6)
    Consent.objects.filter(student=grad).update(withdrawn_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
    err = korean_error(
        services.follow_up_record,
        actor=coordinator(world),
        follow_up=follow_up,
        done_on=dt.date(2025, 9, 3),
        still_employed=True,
        still_insured=True,
        in_district=True,
    )
    assert err.status == 422
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_follow_up_recorded_and_its_note_kept_out_of_the_audit_log(world, grad):
    follow_up = _hire(world, grad).follow_ups.get(months=6)
    services.follow_up_record(
        actor=world.users["school"],
        follow_up=follow_up,
        done_on=dt.date(2025, 9, 3),
        still_employed=True,
        still_insured=True,
        in_district=False,
        note="서울로 이사",
    )
    follow_up.refresh_from_db()
    assert follow_up.still_insured and follow_up.in_district is False
    entry = AuditEntry.objects.get(object_type="outcomes.FollowUp")
    assert "서울로 이사" not in str(entry.changes)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"done_on": None}, "done_on"),
        ({"done_on": dt.date(2099, 1, 1)}, "done_on"),
        ({"done_on": dt.date(2025, 1, 1)}, "done_on"),
        ({"still_insured": None}, "still_insured"),
        ({"still_employed": False, "still_insured": True}, "still_insured"),
    ],
)
def test_bad_follow_ups_save_nothing(world, grad, change, field):
    follow_up = _hire(world, grad).follow_ups.get(months=6)
    kwargs = {
        "actor": coordinator(world),
        "follow_up": follow_up,
        "done_on": dt.date(2025, 9, 3),
        "still_employed": True,
        "still_insured": True,
        "in_district": True,
        **change,
    }
    err = korean_error(services.follow_up_record, **kwargs)
    assert field in err.field_errors
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_further_study_while_employed(world, grad):
    study = services.further_study_record(
        actor=coordinator(world),
        student=grad,
        institution="한양대학교 ERICA",
        start_date=dt.date(2025, 3, 2),
        while_employed=True,
    )
    assert study.while_employed
    korean_error(
        services.further_study_record,
        actor=coordinator(world),
        student=grad,
        institution=" ",
        start_date=dt.date(2025, 3, 2),
    )
    assert FurtherStudy.objects.count() == 1


def _programme(world):
    return services.programme_create(
        actor=coordinator(world),
        district=world.district,
        name="청년 주거 지원",
        kind="housing",
        provider=world.partner,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
    )


def test_programme_and_participants(world, grad):
    programme = _programme(world)
    services.participation_add(
        actor=world.users["partner"],
        programme=programme,
        student=grad,
        joined_on=dt.date(2025, 3, 5),
    )
    err = korean_error(
        services.participation_add,
        actor=coordinator(world),
        programme=programme,
        student=grad,
        joined_on=dt.date(2025, 3, 6),
    )
    assert err.status == 409
    korean_error(
        services.participation_add,
        actor=coordinator(world),
        programme=programme,
        student=StudentFactory(school=world.school, school_year=2024, number=9),
        joined_on=dt.date(2026, 1, 5),
    )
    assert Participation.objects.count() == 1


def test_bad_programmes_save_nothing(world):
    korean_error(
        services.programme_create,
        actor=coordinator(world),
        district=world.district,
        name="기간 오류",
        kind="housing",
        provider=None,
        starts_on=dt.date(2025, 5, 1),
        ends_on=dt.date(2025, 1, 1),
    )
    korean_error(
        services.programme_create,
        actor=coordinator(world),
        district=world.district,
        name="타지구 기관",
        kind="mentoring",
        provider=world.other_company,
        starts_on=dt.date(2025, 5, 1),
    )
    assert not SettlementProgramme.objects.exists()
