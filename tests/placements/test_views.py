"""Placement pages: each role's flow, Korean 4xx on bad input with nothing
saved, other companies' slots are 404, double submits keep one row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.core.models import AuditEntry
from mujigae.placements.models import (
    CompanyEligibility,
    MinorWorkException,
    Slot,
    StandardAgreement,
)
from tests.curriculum import factories as cf
from tests.formcheck import BAD_DATE, LONG, not_a_date, refused, too_long
from tests.students.factories import StudentFactory

from .factories import AgreementFactory, EligibilityFactory, SlotFactory

TODAY = timezone.localdate()


def _post_data(**kw):
    data = {
        "kind": "field_training",
        "title": "협동로봇 정비 현장실습",
        "duties": "협동로봇 셀 점검 보조",
        "location": "안산 반월공단",
        "daily_hours": "7",
        "weekly_hours": "35",
        "start_time": "09:00",
        "end_time": "17:00",
        "pay": "1200000",
        "capacity": "2",
        "unit_codes": "",
        "required_certificates": "전기기능사\n생산자동화기능사",
    }
    data.update(kw)
    return data


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def ours(world):
    return SlotFactory(company=world.company, title="로봇 정비 실습")


@pytest.fixture
def theirs(world):
    return SlotFactory(company=world.company_b, title="비전 검사 실습")


# --- company ----------------------------------------------------------------


def test_company_posts_a_slot_and_sees_it_in_my_slots(world, client_for):
    unit = cf.UnitFactory(code="1903060101_17v1", name="로봇 유지보수 계획 수립")
    client = client_for("company")
    response = client.post(
        reverse("placements:slot_create"),
        _post_data(hazardous_duties=["oil_handling"], unit_codes="1903060101_17v1"),
    )
    assert response.status_code == 302
    slot = Slot.objects.get()
    assert slot.company == world.company and slot.district == world.district
    assert slot.hazardous_duties == ["oil_handling"]
    assert list(slot.required_units.all()) == [unit]
    assert slot.required_certificates == ["전기기능사", "생산자동화기능사"]
    assert AuditEntry.objects.filter(action="create", object_type="placements.Slot").exists()
    page = _text(client.get(reverse("placements:slot_list")))
    assert "협동로봇 정비 현장실습" in page and "우리 기업 자리" in page


def test_double_submit_creates_one_slot(world, client_for):
    client = client_for("company")
    first = client.post(reverse("placements:slot_create"), _post_data())
    second = client.post(reverse("placements:slot_create"), _post_data())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Slot.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit_codes": "1903060101_17v1, 9999999999_99v9"}, "능력단위 코드는 없습니다"),
        ({"daily_hours": "9"}, "현장실습"),  # training over 7 h: the service refuses
        ({"end_time": "09:00"}, "종료"),
        ({"capacity": "0"}, ""),
        ({"title": ""}, ""),
        ({"daily_hours": "일곱"}, ""),
        ({"hazardous_duties": ["juggling"]}, ""),
    ],
)
def test_bad_slot_input_is_a_korean_4xx_and_saves_nothing(world, client_for, changes, message):
    cf.UnitFactory(code="1903060101_17v1")
    response = client_for("company").post(reverse("placements:slot_create"), _post_data(**changes))
    assert 400 <= response.status_code < 500
    page = _text(response)
    assert "아래 오류를 고쳐 주세요" in page or "error-summary" in page
    assert message in page
    assert not Slot.objects.exists()


def test_company_cannot_see_or_change_another_companys_slot(world, client_for, theirs):
    client = client_for("company")
    assert client.get(reverse("placements:slot_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("placements:slot_edit", args=[theirs.pk])).status_code == 404
    edit = client.post(reverse("placements:slot_edit", args=[theirs.pk]), _post_data(title="X"))
    assert edit.status_code == 404
    close = client.post(reverse("placements:slot_status", args=[theirs.pk]), {"status": "closed"})
    assert close.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "비전 검사 실습" and theirs.status == "open"
    assert "비전 검사 실습" not in _text(client.get(reverse("placements:slot_list")))


def test_company_edits_closes_and_reopens_its_slot(world, client_for, ours):
    client = client_for("company")
    edit = reverse("placements:slot_edit", args=[ours.pk])
    assert "로봇 정비 실습" in _text(client.get(edit))
    response = client.post(edit, _post_data(title="로봇 정비 실습(2학기)", capacity="4"))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.title == "로봇 정비 실습(2학기)" and ours.capacity == 4
    status = reverse("placements:slot_status", args=[ours.pk])
    assert client.post(status, {"status": "closed"}).status_code == 302
    ours.refresh_from_db()
    assert ours.status == "closed"
    assert client.post(status, {"status": "closed"}).status_code == 302  # twice: no change
    assert AuditEntry.objects.filter(object_id=str(ours.pk), action="update").count() == 2
    bad = client.post(status, {"status": "gone"})
    assert bad.status_code == 422 and "모집 중 또는 마감" in _text(bad)
    assert client.post(status, {"status": "open"}).status_code == 302
    ours.refresh_from_db()
    assert ours.status == "open"


def test_slot_detail_lists_refusal_reasons_until_fixed(world, client_for, ours):
    from tests import factories as f

    agreed = f.OrganisationFactory(district=world.district, kind="school", name="협약고")
    AgreementFactory(
        company=world.company,
        school=agreed,
        signed_on=TODAY,
        period_start=TODAY,
        period_end=TODAY + dt.timedelta(days=120),
    )
    client = client_for("company")
    url = reverse("placements:slot_detail", args=[ours.pk])
    page = _text(client.get(url))
    assert 'data-code="no_standard_agreement"' in page
    assert 'data-code="company_not_eligible"' in page
    refusals = page.split('data-code="no_standard_agreement"')[1].split("</li>")[0]
    assert world.school.name in refusals and "협약고" not in refusals
    EligibilityFactory(company=world.company, inspected_on=TODAY - dt.timedelta(days=30))
    AgreementFactory(
        company=world.company,
        school=world.school,
        signed_on=TODAY,
        period_start=TODAY,
        period_end=TODAY + dt.timedelta(days=120),
    )
    page = _text(client.get(url))
    assert 'data-code="no_standard_agreement"' not in page
    assert 'data-code="company_not_eligible"' not in page
    assert 'data-testid="no-refusals"' in page


def test_job_slot_detail_shows_minors_rules(world, client_for):
    slot = SlotFactory(
        company=world.company,
        kind="job",
        start_time=dt.time(20, 0),
        end_time=dt.time(4, 0),
        daily_hours=Decimal(8),
        weekly_hours=Decimal(40),
    )
    page = _text(client_for("company").get(reverse("placements:slot_detail", args=[slot.pk])))
    assert 'data-code="minor_night_without_authorisation"' in page
    assert 'data-code="minor_daily_hours"' in page
    assert "18세 미만 학생만 해당" in page
    assert 'data-code="no_standard_agreement"' not in page


# --- agreements ---------------------------------------------------------------


def _agreement_data(world, **kw):
    data = {
        "company": world.company.pk,
        "school": world.school.pk,
        "signed_on": TODAY.isoformat(),
        "period_start": (TODAY + dt.timedelta(days=10)).isoformat(),
        "period_end": (TODAY + dt.timedelta(days=130)).isoformat(),
        "supervisor": "김감독",
        "allowance": "600000",
        "safety_training_done": "on",
    }
    data.update(kw)
    return data


def test_school_records_an_agreement_once_even_if_sent_twice(world, client_for, ours):
    client = client_for("school")
    url = reverse("placements:agreement_create")
    data = _agreement_data(world, school=world.school.pk, slot=ours.pk)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    agreement = StandardAgreement.objects.get()
    assert agreement.school == world.school and agreement.slot == ours
    assert "김감독" in _text(client.get(reverse("placements:agreement_list")))


def test_school_cannot_record_for_another_school(world, client_for):
    from tests import factories as f

    other = f.OrganisationFactory(district=world.district, kind="school", name="남의고")
    response = client_for("school").post(
        reverse("placements:agreement_create"), _agreement_data(world, school=other.pk)
    )
    assert response.status_code == 422
    assert not StandardAgreement.objects.exists()


def test_company_records_only_its_own_agreements(world, client_for, theirs):
    client = client_for("company")
    url = reverse("placements:agreement_create")
    response = client.post(url, _agreement_data(world, company=world.company_b.pk))
    assert response.status_code == 422
    response = client.post(url, _agreement_data(world, slot=theirs.pk))
    assert response.status_code == 422
    assert not StandardAgreement.objects.exists()


def test_bad_agreement_dates_are_refused_in_korean(world, client_for):
    response = client_for("company").post(
        reverse("placements:agreement_create"),
        _agreement_data(world, period_end=(TODAY - dt.timedelta(days=400)).isoformat()),
    )
    assert response.status_code == 422
    assert "기간" in _text(response)
    assert not StandardAgreement.objects.exists()


def test_agreement_lists_are_scoped(world, client_for):
    from tests import factories as f

    other_school = f.OrganisationFactory(district=world.district, kind="school", name="남의고")
    AgreementFactory(company=world.company, school=world.school, supervisor="우리감독")
    AgreementFactory(company=world.company_b, school=other_school, supervisor="남의감독")
    for role, seen, unseen in (
        ("school", "우리감독", "남의감독"),
        ("company", "우리감독", "남의감독"),
        ("company_b", "남의감독", "우리감독"),
    ):
        page = _text(client_for(role).get(reverse("placements:agreement_list")))
        assert seen in page and unseen not in page, role
    page = _text(client_for("coordinator").get(reverse("placements:agreement_list")))
    assert "우리감독" in page and "남의감독" in page


# --- eligibility ----------------------------------------------------------------


def test_coordinator_sets_eligibility_and_company_reads_it(world, client_for):
    client = client_for("coordinator")
    url = reverse("placements:eligibility_edit", args=[world.company.pk])
    response = client.post(
        url,
        {"tier": "participating", "inspected_on": "2026-06-01", "valid_until": "2027-06-01"},
    )
    assert response.status_code == 302
    e = CompanyEligibility.objects.get(company=world.company)
    assert e.tier == "participating" and e.inspected_on == dt.date(2026, 6, 1)
    bad = client.post(url, {"tier": "participating", "inspected_on": "2026-06-01",
                            "valid_until": "2026-01-01"})  # fmt: skip
    assert bad.status_code == 422 and "유효" in _text(bad)
    e.refresh_from_db()
    assert e.valid_until == dt.date(2027, 6, 1)
    company = client_for("company")
    page = _text(company.get(reverse("placements:eligibility_list")))
    assert "참여기업" in page and world.company_b.name not in page
    assert company.post(url, {"tier": "leading"}).status_code == 403


# --- authorisations ---------------------------------------------------------------


def test_school_records_an_authorisation_for_its_own_student(world, client_for):
    from tests import factories as f

    job = SlotFactory(company=world.company, kind="job", start_time=dt.time(22, 0),
                      end_time=dt.time(5, 0))  # fmt: skip
    mine = StudentFactory(school=world.school, name="홍길동")
    other_school = f.OrganisationFactory(district=world.district, kind="school", name="남의고")
    theirs = StudentFactory(school=other_school, name="김철수")
    client = client_for("school")
    url = reverse("placements:exception_create")
    form = _text(client.get(url))
    assert "홍*동" in form and "홍길동" not in form and "김*수" not in form
    data = {
        "student": mine.pk,
        "slot": job.pk,
        "consent_on": "2026-08-01",
        "authorised_on": "2026-08-20",
        "authorisation_ref": "안산-2026-17",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert MinorWorkException.objects.count() == 1
    assert client.post(url, {**data, "student": theirs.pk}).status_code == 422
    missing = client.post(url, {**data, "authorised_on": ""})
    assert missing.status_code == 422
    training = SlotFactory(company=world.company)
    wrong = client.post(url, {**data, "slot": training.pk})
    assert wrong.status_code == 422
    assert MinorWorkException.objects.count() == 1
    assert "홍*동" in _text(client.get(reverse("placements:exception_list")))


# --- lists for the others -----------------------------------------------------------


def test_school_and_student_see_open_slots_read_only(world, client_for, ours, theirs):
    theirs.status = "closed"
    theirs.save()
    for role in ("school", "student"):
        client = client_for(role)
        page = _text(client.get(reverse("placements:slot_list")))
        assert "로봇 정비 실습" in page and "비전 검사 실습" not in page, role
        assert client.get(reverse("placements:slot_detail", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("placements:slot_edit", args=[ours.pk])).status_code == 403
    student_page = _text(
        client_for("student").get(reverse("placements:slot_detail", args=[ours.pk]))
    )
    assert 'data-testid="refusals"' not in student_page and "로봇 정비 실습" in student_page


def test_coordinator_filters_and_exports_the_district(world, client_for, ours, theirs):
    from openpyxl import load_workbook

    far = SlotFactory(company=world.other_company, title="타지구 실습")
    theirs.kind = "job"
    theirs.save()
    client = client_for("coordinator")
    page = _text(client.get(reverse("placements:slot_list")))
    assert "로봇 정비 실습" in page and "비전 검사 실습" in page and far.title not in page
    page = _text(client.get(reverse("placements:slot_list") + "?kind=job"))
    assert "로봇 정비 실습" not in page and "비전 검사 실습" in page
    page = _text(client.get(reverse("placements:slot_list") + f"?company={world.company.pk}"))
    assert "로봇 정비 실습" in page and "비전 검사 실습" not in page
    response = client.get(reverse("placements:slot_export"))
    wb = load_workbook(BytesIO(response.content), read_only=True)
    cells = [str(c) for row in wb.active.iter_rows(values_only=True) for c in row]
    assert "로봇 정비 실습" in cells and "비전 검사 실습" in cells and far.title not in cells


@pytest.mark.parametrize("role", ["partner", "ministry"])
def test_partners_and_ministry_see_no_slots(world, client_for, ours, role):
    client = client_for(role)
    assert client.get(reverse("placements:slot_list")).status_code == 403
    assert client.get(reverse("placements:slot_detail", args=[ours.pk])).status_code == 403


# --- check a pair ----------------------------------------------------------------------


def test_check_a_pair_lists_reasons_with_masked_name(world, client_for):
    minor = StudentFactory(
        school=world.school, name="홍길동", birth_date=TODAY.replace(year=TODAY.year - 16)
    )
    night_job = SlotFactory(company=world.company, kind="job", start_time=dt.time(22, 0),
                            end_time=dt.time(5, 0))  # fmt: skip
    day_job = SlotFactory(company=world.company, kind="job", title="주간 조립")
    client = client_for("school")
    url = reverse("placements:pair_check")
    page = _text(client.get(url, {"student": minor.pk, "slot": night_job.pk}))
    assert 'data-code="minor_night_without_authorisation"' in page
    assert "근로기준법 제70조제2항" in page
    assert "홍*동" in page and "홍길동" not in page
    page = _text(client.get(url, {"student": minor.pk, "slot": day_job.pk}))
    assert 'data-testid="acceptable"' in page


def test_check_a_pair_refuses_another_schools_student(world, client_for, ours):
    from tests import factories as f

    other_school = f.OrganisationFactory(district=world.district, kind="school", name="남의고")
    theirs = StudentFactory(school=other_school)
    response = client_for("school").get(
        reverse("placements:pair_check"), {"student": theirs.pk, "slot": ours.pk}
    )
    assert response.status_code == 400
    assert 'data-testid="pair-result"' not in _text(response)


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_slot_form_says_too_long_and_keeps_the_rest(world, client_for):
    response = client_for("company").post(reverse("placements:slot_create"), _post_data(title=LONG))
    page = refused(response, LONG, "협동로봇 셀 점검 보조", "안산 반월공단")
    assert too_long(200) in page
    assert not Slot.objects.exists() and not AuditEntry.objects.exists()


def test_agreement_eligibility_and_authorisation_dates_must_exist(world, client_for, ours):
    response = client_for("school").post(
        reverse("placements:agreement_create"),
        _agreement_data(world, slot=ours.pk, period_end=BAD_DATE),
    )
    refused(response, BAD_DATE, "김감독")
    not_a_date(response, "period_end")
    assert not StandardAgreement.objects.exists()
    # an optional date typed wrong is said, not dropped
    response = client_for("coordinator").post(
        reverse("placements:eligibility_edit", args=[world.company.pk]),
        {"tier": "participating", "inspected_on": BAD_DATE, "note": "현장 점검 예정"},
    )
    refused(response, BAD_DATE, "현장 점검 예정")
    not_a_date(response, "inspected_on")
    assert not CompanyEligibility.objects.exists()
    job = SlotFactory(company=world.company, kind="job")
    minor = StudentFactory(school=world.school, name="홍길동")
    response = client_for("school").post(
        reverse("placements:exception_create"),
        {
            "student": minor.pk,
            "slot": job.pk,
            "consent_on": BAD_DATE,
            "authorised_on": "2026-08-20",
        },
    )
    refused(response, BAD_DATE, "2026-08-20")
    not_a_date(response, "consent_on")
    assert not MinorWorkException.objects.exists()
    assert not AuditEntry.objects.exists()
