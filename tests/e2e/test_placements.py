"""Placements in a real browser: the company posts a field-training slot and
sees why the rules would refuse trainees; the school records the standard
agreement; the company's page no longer shows that reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mujigae.demo.ansan import COMPANY_USER_ORG, SCHOOL_USER_ORG
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import CompanyEligibility, Slot, StandardAgreement
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e


def test_company_posts_sees_refusals_school_records_agreement_reason_gone(ansan, page):
    today = timezone.localdate()
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    # The company is eligible and has agreements with every school but the
    # `school` login's: only that school's agreement is missing.
    CompanyEligibility.objects.create(
        district=ansan, company=company, tier="leading", inspected_on=today - dt.timedelta(days=30)
    )
    for school in Organisation.objects.filter(district=ansan, kind=OrgKind.SCHOOL).exclude(
        name=SCHOOL_USER_ORG
    ):
        StandardAgreement.objects.create(
            district=ansan,
            company=company,
            school=school,
            signed_on=today,
            period_start=today,
            period_end=today + dt.timedelta(days=180),
            supervisor="김감독",
        )

    login(page, "company")
    page.goto("/placements/")
    assert ko("My slots") in page.content()
    page.get_by_role("link", name=ko("Post a slot")).first.click()
    page.wait_for_url("**/placements/new/")
    page.select_option("#id_kind", "field_training")
    page.fill("#id_title", "협동로봇 셀 정비 현장실습")
    page.fill("#id_duties", "협동로봇 셀 점검 보조")
    page.fill("#id_location", "반월 스마트허브")
    page.fill("#id_daily_hours", "7")
    page.fill("#id_weekly_hours", "35")
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "17:00")
    page.fill("#id_pay", "0")
    page.fill("#id_capacity", "3")
    page.fill("#id_required_certificates", "전기기능사")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Post the slot")).click()
    slot = Slot.objects.get(title="협동로봇 셀 정비 현장실습")
    assert slot.company == company
    refusals = page.locator("[data-testid=refusals]")
    reason = refusals.locator("[data-code=no_standard_agreement]")
    assert reason.count() == 1
    assert SCHOOL_USER_ORG in reason.inner_text()
    assert "직업교육훈련 촉진법 제9조" in reason.inner_text()
    shot(page, "placements-refusals")
    logout(page)

    login(page, "school")
    page.goto("/placements/agreements/new/")
    page.select_option("#id_company", label=COMPANY_USER_ORG)
    page.fill("#id_signed_on", today.isoformat())
    page.fill("#id_period_start", today.isoformat())
    page.fill("#id_period_end", (today + dt.timedelta(days=120)).isoformat())
    page.fill("#id_supervisor", "박지도")
    page.fill("#id_allowance", "600000")
    page.check("#id_safety_training_done")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Record"), exact=True).click()
    assert ko("The standard agreement was recorded.") in page.content()
    assert "박지도" in page.locator("[data-testid=agreement-list]").inner_text()
    logout(page)

    login(page, "company")
    page.goto(f"/placements/{slot.pk}/")
    assert page.locator("[data-code=no_standard_agreement]").count() == 0
    assert page.locator("[data-testid=no-refusals]").count() == 1
    shot(page, "placements-no-refusals")
