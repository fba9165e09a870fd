"""Company benefits in a real browser (issue 14): the company sees "신청할 수
있는 혜택" on its home, opens its benefits, applies; the coordinator approves
and pays the grant from its page; the payment is a spending row of the paying
budget project, and (once the budget's execution page is merged) that
project's execution rate moves."""

from __future__ import annotations

import pytest

from mujigae.benefits import selectors
from mujigae.benefits.models import Grant
from mujigae.budget.models import Spending
from mujigae.core.models import User
from mujigae.demo.ansan import COMPANY_USER_ORG, SCHOOL_USER_ORG
from mujigae.demo.benefits import load_ansan_benefits, paying_allocation
from mujigae.partners.models import Organisation
from tests.benefits import helpers as h
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e


def _rate(page, project) -> float:
    """The paying project's 집행률 as the execution page shows it ("12.5%")."""
    page.goto(f"/budget/years/{h.YEAR}/execution/")
    text = page.get_by_test_id(f"project-rate-{project.pk}").inner_text()
    assert text.endswith("%"), text
    return float(text.rstrip("%"))


def test_company_applies_coordinator_approves_and_pays(ansan, page):
    load_ansan_benefits()
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    school = Organisation.objects.get(district=ansan, name=SCHOOL_USER_ORG)
    allocation = paying_allocation(ansan, h.YEAR)
    benefit = h.benefit(
        ansan,
        name="현장실습 지원금(하반기)",
        kind="trainee_subsidy",
        alloc=allocation,
        unit_amount=200_000,
        unit_label="인·월",
        yearly_cap=1_200_000,
        conditions=[{"kind": "hosted", "threshold": 1}],
    )
    h.hosted(company, school, 1, names=["최실습"])
    user = User.objects.get(username="company")
    n = selectors.applicable_count(user=user)
    assert n >= 1
    project = allocation.project
    login(page, "coordinator")
    rate_before = _rate(page, project)
    logout(page)

    # the company: its home's to-do, its verdict, the application
    login(page, "company")
    page.goto("/")
    page.get_by_role("link", name=ko("Benefits you can apply for: %(n)s", n=n)).click()
    page.wait_for_url("**/benefits/")
    row = page.get_by_test_id("my-benefits").locator("tr", has_text=benefit.name)
    assert ko("You meet every condition") in row.inner_text()
    page.get_by_test_id(f"apply-{benefit.pk}").click()
    page.wait_for_url(f"**/benefits/{benefit.pk}/apply/**")
    page.fill("#id_quantity", "3")
    page.fill("#id_period", "2학기")
    shot(page, "benefits-apply")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Send the application")).click()
    grant = Grant.objects.get(benefit=benefit, company=company)
    assert (grant.state, grant.amount) == ("applied", 600_000)
    assert ko("Applied") in page.get_by_test_id("state").inner_text()
    logout(page)

    # the coordinator: approve, then pay
    login(page, "coordinator")
    page.goto(f"/benefits/grants/{grant.pk}/")
    for action in ("approve", "pay"):
        page.select_option("#id_action", action)
        with page.expect_navigation():
            page.get_by_test_id("move").click()
    grant.refresh_from_db()
    assert grant.state == "paid"
    assert ko("Paid") in page.get_by_test_id("state").inner_text()
    assert "600,000원" in page.get_by_test_id("spending").inner_text()
    shot(page, "benefits-paid")
    spending = Spending.objects.get(pk=grant.spending_id)
    assert (spending.project, spending.amount, spending.payee_organisation) == (
        project,
        600_000,
        company,
    )
    # the paying project's execution rate moved by the payment
    assert _rate(page, project) > rate_before


def test_every_benefits_page_reads_in_korean_and_passes_axe(ansan, page):
    """The pages not on the path above, each checked by axe as it loads."""
    load_ansan_benefits()
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    benefit = h.benefit(ansan, name="점검용 혜택", conditions=["survey", "status"])
    condition = benefit.conditions.first()
    login(page, "coordinator")
    for url, heading in [
        ("/benefits/", ko("Company benefits")),
        (f"/benefits/{benefit.pk}/", benefit.name),
        (f"/benefits/{benefit.pk}/qualifying/", ko("Who qualifies")),
        (f"/benefits/{benefit.pk}/evidence/?company={company.pk}", company.name),
        ("/benefits/grants/", ko("Ledger of grants")),
        ("/benefits/new/", ko("New benefit")),
        (f"/benefits/{benefit.pk}/conditions/new/", ko("Add a condition")),
        (f"/benefits/conditions/{condition.pk}/", ko("Edit the condition")),
        (f"/partners/{company.pk}/", company.name),
        ("/partners/?benefit_this_year=on", ko("Received a benefit this year")),
    ]:
        page.goto(url)
        assert heading in page.content(), url
    shot(page, "benefits-directory")
    logout(page)
    login(page, "ministry")
    page.goto("/benefits/national/")
    assert ko("Company benefits across districts") in page.content()
    assert company.name not in page.content()
