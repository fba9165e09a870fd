"""Programmes, modules and cohorts: who writes, bad input, audit."""

from __future__ import annotations

import pytest

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.curriculum import services
from mujigae.curriculum.models import Cohort, Module, Programme, ProgrammeKind

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_programme_for_any_provider_of_the_district(world):
    p = services.programme_create(
        actor=world.users["coordinator"],
        district=world.district,
        provider=world.school,
        kind=ProgrammeKind.AFTER_SCHOOL,
        name="  방과후 PLC 과정 ",
    )
    assert p.name == "방과후 PLC 과정" and p.district == world.district
    assert AuditEntry.objects.filter(object_type="curriculum.Programme", action="create").exists()


def test_school_adds_programmes_only_for_itself(world):
    school = world.users["school"]
    services.programme_create(
        actor=school,
        district=world.district,
        provider=world.school,
        kind=ProgrammeKind.SCHOOL_MAJOR,
        name="스마트팩토리과",
    )
    with pytest.raises(ApplicationError) as exc:
        services.programme_create(
            actor=school,
            district=world.district,
            provider=world.company,
            kind=ProgrammeKind.COMPANY_COURSE,
            name="남의 과정",
        )
    assert exc.value.status == 403
    assert not Programme.objects.filter(name="남의 과정").exists()


def test_no_programme_for_a_provider_of_another_district(world):
    with pytest.raises(ApplicationError) as exc:
        services.programme_create(
            actor=world.users["coordinator"],
            district=world.district,
            provider=world.other_company,
            kind=ProgrammeKind.COMPANY_COURSE,
            name="x",
        )
    assert "provider" in exc.value.field_errors


def test_duplicate_programme_name_per_provider_is_409(world, curr):
    with pytest.raises(ApplicationError) as exc:
        services.programme_create(
            actor=world.users["coordinator"],
            district=world.district,
            provider=world.school,
            kind=ProgrammeKind.SCHOOL_MAJOR,
            name="로봇제어과",
        )
    assert exc.value.status == 409


def test_provider_edits_own_programme_but_not_anothers(world, curr):
    services.programme_update(
        actor=world.users["partner"], programme=curr.partner_programme, description="야간"
    )
    curr.partner_programme.refresh_from_db()
    assert curr.partner_programme.description == "야간"
    with pytest.raises(ApplicationError) as exc:
        services.programme_update(
            actor=world.users["company"], programme=curr.school_programme, name="바꿈"
        )
    assert exc.value.status == 403
    curr.school_programme.refresh_from_db()
    assert curr.school_programme.name == "로봇제어과"


def test_module_with_units_and_hours(world, curr):
    module = services.module_create(
        actor=world.users["school"],
        programme=curr.school_programme,
        name="로봇 티칭 실습",
        units=[(curr.units[3], 60), (curr.units[2], "24")],
    )
    assert module.order == 2  # after the existing one
    assert {(mu.unit.code, mu.hours) for mu in module.unit_hours.all()} == {
        (curr.units[3].code, 60),
        (curr.units[2].code, 24),
    }
    entry = AuditEntry.objects.get(object_type="curriculum.Module", object_id=str(module.pk))
    assert entry.district_id == world.district.pk
    assert len(entry.changes["units"][1]) == 2


@pytest.mark.parametrize(
    ("units", "expect"),
    [
        ([(0, 0)], "0"),
        ([(0, -5)], "0"),
        ([(0, 10), (0, 12)], "한 번"),
        ([], "능력단위"),
        ([(0, 2001)], "2000"),
        ([(0, "열")], "정수"),
    ],
)
def test_bad_unit_hours_are_refused_and_nothing_is_saved(world, curr, units, expect):
    pairs = [(curr.units[i], h) for i, h in units]
    with pytest.raises(ApplicationError) as exc:
        services.module_create(
            actor=world.users["coordinator"],
            programme=curr.school_programme,
            name="잘못된 모듈",
            units=pairs,
        )
    assert expect in " ".join(exc.value.field_errors["units"])
    assert not Module.objects.filter(name="잘못된 모듈").exists()


def test_module_update_replaces_units_and_audits_the_change(world, curr):
    services.module_update(
        actor=world.users["coordinator"],
        module=curr.module,
        name="로봇 유지보수 기초",
        units=[(curr.units[0], 30), (curr.units[2], 10)],
    )
    codes = sorted(mu.unit.code for mu in curr.module.unit_hours.all())
    assert codes == [curr.units[0].code, curr.units[2].code]
    entry = AuditEntry.objects.filter(object_type="curriculum.Module", action="update").get()
    assert list(entry.changes) == ["units"]


def test_module_update_refused_to_another_provider(world, curr):
    with pytest.raises(ApplicationError):
        services.module_update(
            actor=world.users["partner"], module=curr.module, name="x", units=[(curr.units[0], 1)]
        )
    assert curr.module.unit_hours.count() == 2


def test_cohort_rules(world, curr):
    school = world.users["school"]
    c = services.cohort_create(
        actor=school, programme=curr.school_programme, year=2025, enrolled=24, completed=None
    )
    assert c.expected_completers == 24 and c.district == world.district
    with pytest.raises(ApplicationError) as exc:
        services.cohort_create(
            actor=school, programme=curr.school_programme, year=2025, enrolled=10
        )
    assert exc.value.status == 409 and "2025" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        services.cohort_create(
            actor=school, programme=curr.school_programme, year=2026, enrolled=10, completed=11
        )
    assert "completed" in exc.value.field_errors
    with pytest.raises(ApplicationError):
        services.cohort_create(
            actor=school, programme=curr.school_programme, year=1999, enrolled=10
        )
    assert Cohort.objects.count() == 1
    services.cohort_update(actor=school, cohort=c, year=2025, enrolled=24, completed=22)
    c.refresh_from_db()
    assert c.completed == 22 and c.expected_completers == 22


def test_cohort_refused_to_company_on_a_school_programme(world, curr):
    with pytest.raises(ApplicationError) as exc:
        services.cohort_create(
            actor=world.users["company"], programme=curr.school_programme, year=2025, enrolled=1
        )
    assert exc.value.status == 403


def test_a_second_module_with_the_same_name_is_409(world, curr):
    with pytest.raises(ApplicationError) as exc:
        services.module_create(
            actor=world.users["school"],
            programme=curr.school_programme,
            name="로봇 유지보수 기초",
            units=[(curr.units[2], 10)],
        )
    assert exc.value.status == 409 and "로봇 유지보수 기초" in exc.value.message
    assert curr.school_programme.modules.count() == 1
