"""Writes to slots, agreements and eligibility, and rows -> the rules' facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.placements import rules, services
from mujigae.placements.models import CompanyEligibility, MinorWorkException, Slot
from tests.students.factories import StudentFactory

from .factories import AgreementFactory, EligibilityFactory, SlotFactory

ON = dt.date(2026, 9, 1)


def _data(world, **kw):
    data = {
        "company": world.company,
        "kind": rules.FIELD_TRAINING,
        "title": "로봇 정비 현장실습",
        "daily_hours": Decimal(7),
        "weekly_hours": Decimal(35),
        "start_time": dt.time(9, 0),
        "end_time": dt.time(17, 0),
        "pay": 1_200_000,
        "capacity": 2,
    }
    data.update(kw)
    return data


def test_slot_create_saves_and_audits(world):
    actor = world.users["company"]
    slot = services.slot_create(
        actor=actor, district=world.district, **_data(world, hazardous_duties=["diving"])
    )
    assert Slot.objects.get(pk=slot.pk).hazardous_duties == ["diving"]
    assert AuditEntry.objects.filter(action="create", object_id=str(slot.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": 0}, "capacity", "정원"),
        ({"daily_hours": Decimal(0)}, "daily_hours", "하루"),
        ({"weekly_hours": Decimal(5), "daily_hours": Decimal(6)}, "weekly_hours", "주"),
        ({"pay": -1}, "pay", "급여"),
        ({"end_time": dt.time(9, 0)}, "end_time", "종료"),
        ({"daily_hours": Decimal("7.5")}, "daily_hours", "7"),
        ({"weekly_hours": Decimal(36)}, "weekly_hours", "35"),
        ({"hazardous_duties": ["juggling"]}, "hazardous_duties", "목록"),
    ],
)
def test_slot_create_refuses_bad_input_in_korean(world, changes, field, message):
    with pytest.raises(ApplicationError) as err:
        services.slot_create(
            actor=world.users["company"], district=world.district, **_data(world, **changes)
        )
    assert field in err.value.field_errors
    assert message in err.value.message
    assert not Slot.objects.exists()


def test_training_slot_with_agreed_extension_may_last_8_hours(world):
    slot = services.slot_create(
        actor=world.users["company"],
        district=world.district,
        **_data(
            world, daily_hours=Decimal(8), weekly_hours=Decimal(40), hours_extension_agreed=True
        ),
    )
    assert slot.daily_hours == 8


def test_slot_of_another_districts_company_is_refused(world):
    with pytest.raises(ApplicationError):
        services.slot_create(
            actor=world.users["coordinator"],
            district=world.district,
            **_data(world, company=world.other_company),
        )


def test_slot_update_checks_merged_values(world):
    slot = SlotFactory(company=world.company)
    with pytest.raises(ApplicationError):
        services.slot_update(actor=world.users["company"], slot=slot, weekly_hours=Decimal(3))
    services.slot_update(actor=world.users["company"], slot=slot, capacity=5)
    slot.refresh_from_db()
    assert slot.capacity == 5 and slot.weekly_hours == 35


def test_agreement_record_checks_period_and_parties(world):
    actor = world.users["school"]
    common = {
        "actor": actor,
        "district": world.district,
        "company": world.company,
        "supervisor": "김감독",
        "signed_on": dt.date(2026, 8, 1),
    }
    with pytest.raises(ApplicationError) as err:
        services.agreement_record(
            school=world.school,
            period_start=dt.date(2026, 9, 1),
            period_end=dt.date(2026, 8, 1),
            **common,
        )
    assert "period_end" in err.value.field_errors
    with pytest.raises(ApplicationError):
        services.agreement_record(
            school=world.company,
            period_start=dt.date(2026, 9, 1),
            period_end=dt.date(2026, 12, 31),
            **common,
        )
    agreement = services.agreement_record(
        school=world.school,
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 12, 31),
        **common,
    )
    assert agreement.pk


def test_eligibility_set_creates_then_updates(world):
    actor = world.users["coordinator"]
    services.eligibility_set(
        actor=actor,
        district=world.district,
        company=world.company,
        tier="leading",
        inspected_on=dt.date(2026, 6, 1),
    )
    services.eligibility_set(
        actor=actor, district=world.district, company=world.company, tier="none"
    )
    assert CompanyEligibility.objects.get().tier == "none"
    with pytest.raises(ApplicationError):
        services.eligibility_set(
            actor=actor, district=world.district, company=world.company, tier="gold"
        )
    with pytest.raises(ApplicationError):
        services.eligibility_set(
            actor=actor,
            district=world.district,
            company=world.company,
            tier="leading",
            inspected_on=dt.date(2026, 6, 1),
            valid_until=dt.date(2026, 5, 1),
        )


def test_rows_become_facts_that_forbid_the_right_pairs(world):
    training = SlotFactory(company=world.company)
    night_job = SlotFactory(
        company=world.company_b,
        kind=rules.JOB,
        start_time=dt.time(21, 0),
        end_time=dt.time(23, 0),
    )
    minor = StudentFactory(school=world.school, birth_date=dt.date(2009, 3, 5))
    minor_authorised = StudentFactory(school=world.school, birth_date=dt.date(2009, 3, 5))
    MinorWorkException.objects.create(
        district=world.district,
        student=minor_authorised,
        slot=night_job,
        consent_on=dt.date(2026, 8, 1),
        authorised_on=dt.date(2026, 8, 10),
    )
    students = services.student_facts([minor, minor_authorised])
    slots = services.slot_facts([training, night_job])
    forbidden = rules.forbidden_pairs(students, slots, ON)
    assert forbidden == {
        (minor.pk, training.pk): "no_standard_agreement",
        (minor_authorised.pk, training.pk): "no_standard_agreement",
        (minor.pk, night_job.pk): "minor_night_without_authorisation",
    }
    AgreementFactory(company=world.company, school=world.school)
    EligibilityFactory(company=world.company)
    slots = services.slot_facts([training, night_job])
    assert rules.forbidden_pairs(students, slots, ON) == {
        (minor.pk, night_job.pk): "minor_night_without_authorisation",
    }
