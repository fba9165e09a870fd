"""The demo's company signs in, finds "answer the survey" on its home page,
opens it, answers and submits, without the e-mailed link; then the item is
gone from its home (issue 13, point 1)."""

from __future__ import annotations

import re

import pytest

from mujigae.demo.ansan import COMPANY_USER_ORG
from mujigae.demo.surveys import load_ansan_surveys
from mujigae.surveys.models import Invitation, Response
from tests.e2e.conftest import login, shot

pytestmark = pytest.mark.e2e

TODO = "[data-testid=todos] li[data-kind='surveys.answer']"


def test_company_answers_its_survey_from_its_home(page, ansan):
    surveys = load_ansan_surveys()
    survey = surveys.demand
    invitation = Invitation.objects.get(survey=survey, organisation__name=COMPANY_USER_ORG)
    assert invitation.status != Invitation.Status.SUBMITTED

    login(page, "company")
    page.goto("/")
    item = page.locator(TODO)
    assert item.count() == 1
    link = item.locator("a.todo-title")
    assert link.inner_text().startswith("설문조사 응답하기")
    assert survey.title in link.inner_text()
    assert "마감" in item.inner_text()
    shot(page, "company-home-survey-todo")

    with page.expect_navigation():
        link.click()
    assert re.search(rf"/surveys/{survey.pk}/answer/$", page.url)
    assert page.locator("h1").inner_text() == survey.title

    # the required questions of the demand template; "no" trainees skips the count
    page.locator("label[for=id_size_0]").click()
    page.locator("label[for=id_industry_0]").click()
    page.locator("#id_employees").fill("42")
    page.locator("label[for=id_takes_trainees_1]").click()
    page.wait_for_function(
        "() => /\\d\\d:\\d\\d/.test(document.querySelector('#save-status').textContent)"
    )
    assert Response.objects.filter(invitation=invitation, is_submitted=False).exists()

    with page.expect_navigation():
        page.locator("[data-submit]").click()
    page.wait_for_selector("[data-testid=submitted-at]")
    shot(page, "company-home-survey-submitted")
    assert Response.objects.get(invitation=invitation).is_submitted

    # done: the item has left the home page
    page.goto("/")
    assert page.locator("[data-testid=todos]").count() == 1
    assert page.locator(TODO).count() == 0
