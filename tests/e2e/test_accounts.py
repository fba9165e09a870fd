"""People and access in a real browser: the coordinator invites a company
manager, who opens the link from the e-mail, sets a password and lands on the
company's home page, logged in; the same link then no longer works."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from mujigae.core.models import Role, User
from mujigae.demo.ansan import COMPANY_USER_ORG
from mujigae.partners.models import Organisation
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e
LINK = re.compile(r"https?://[^\s]+(/accounts/invite/[^/\s]+/)")


def test_coordinator_invites_a_company_manager_who_sets_a_password(ansan, page, settings):
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    mail.outbox.clear()

    login(page, "coordinator")
    page.goto("/accounts/invitations/")
    page.get_by_role("link", name=ko("Invite a person")).first.click()
    page.fill("#id_name", "정초대")
    page.fill("#id_email", "Jung.Manager@Company.example.com")
    page.select_option("#id_organisation", str(company.pk))
    page.select_option("#id_role", Role.COMPANY.value)
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Send the invitation")).click()
    assert page.url.endswith("/accounts/invitations/")
    row = page.locator("[data-testid=invitation-list]").inner_text()
    assert "정초대" in row and "jung.manager@company.example.com" in row
    shot(page, "accounts-invitations")

    [message] = mail.outbox
    assert message.to == ["jung.manager@company.example.com"]
    path = LINK.search(message.body).group(1)
    logout(page)

    page.goto(path)
    assert "정초대" in page.locator("main h1").inner_text()
    assert page.get_by_test_id("login-email").inner_text() == "jung.manager@company.example.com"
    page.fill("#id_password1", "company")  # too short, too common: said in Korean
    page.fill("#id_password2", "company")
    page.get_by_role("button", name=ko("Create my account")).click()
    assert page.locator(".errorlist").first.is_visible()
    assert not User.objects.filter(username="jung.manager@company.example.com").exists()
    page.fill("#id_password1", "banwol-robotics-2025")
    page.fill("#id_password2", "banwol-robotics-2025")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Create my account")).click()
    assert page.url.rstrip("/").endswith(page.url.split("/", 3)[2]) or page.url.endswith("/")
    who = page.get_by_test_id("who").inner_text()
    assert "정초대" in who and ko("Company manager") in who and COMPANY_USER_ORG in who
    assert ko("Welcome to mujigae. Your account is ready.") in page.content()
    shot(page, "accounts-accepted-home")
    user = User.objects.get(username="jung.manager@company.example.com")
    assert (user.role, user.organisation) == (Role.COMPANY, company)

    # the link worked once; the new person logs in with the e-mail, in any case
    logout(page)
    page.goto(path)
    assert page.get_by_test_id("invitation-unusable").inner_text() == ko(
        "This invitation has already been used"
    )
    login(page, "JUNG.Manager@company.example.com", "banwol-robotics-2025")
    assert "정초대" in page.get_by_test_id("who").inner_text()
