"""Governance in a real browser: a coordinator runs a meeting from the form to an
action item, the owning company closes it, another company never sees it; and
a bad form shows its errors in Korean and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mujigae.core.models import AuditEntry, Role, User
from mujigae.demo.ansan import COMPANY_B_ORG, COMPANY_USER_ORG
from mujigae.governance.models import ActionItem, Decision, Meeting
from mujigae.partners.models import Organisation
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e

OTHER_PASSWORD = "another-company-pw-2025"


def _korean_date(day: dt.date) -> str:
    return f"{day.year}. {day.month}. {day.day}."  # 2025. 8. 8.


def test_meeting_to_action_item_to_done_and_only_the_owner_sees_it(ansan, page):
    today = timezone.localdate()
    starts = dt.datetime.combine(today + dt.timedelta(days=14), dt.time(14, 30))
    due = today + dt.timedelta(days=30)
    title = "E2E 제3차 지역직업교육협의회"
    decision_1 = "협동로봇 현장실습 수용 계획을 참여 기업별로 제출한다"
    decision_2 = "다음 협의회는 반월 스마트허브에서 연다"
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    n_meetings = Meeting.objects.count()

    # --- the coordinator creates the meeting through the form --------------
    login(page, "coordinator")
    page.get_by_role("link", name=ko("New meeting")).click()
    page.wait_for_url("**/governance/meetings/new/")
    assert page.locator("main h1").inner_text() == ko("New meeting")
    page.select_option("#id_kind", "council")
    page.fill("#id_title", title)
    assert page.locator("#id_starts_at").get_attribute("type") == "text"
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%d %H:%M"))
    page.fill("#id_place", "안산시청 제1회의실")
    page.fill("#id_agenda", "1. 현장실습 수요 점검\n2. 교과 모듈 공동 개발")
    # attending organisations: ticked in a list filtered as one types (no Ctrl-click)
    orgs = page.locator("#id_organisations")
    search = orgs.get_by_role("searchbox")
    search.fill("안산")
    assert orgs.get_by_label(COMPANY_USER_ORG, exact=True).is_hidden()  # filtered out
    orgs.get_by_label("안산교육지원청", exact=True).check()
    orgs.get_by_label("안산시", exact=True).check()
    search.fill(COMPANY_USER_ORG[:3])
    orgs.get_by_label(COMPANY_USER_ORG, exact=True).check()
    assert orgs.get_by_label("안산시", exact=True).is_visible()  # a ticked one stays in view
    assert orgs.locator(".searchable-count").inner_text() == "3개 선택됨"
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()

    meeting = Meeting.objects.get(title=title)
    assert Meeting.objects.count() == n_meetings + 1
    assert page.url.endswith(f"/governance/meetings/{meeting.pk}/"), page.url
    # the typed time is Seoul time, shown the Korean way
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == starts
    assert meeting.kind == "council" and meeting.status == Meeting.Status.PLANNED
    assert page.get_by_role("status").inner_text().strip() == ko("The meeting was created.")
    facts = page.locator("dl.facts").inner_text()
    assert f"{_korean_date(starts.date())} 14:30" in facts
    assert "안산시청 제1회의실" in facts and COMPANY_USER_ORG in facts
    assert ko("Regional vocational education council") in facts
    assert {o.name for o in meeting.organisations.all()} == {
        "안산교육지원청",
        "안산시",
        COMPANY_USER_ORG,
    }

    # --- minutes with two decisions -----------------------------------------
    page.get_by_role("link", name=ko("Record minutes and decisions")).click()
    page.wait_for_url(f"**/governance/meetings/{meeting.pk}/minutes/")
    page.fill("#id_minutes", "참여 기업의 현장실습 수용 계획을 점검했다.")
    page.fill("#id_decisions", f"{decision_1}\n\n{decision_2}\n")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    assert page.get_by_role("status").inner_text().strip() == ko("The minutes were saved.")
    decisions = page.locator("section[aria-labelledby=h-decisions] .decision")
    assert decisions.count() == 2
    assert decisions.nth(0).inner_text().startswith(f"1. {decision_1}")
    assert decisions.nth(1).inner_text().startswith(f"2. {decision_2}")
    assert "참여 기업의 현장실습 수용 계획을 점검했다." in page.locator("main").inner_text()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert list(meeting.decisions.values_list("number", "text")) == [
        (1, decision_1),
        (2, decision_2),
    ]

    # --- decision 1 becomes an action item owned by the company -------------
    decisions.nth(0).get_by_role("link", name=ko("Turn into an action item")).click()
    page.wait_for_url("**/governance/actions/new/?decision=*")
    assert page.locator("#id_title").input_value() == decision_1  # prefilled
    # the owner among the attending organisations first
    attending = page.locator('#id_owner optgroup[label="참석 기관"] option')
    assert COMPANY_USER_ORG in attending.all_inner_texts()
    page.select_option("#id_owner", label=COMPANY_USER_ORG)
    page.fill("#id_due_date", due.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    assert page.url.endswith(f"/governance/meetings/{meeting.pk}/"), page.url
    assert page.get_by_role("status").inner_text().strip() == ko(
        "The action item was created and assigned to %(owner)s.", owner=COMPANY_USER_ORG
    )
    item = ActionItem.objects.get(title=decision_1)
    assert item.owner == company and item.due_date == due
    assert item.decision == Decision.objects.get(meeting=meeting, number=1)
    assert item.status == ActionItem.Status.OPEN
    listed = decisions.nth(0).locator("li")
    assert listed.count() == 1
    assert COMPANY_USER_ORG in listed.inner_text()
    assert _korean_date(due) in listed.inner_text()
    # the decision says it has been used
    assert decisions.nth(0).get_by_test_id("decision-used").inner_text() == "실행 과제 1건 생성됨"
    shot(page, "flow-meeting-with-action")
    logout(page)

    # --- the company sees it at home, opens it and marks it done -------------
    login(page, "company")
    mine = page.locator("section[aria-labelledby=h-my-actions]")
    mine.get_by_role("link", name=decision_1).click()
    page.wait_for_url(f"**/governance/actions/{item.pk}/")
    assert page.locator("main h1").inner_text().startswith(decision_1)
    assert ko("Open") in page.locator("main h1 .badge").inner_text()
    page.get_by_role("link", name=ko("Update status")).click()
    page.wait_for_url(f"**/governance/actions/{item.pk}/update/")
    # the owner's form: status and note only
    assert (
        page.locator(
            "main form select, main form input:not([type=hidden]), main form textarea"
        ).count()
        == 2
    )
    page.select_option("#id_status", label=ko("Done"))
    assert ko("Done") == "완료"
    page.fill("#id_progress_note", "기업별 수용 계획 3건을 취합해 제출했습니다.")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    assert page.url.endswith(f"/governance/actions/{item.pk}/"), page.url
    assert page.get_by_role("status").inner_text().strip() == ko("The action item was saved.")
    badge = page.locator("main h1 .badge.status-done")
    assert badge.inner_text() == "완료"
    facts = page.locator("dl.facts").inner_text()
    assert "기업별 수용 계획 3건을 취합해 제출했습니다." in facts
    assert ko("Completed at") in facts
    shot(page, "flow-action-done-company")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE and item.completed_at is not None
    assert AuditEntry.objects.filter(
        object_type="governance.ActionItem",
        object_id=str(item.pk),
        action="update",
        actor__username="company",
    ).exists()
    # done: no longer among the open items on the company's home page
    page.goto("/")
    assert decision_1 not in page.locator("section[aria-labelledby=h-my-actions]").inner_text()
    logout(page)

    # --- another company of the same district never sees it -----------------
    other_org = Organisation.objects.get(district=ansan, name=COMPANY_B_ORG)
    other = User.objects.create(
        username="company-b",
        role=Role.COMPANY,
        district=ansan,
        organisation=other_org,
        display_name="한빛비전AI 담당자(예시)",
    )
    other.set_password(OTHER_PASSWORD)
    other.save()
    login(page, "company-b", OTHER_PASSWORD)
    assert page.locator("main h1").inner_text() == ko("What to do next")
    home = page.locator("main").inner_text()
    assert decision_1 not in home
    assert "AI 비전 검사 실습 키트 시범 제공" in home  # its own item is there
    page.get_by_role("link", name=ko("Action items"), exact=True).click()
    page.wait_for_url("**/governance/actions/")
    listing = page.locator("main table").inner_text()
    assert decision_1 not in listing
    assert "AI 비전 검사 실습 키트 시범 제공" in listing
    page.goto(f"/governance/actions/?q={decision_1[:10]}&status=done")
    assert ko("No action items.") in page.locator("main table").inner_text()
    for url in (f"/governance/actions/{item.pk}/", f"/governance/actions/{item.pk}/update/"):
        response = page.goto(url)
        assert response.status == 404, url
        assert page.locator("main h1").inner_text() == ko("The page was not found.")
        assert decision_1 not in page.content()
    shot(page, "flow-not-found-company-b")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE


def test_empty_meeting_form_shows_korean_errors_and_saves_nothing(ansan, page):
    n_meetings = Meeting.objects.count()
    n_audit = AuditEntry.objects.count()
    login(page, "coordinator")
    page.goto("/governance/meetings/new/")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name=ko("Save")).click()
    assert nav.value.status == 422
    assert page.url.endswith("/governance/meetings/new/"), page.url
    assert page.locator("html").get_attribute("lang") == "ko"

    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert summary.locator("strong").inner_text() == ko("Please correct the errors below.")
    required = ko("This field is required.")
    # one line per bad field, each a link to its field
    links = summary.locator("li a")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert {"#id_kind", "#id_title", "#id_starts_at"} <= hrefs, hrefs
    assert required in summary.inner_text()
    assert "required" not in summary.inner_text()
    for field in ("kind", "title", "starts_at"):
        error = page.locator(f"#id_{field}_error")
        assert error.is_visible(), field
        assert error.inner_text().strip() == required, field
    # optional fields carry no error
    assert not page.locator("#id_place_error").count()
    shot(page, "meeting-form-errors")

    # the summary's first link points at the first bad field
    links.first.click()
    assert page.evaluate("location.hash") == "#id_kind"
    assert Meeting.objects.count() == n_meetings
    assert AuditEntry.objects.count() == n_audit

    # a date out of range is refused too, with what was typed kept
    page.select_option("#id_kind", "meeting")
    page.fill("#id_title", "범위 밖 날짜 회의")
    page.fill("#id_starts_at", "1999-12-31T10:00")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    assert page.locator("#id_starts_at_error").inner_text().strip() == ko(
        "Enter a date between 2000 and ten years from now."
    )
    assert not page.locator("#id_title_error").count()
    assert page.locator("#id_title").input_value() == "범위 밖 날짜 회의"
    assert Meeting.objects.count() == n_meetings
    assert not Meeting.objects.filter(title="범위 밖 날짜 회의").exists()

    # a long paste reaches the server whole and is said too long (no maxlength
    # cutting it in the browser); a date that does not exist is said so, not
    # "required" (a browser's date input would have sent it empty)
    long_title = "가" * 10_000
    assert page.locator("#id_title").get_attribute("maxlength") is None
    assert page.locator("#id_starts_at").get_attribute("type") == "text"
    page.fill("#id_title", "")
    page.focus("#id_title")
    page.keyboard.insert_text(long_title)
    assert len(page.locator("#id_title").input_value()) == 10_000
    page.fill("#id_starts_at", "")
    page.locator("#id_starts_at").press_sequentially("2025-02-30 10:00")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name=ko("Save")).click()
    assert nav.value.status == 422
    assert page.locator("#id_title_error").inner_text().strip() == (
        "최대 200자까지 입력할 수 있습니다. 입력한 내용은 10000자입니다."
    )
    assert len(page.locator("#id_title").input_value()) == 10_000  # kept as typed
    starts_error = page.locator("#id_starts_at_error").inner_text()
    assert "날짜나 시각이 올바르지 않습니다(2025-02-30 10:00)" in starts_error
    assert ko("This field is required.") not in starts_error
    assert page.locator("#id_starts_at").input_value() == "2025-02-30 10:00"
    assert Meeting.objects.count() == n_meetings
