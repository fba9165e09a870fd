"""Co-development in a real browser: a company drafts a module for a school's
programme and submits it; the school reviews it; the coordinator approves it and
the module appears on the programme page. A bad form shows its errors in Korean."""

from __future__ import annotations

import pytest
from django.utils import translation

from mujigae.curriculum.models import (
    Module,
    ModuleProposal,
    Programme,
    ProgrammeKind,
    ProposalStatus,
)
from mujigae.demo.ansan import SCHOOL_USER_ORG
from mujigae.demo.surveys import COMPETENCY_UNITS
from mujigae.partners.models import Organisation
from tests.curriculum import factories as cf
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e

TEACHING = "1903060201_17v1"  # 산업용 로봇 티칭
DIAGNOSIS = "1903060103_17v1"  # 로봇 제어기 고장 진단


@pytest.fixture
def programme(ansan):
    for code, name in COMPETENCY_UNITS.items():
        cf.UnitFactory(code=code, name=name)
    school = Organisation.objects.get(district=ansan, name=SCHOOL_USER_ORG)
    programme = Programme.objects.create(
        district=ansan, provider=school, kind=ProgrammeKind.SCHOOL_MAJOR, name="E2E 로봇제어과"
    )
    cf.ModuleFactory(programme=programme, name="로봇 유지보수 기초", order=1)
    return programme


def _ko_status(value: str) -> str:
    with translation.override("ko"):
        return str(ProposalStatus(value).label)


def _status(page) -> str:
    return page.locator("[data-testid=proposal-status]").inner_text().strip()


def test_company_proposes_school_reviews_coordinator_approves(programme, page):
    name = "E2E 협동로봇 티칭 응용"

    # --- the company drafts -------------------------------------------------
    login(page, "company")
    page.goto(f"/curriculum/{programme.pk}/")
    page.get_by_role("link", name=ko("Propose a module")).first.click()
    page.wait_for_url("**/curriculum/proposals/new/**")
    assert page.locator("#id_programme").input_value() == str(programme.pk)
    # a bad form first: hours 0 and a code that does not exist; nothing saved
    page.fill("#id_name", name)
    page.fill("#id_unit_1", TEACHING)
    page.fill("#id_hours_1", "0")
    page.fill("#id_unit_2", "0000000000_00v0")
    page.fill("#id_hours_2", "8")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save draft")).click()
    summary = page.locator("#error-summary").inner_text()
    assert ko("The hours must be more than 0.") in summary
    assert "0000000000_00v0" in summary
    assert not ModuleProposal.objects.exists()
    shot(page, "curriculum-proposal-form-errors")

    # the unit field suggests units as one types (htmx fills the datalist)
    page.fill("#id_unit_2", "")
    page.locator("#id_unit_2").press_sequentially("고장", delay=50)
    page.wait_for_function("() => document.querySelectorAll('#unit-options option').length > 0")
    assert DIAGNOSIS in page.locator("#unit-options option").first.get_attribute("value")
    page.fill("#id_unit_2", f"{DIAGNOSIS} {COMPETENCY_UNITS[DIAGNOSIS]}")
    page.fill("#id_hours_1", "32")
    page.fill("#id_hours_2", "12")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save draft")).click()
    proposal = ModuleProposal.objects.get()
    assert page.url.endswith(f"/curriculum/proposals/{proposal.pk}/"), page.url
    assert _status(page) == _ko_status("draft")
    assert page.locator("[data-testid=version]").count() == 1

    with page.expect_navigation():
        page.get_by_role("button", name=ko("Submit"), exact=True).click()
    assert _status(page) == _ko_status("submitted")
    assert page.get_by_role("status").inner_text().strip() == ko(
        "The proposal was submitted to the provider for review."
    )
    logout(page)

    # --- the school reviews -------------------------------------------------
    login(page, "school")
    page.goto(f"/curriculum/proposals/{proposal.pk}/")
    assert name in page.locator("main h1").inner_text()
    shot(page, "curriculum-proposal")
    page.fill("#id_step_comment", "실습실 일정에 맞춰 2학기에 운영 가능합니다.")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Mark as reviewed")).click()
    assert _status(page) == _ko_status("reviewed")
    assert "실습실 일정에 맞춰" in page.locator("section[aria-labelledby=h-comments]").inner_text()
    logout(page)

    # --- the coordinator approves; the module is on the programme page ------
    login(page, "coordinator")
    page.goto(f"/curriculum/proposals/{proposal.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Approve")).click()
    assert _status(page) == _ko_status("approved")
    module = Module.objects.get(programme=programme, name=name)
    assert sorted(module.unit_hours.values_list("unit__code", "hours")) == [
        (DIAGNOSIS, 12),
        (TEACHING, 32),
    ]
    page.goto(f"/curriculum/{programme.pk}/")
    modules = page.locator("[data-testid=module]")
    assert modules.count() == 2
    text = modules.nth(1).inner_text()
    assert name in text and TEACHING in text and DIAGNOSIS in text
    assert page.locator("[data-testid=total-hours]").inner_text().startswith("44")
    shot(page, "curriculum-approved")
