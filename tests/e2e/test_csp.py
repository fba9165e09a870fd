"""The Content-Security-Policy in a real browser: Chromium reports every script
or style the policy refuses on the console ("Executing inline script violates
the following Content Security Policy directive …"; older versions: "Refused to
execute inline script because it violates …").
The main pages of every role, the survey answer page, the language switch and
Django's admin are opened and must report none — and the scripts that moved
into static files must still do their work."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.core.models import Role, User
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

ROLES = ["coordinator", "school", "company", "partner", "student", "ministry"]
VIOLATION = ("Content Security Policy", "Refused to")


def watch(page) -> list[str]:
    """Collect the console messages that report a refused script or style."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text}")
            if any(word in msg.text for word in VIOLATION)
            else None
        ),
    )
    return violations


def _links(page, selector: str) -> list[str]:
    hrefs = page.locator(selector).evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/")]


@pytest.mark.parametrize("username", ROLES)
def test_no_csp_violation_on_the_main_pages_of_every_role(ansan, page, username):
    violations = watch(page)
    login(page, username)
    header = page.context.request.get("/").headers  # the policy is sent
    assert "script-src 'self'" in header["content-security-policy"]
    pages = _links(page, "nav.main-nav a") + _links(page, "footer .legal-links a")
    assert len(pages) >= 4, pages
    for url in dict.fromkeys(pages):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
    assert not violations, "\n".join(violations)


def test_anonymous_pages_have_no_csp_violation(ansan, page):
    violations = watch(page)
    for url in ("/login/", "/privacy/", "/privacy/ansan/", "/terms/", "/contact/ansan/"):
        assert page.goto(url).status == 200, url
        page.wait_for_load_state("load")
    assert not violations, "\n".join(violations)


def test_the_moved_scripts_still_run(ansan, page):
    """The language switch (data-autosubmit, core app.js) and the survey answer
    form (surveys/answer_form.js) work from their static files."""
    from mujigae.demo.surveys import load_ansan_surveys

    token = load_ansan_surveys().sample_token
    violations = watch(page)
    login(page, "coordinator")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("#lang-select", "ko")
    assert page.locator("html").get_attribute("lang") == "ko"

    page.goto(f"/s/{token}/")
    add_row = page.locator("[data-add-row]").first
    assert add_row.is_visible()  # hidden until the script shows it
    rows = page.locator("[data-rows] tr").count()
    add_row.click()
    assert page.locator("[data-rows] tr").count() == rows + 1
    assert not violations, "\n".join(violations)


def test_django_admin_has_no_csp_violation(ansan, page):
    admin = User.objects.create_superuser(
        username="admin", password="admin-pass-2025", email="", role=Role.COORDINATOR
    )
    # a platform administrator logs in with the second factor (tests/security)
    TOTPDevice.objects.create(user=admin, name="admin", confirmed=True)
    violations = watch(page)
    login(page, "admin", "admin-pass-2025")
    for url in ("/admin/", "/admin/core/user/", "/admin/core/user/add/", "/admin/auth/group/"):
        assert page.goto(url).status == 200, url
        page.wait_for_load_state("load")
    page.goto("/admin/core/user/")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path.endswith("/change/")
    assert not violations, "\n".join(violations)


@pytest.mark.a11y_exempt("a bare probe page served by the test itself, not a page of mujigae")
def test_the_watch_sees_a_refused_inline_script(page, live_server):
    """The console listener above would catch a violation (else the tests
    above prove nothing): a page under the same header with an inline script."""
    from django.test import Client

    policy = Client().get("/login/").headers["Content-Security-Policy"]
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body="<!doctype html><p>probe</p><script>document.title = 'ran';</script>",
        ),
    )
    violations = watch(page)
    page.goto("/csp-probe/")
    page.wait_for_load_state("load")
    assert page.title() != "ran"
    # Chromium's wording changes between versions ("Refused to execute inline
    # script because it violates …", "Executing inline script violates …").
    assert any("inline script" in v and "Content Security Policy" in v for v in violations)
