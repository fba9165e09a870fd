"""The access log in a real browser: a coordinator searches a student by name
(a POST: the name never shows in a URL), opens the record giving a purpose,
downloads the list with a reason, and finds that download on the monthly
review page, where they confirm it."""

from __future__ import annotations

import pytest

from mujigae.partners.models import Organisation, OrgKind
from mujigae.students.models import AccessLog, AccessReviewConfirmation
from tests.e2e.conftest import ko, login, shot
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.e2e

NAME = "황보검색"
PHONE = "010-2468-1357"


def test_search_open_download_and_confirm_on_the_review(ansan, page):
    school = Organisation.objects.filter(district=ansan, kind=OrgKind.SCHOOL).order_by("pk")[0]
    student = StudentFactory(school=school, number=7, name=NAME, phone=PHONE, school_year=2025)
    StudentFactory(school=school, number=8, name="김다른", school_year=2025)
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    login(page, "coordinator")
    page.get_by_test_id("access-review-link").wait_for()

    # search by name: POSTed, the results swapped into the page
    page.goto("/students/")
    page.fill("#id_q", NAME)
    # mark the unfiltered results: the swap replaces #results (outerHTML), so
    # the mark is gone exactly when the filtered list has arrived
    page.eval_on_selector("#results", "el => el.setAttribute('data-stale', '1')")
    with page.expect_response(
        lambda r: r.url.endswith("/students/") and r.request.method == "POST"
    ):
        page.get_by_role("button", name=ko("Search")).click()
    page.locator("#results:not([data-stale])").wait_for()
    table = page.locator("[data-testid=student-list]")
    assert "황**색" in table.inner_text()
    assert "김*른" not in table.inner_text() and NAME not in table.inner_text()
    shot(page, "access-search")

    # open the record, giving a purpose (POST)
    table.get_by_role("link", name="황**색").click()
    page.wait_for_url(f"**/students/{student.pk}/")
    page.select_option("#id_purpose", "other")
    page.fill("#id_note", "진로 상담 준비")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Open the record")).click()
    assert page.locator("[data-testid=student-name]").inner_text().startswith(NAME)
    assert PHONE in page.content()
    view = AccessLog.objects.get(student=student, action="view")
    assert view.purpose_note == "진로 상담 준비" and view.ip

    # download the (masked) list with a reason
    page.goto("/students/")
    with page.expect_navigation():
        page.locator("[data-testid=list-download] button").click()
    assert page.locator("[data-testid=download-reason]").is_visible()
    page.select_option("#id_purpose", "placement")
    with page.expect_download() as download:
        page.get_by_role("button", name=ko("Download")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert AccessLog.objects.filter(action="download", purpose="placement").count() == 2

    # the monthly review lists the download; the coordinator confirms everything
    page.goto("/")
    with page.expect_navigation():
        page.get_by_test_id("access-review-link").click()
    item = page.locator("[data-testid=review-item][data-kind=download]")
    assert item.count() == 1
    assert ko("Field training or hiring") in item.inner_text()
    shot(page, "access-review")
    item.locator("input[name=note]").fill("현장실습 배정 자료, 담당자 확인")
    with page.expect_navigation():
        item.get_by_role("button", name=ko("Confirm")).click()
    assert ko("Confirmed.") in page.content()
    # the record opened after hours, if the test runs then: confirmed as well
    while page.locator("[data-testid=review-item] form").count():
        with page.expect_navigation():
            page.locator("[data-testid=review-item] form button").first.click()
    assert (
        page.locator(
            "[data-testid=review-item][data-kind=download] [data-testid=confirmed]"
        ).count()
        == 1
    )
    assert ko("reviewed") in page.locator("[data-testid=review-status]").inner_text()
    confirmation = AccessReviewConfirmation.objects.get(kind="download")
    assert confirmation.note == "현장실습 배정 자료, 담당자 확인"
    shot(page, "access-review-confirmed")

    # no URL the browser asked for carried the name, the phone or the note
    for url in urls:
        from urllib.parse import unquote

        text = unquote(url)
        for secret in (NAME, PHONE, "진로 상담 준비"):
            assert secret not in text, url
