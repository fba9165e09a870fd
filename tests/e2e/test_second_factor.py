"""Browser: a coordinator sets up an authenticator and logs in with it; a
password-reset link works once; the idle-logout warning and its button."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.core.models import User
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e


def _code_from_secret(secret: str, *, ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    key = secret.replace(" ", "")
    key += "=" * (-len(key) % 8)
    totp = TOTP(b32decode(key))
    totp.time = totp.time + 30 * ahead
    return f"{totp.token():06d}"


def test_coordinator_enrols_and_logs_in_with_totp(ansan, page):
    # a coordinator who has no authenticator yet (the demo's is removed)
    TOTPDevice.objects.filter(user__username="coordinator").delete()
    login(page, "coordinator")
    assert page.url.endswith("/security/enrol/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("h1").inner_text() == ko("Set up your authenticator app")
    assert page.locator("[data-testid=totp-qr] svg").is_visible()  # drawn here, offline
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    assert re.fullmatch(r"[A-Z2-7 ]+", secret)
    shot(page, "second-factor-enrol")

    page.fill("#id_code", "000000")
    with page.expect_navigation() as nav:
        page.locator("main form button[type=submit]").click()
    assert nav.value.status == 422
    assert "코드가 맞지 않습니다" in page.locator("main").inner_text()

    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.fill("#id_code", _code_from_secret(secret))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    codes = page.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    shot(page, "second-factor-recovery-codes")
    with page.expect_navigation():
        page.get_by_role("link", name=ko("I have kept them — continue")).click()
    assert page.locator("[data-testid=who]").is_visible()
    logout(page)

    # the next log-in asks for the code
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "mujigae-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/security/verify/")
    assert page.locator("h1").inner_text() == ko("Type the code from your app")
    page.fill("#id_code", _code_from_secret(secret, ahead=1))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert (
        page.locator("[data-testid=who]")
        .inner_text()
        .startswith(User.objects.get(username="coordinator").display_name)
    )


def test_a_reset_link_works_once(ansan, page):
    User.objects.filter(username="company").update(email="hr@banwol.example.kr")
    page.goto("/login/")
    with page.expect_navigation():
        page.get_by_role("link", name=ko("Forgot your password?")).click()
    page.fill("#id_email", "hr@banwol.example.kr")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "계정의 주소라면" in page.locator("[data-testid=reset-sent]").inner_text()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/security/password/reset/\S+/)", mail.outbox[0].body)
    page.goto(link.group(1))
    assert "/set-password/" in page.url
    page.fill("#id_new_password1", "Banwol-robotics-hr-2025")
    page.fill("#id_new_password2", "Banwol-robotics-hr-2025")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[data-testid=reset-complete]").is_visible()
    login(page, "company", "Banwol-robotics-hr-2025")
    assert page.locator("[data-testid=who]").is_visible()
    logout(page)
    page.goto(link.group(1))
    assert page.locator("[data-testid=reset-invalid]").inner_text() == ko(
        "This link no longer works"
    )
    shot(page, "password-reset-used-link")


def test_idle_warning_and_keep_using(ansan, page, settings):
    settings.MUJIGAE_IDLE_MINUTES_OTHER = 62 / 60  # the warning shows after 2 seconds
    login(page, "partner")
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=10_000)
    assert ko("Keep using") in warning.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/security/keepalive/")) as ping:
        warning.get_by_role("button").click()
    assert ping.value.status == 204
    warning.wait_for(state="hidden")
