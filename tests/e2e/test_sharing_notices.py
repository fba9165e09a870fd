"""Notices and requests for staff in a real browser (issue 15).

1. A coordinator posts a notice to the schools asking for confirmation; a
   school user finds it in the home's to-do list, opens it and presses
   "확인했습니다"; the coordinator sees who has read and confirmed and reminds
   the rest ("n명에게 알림을 보냈습니다"), and a second reminder within the hour
   is refused in Korean.
2. A school asks a company for an engineer; the company proposes another
   date; the school accepts it; both organisation pages show the contribution.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mujigae.core.models import Role
from mujigae.demo.ansan import COMPANY_USER_ORG, SCHOOL_USER_ORG
from mujigae.partners.models import Organisation
from mujigae.sharing.models import Notice, NoticeReceipt, StaffRequest
from tests import factories as f
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e


def test_notice_to_schools_confirmed_and_reminded(ansan, page):
    school = Organisation.objects.get(district=ansan, name=SCHOOL_USER_ORG)
    f.UserFactory(username="teacher2", role=Role.SCHOOL, district=ansan, organisation=school)
    title = "현장실습 안전교육 이수 확인"

    login(page, "coordinator")
    page.goto("/sharing/notices/")
    page.get_by_test_id("notice-new").click()
    page.wait_for_url("**/sharing/notices/new/")
    page.fill("#id_title", title)
    page.fill("#id_body", "모든 학교는 이번 주 안에 안전교육을 마치고 확인을 눌러 주세요.")
    page.check("input[name=audience_kinds][value=school]")
    page.check("#id_requires_ack")
    shot(page, "notices-new")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    notice = Notice.objects.get(title=title)
    page.get_by_test_id("reader-counts").wait_for()
    logout(page)

    # the school: the to-do on its home, the notice, "확인했습니다"
    login(page, "school")
    page.goto("/")
    page.get_by_role("link", name=ko("Confirm the notice: %(title)s", title=title)).click()
    page.wait_for_url(f"**/sharing/notices/{notice.pk}/")
    assert "안전교육" in page.get_by_test_id("notice-body").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("ack").click()
    page.get_by_test_id("acknowledged").wait_for()
    receipt = NoticeReceipt.objects.get(notice=notice, user__username="school")
    assert receipt.acknowledged_at is not None
    logout(page)

    # the coordinator: who has read and confirmed, then the reminder
    login(page, "coordinator")
    page.goto(f"/sharing/notices/{notice.pk}/")
    counts = page.get_by_test_id("reader-counts").inner_text()
    total = notice_total(notice)
    assert ko("Confirmed: %(ack)s of %(total)s", ack=1, total=total) in counts
    rows = page.get_by_test_id("reader-list").inner_text()
    assert "teacher2" in rows
    with page.expect_navigation():
        page.get_by_test_id("remind").click()
    expected = ko("A reminder was sent to %(n)s people.", n=total - 1)
    page.get_by_text(expected).wait_for()
    shot(page, "notices-readers")
    with page.expect_navigation():
        page.get_by_test_id("remind").click()
    page.get_by_test_id("error").wait_for()
    assert "한 시간" in page.get_by_test_id("error").inner_text()
    notice.refresh_from_db()
    assert notice.reminders == 1


def notice_total(notice) -> int:
    from mujigae.sharing import notice_selectors

    return notice_selectors.audience_members(notice).count()


def test_staff_request_with_another_date(ansan, page):
    school = Organisation.objects.get(district=ansan, name=SCHOOL_USER_ORG)
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    start = timezone.localdate() + dt.timedelta(days=14)
    other = start + dt.timedelta(days=7)
    title = "협동로봇 모듈 수업 엔지니어 요청"

    login(page, "school")
    page.goto("/sharing/requests/")
    page.get_by_test_id("request-new").click()
    page.wait_for_url("**/sharing/requests/new/")
    page.select_option("#id_requester", str(school.pk))
    page.select_option("#id_provider", str(company.pk))
    page.select_option("#id_kind", "person")
    page.fill("#id_title", title)
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", start.isoformat())
    page.fill("#id_hours", "0")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    assert ko("Hours must be between 1 and 10000.") in page.content()
    assert not StaffRequest.objects.exists()
    page.fill("#id_hours", "8")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    req = StaffRequest.objects.get(title=title)
    page.get_by_test_id("status").wait_for()
    logout(page)

    # the company proposes another date
    login(page, "company")
    page.goto("/")
    page.get_by_role("link", name=ko("Requests for staff waiting for your answer")).click()
    page.get_by_role("link", name=title).click()
    page.wait_for_url(f"**/sharing/requests/{req.pk}/")
    page.get_by_test_id("proposed-from").fill(other.isoformat())
    page.get_by_test_id("proposed-until").fill(other.isoformat())
    with page.expect_navigation():
        page.get_by_test_id("move-propose").click()
    page.get_by_test_id("proposed").wait_for()
    logout(page)

    # the school accepts the proposed date
    login(page, "school")
    page.goto(f"/sharing/requests/{req.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("move-accept_proposal").click()
    assert ko("Accepted") in page.get_by_test_id("status").inner_text()
    req.refresh_from_db()
    assert (req.status, req.starts_on) == ("accepted", other)

    # both organisation pages show it
    for org in (school, company):
        page.goto(f"/partners/{org.pk}/")
        section = page.get_by_test_id("org-staff-requests")
        section.wait_for()
        assert title in section.inner_text()
    shot(page, "requests-organisation")
