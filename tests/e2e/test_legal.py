"""The policy pages in a real browser: a visitor follows the footer from the
login page to the district's privacy policy; the district coordinator
publishes a new version, which the public page then shows with the earlier
one listed."""

from __future__ import annotations

import pytest

from mujigae.demo.legal import OFFICER, load_ansan_legal
from mujigae.legal.models import PrivacyPolicy
from tests.e2e.conftest import login, shot

pytestmark = pytest.mark.e2e


def test_footer_to_the_districts_privacy_policy(ansan, page):
    load_ansan_legal()
    page.goto("/login/")
    page.locator("footer .legal-links").get_by_role("link", name="개인정보처리방침").click()
    page.wait_for_url("**/privacy/")
    page.get_by_test_id("district-policies").get_by_role("link", name=ansan.name).click()
    page.wait_for_url("**/privacy/ansan/")
    policy = page.get_by_test_id("privacy-policy")
    assert "제2판" in page.get_by_test_id("version-line").inner_text()
    assert OFFICER["officer_name"] in page.get_by_test_id("officer").inner_text()
    assert "개인정보침해신고센터" in policy.inner_text()
    assert "제1판" in page.get_by_test_id("versions").inner_text()
    page.locator("footer .legal-links").get_by_role("link", name="이용약관").click()
    page.wait_for_url("**/terms/")
    assert "제1조(목적)" in page.get_by_test_id("terms").inner_text()
    shot(page, "legal-terms")


def test_the_coordinator_publishes_a_new_version(ansan, page):
    load_ansan_legal()
    login(page, "coordinator")
    page.locator("footer .legal-links").get_by_role("link", name="개인정보처리방침").click()
    page.wait_for_url("**/privacy/")
    page.get_by_role("link", name="수정: 새 판 게시").click()
    page.wait_for_url("**/privacy/edit/")
    page.get_by_label("개인정보 보호책임자: 성명").fill("최새봄(예시)")
    page.get_by_label("변경 내용").fill("개인정보 보호책임자 변경")
    with page.expect_navigation():
        page.get_by_role("button", name="게시").click()
    assert page.url.endswith("/privacy/ansan/")
    assert "개인정보처리방침 제3판을 게시했습니다." in page.locator(".messages").inner_text()
    assert "최새봄(예시)" in page.get_by_test_id("officer").inner_text()
    versions = page.get_by_test_id("versions").inner_text()
    assert "제3판" in versions and "개인정보 보호책임자 변경" in versions and "제1판" in versions
    assert PrivacyPolicy.objects.filter(district=ansan).count() == 3
    shot(page, "legal-privacy-v3")
