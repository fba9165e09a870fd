"""A company answers its survey on a phone: fills in answers, sees them saved
as it goes, reloads and finds them again, submits once (a double click too)
and lands on the thank-you page."""

from __future__ import annotations

import re

import pytest

from mujigae.partners.models import OrgKind
from mujigae.surveys.models import HiringDemand, Invitation, Response
from tests import factories as f
from tests.e2e.conftest import PHONE, shot

pytestmark = pytest.mark.e2e


@pytest.fixture
def invitation(transactional_db):
    district = f.DistrictFactory(code="ansan", name="안산 무지개 직업교육 혁신지구")
    company = f.OrganisationFactory(district=district, name="가나로봇", kind=OrgKind.COMPANY)
    survey = f.SurveyFactory(district=district, year=2025, title="2025 기업 현장 수요조사")
    sec = f.SectionFactory(survey=survey, title="기업 정보")
    size = f.QuestionFactory(
        section=sec,
        code="size",
        kind="single",
        text="기업 규모",
        required=True,
        options=[
            {"value": "small", "label": "50인 미만"},
            {"value": "large", "label": "50인 이상"},
        ],
    )
    f.QuestionFactory(
        section=sec,
        code="why",
        kind="long_text",
        text="증원 사유",
        show_if_question=size,
        show_if_values=["large"],
    )
    f.QuestionFactory(section=sec, code="staff", kind="number", text="직원 수", unit="명")
    f.QuestionFactory(section=sec, code="need", kind="scale", text="인력이 부족하다")
    f.QuestionFactory(
        section=f.SectionFactory(survey=survey, title="채용 수요"),
        code="hiring",
        kind="hiring",
        text="채용 계획",
    )
    return f.InvitationFactory(survey=survey, organisation=company)


def test_answer_on_a_phone_autosave_resume_submit_once(phone, invitation):
    page = phone
    page.goto(f"/s/{invitation.token}/")
    assert page.locator("h1").inner_text() == "2025 기업 현장 수요조사"
    assert page.locator("header nav").count() == 0
    # nothing wider than the phone (the hiring table stacks into cards)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # skip logic: the follow-up appears only for large companies
    why = page.locator("#q-why")
    assert why.is_hidden()
    page.get_by_label("50인 이상").check()
    assert why.is_visible()
    page.get_by_label("증원 사유").fill("라인 증설")
    page.get_by_label("직원 수").fill("120")
    page.locator("label[for=id_need_3]").click()
    page.locator("#id_hiring-0-occupation").fill("로봇 정비")
    page.locator("#id_hiring-0-headcount").fill("2")
    page.locator("#id_hiring-0-timing").select_option("next_year")
    page.locator("#id_hiring-0-accepts_trainees").check()
    page.get_by_role("button", name=re.compile(r"Add a row|행 추가")).click()
    assert page.locator("#id_hiring-3-occupation").count() == 1
    page.locator("#id_hiring-3-occupation").fill("용접")
    page.locator("#id_hiring-3-headcount").fill("1")
    page.locator("#id_hiring-3-timing").select_option("in_two_years")
    page.locator("#id_hiring-3-timing").blur()

    # the autosave reports itself
    status = page.locator("#save-status")
    page.wait_for_function(
        "() => /\\d\\d:\\d\\d/.test(document.querySelector('#save-status').textContent)"
    )
    page.wait_for_timeout(3500)  # let the last debounced save land
    assert re.search(r"\d\d:\d\d", status.inner_text())
    shot(page, "survey-answer-phone")

    # reload: the answers come back
    page.reload()
    assert page.get_by_label("50인 이상").is_checked()
    assert page.get_by_label("증원 사유").input_value() == "라인 증설"
    assert page.get_by_label("직원 수").input_value() == "120"
    assert page.locator("#id_need_3").is_checked()
    assert page.locator("#id_hiring-0-occupation").input_value() == "로봇 정비"
    assert page.locator("#id_hiring-1-occupation").input_value() == "용접"
    assert page.locator("#id_hiring-0-accepts_trainees").is_checked()
    assert not Response.objects.get().is_submitted

    # submit with a double click: one response, the thank-you page
    with page.expect_navigation():
        page.locator("[data-submit]").dblclick()
    page.wait_for_selector("[data-testid=submitted-at]")
    assert page.locator("form#answer-form").count() == 0
    shot(page, "survey-answer-thanks")
    assert Response.objects.count() == 1 and Response.objects.get().is_submitted
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED
    years = sorted(HiringDemand.objects.values_list("year", flat=True))
    assert years == [2026, 2027]

    # a second tab with the same link: the thank-you page, no form
    second = page.context.new_page()
    second.goto(f"/s/{invitation.token}/")
    assert second.locator("[data-testid=submitted-at]").count() == 1
    assert second.locator("form#answer-form").count() == 0
    assert Response.objects.count() == 1
