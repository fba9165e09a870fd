"""The annual report in a real browser (issue 16): the Ansan coordinator
enters the year's entered indicators with evidence from the library,
generates the report and follows its progress (the page polls; the worker
step runs here), sees the finished report with its charts, writes the
narrative of every area, submits and downloads the PDF."""

from __future__ import annotations

import pytest

from mujigae.reports import report_services
from mujigae.reports.models import AnnualReport, EnteredValue, Indicator, ReportRun
from tests.e2e.conftest import ko, login, shot

pytestmark = pytest.mark.e2e

YEAR = 2026


def test_a_coordinator_writes_generates_and_submits_the_report(ansan, page, tmp_path):
    from mujigae.core.models import User
    from tests.sharing.doc_helpers import make_document

    # the evidence: a document of the library the coordinator sees
    make_document(User.objects.get(username="coordinator"), "2026 성과 증빙 자료", everyone=True)
    login(page, "coordinator")
    page.get_by_role("link", name=ko("Evaluation")).click()
    page.wait_for_url("**/reports/")

    # the entered indicators of the year, each with an evidence document
    page.get_by_role("link", name=ko("Entered indicators of %(year)s") % {"year": YEAR}).click()
    page.wait_for_url(f"**/reports/entered/{YEAR}/")
    items = Indicator.objects.filter(area__framework__year=YEAR, kind="entered").order_by("pk")
    # a value out of range first: refused in Korean
    first = items[0]
    section = page.locator(f"#indicator-{first.pk}")
    section.locator("input[name=value]").fill("-5")
    with page.expect_navigation():
        section.get_by_role("button", name=ko("Save the value")).click()
    assert page.locator(".errorlist").first.is_visible()
    for item in items:
        section = page.locator(f"#indicator-{item.pk}")
        section.locator("input[name=value]").fill("12")
        section.locator("select[name=evidence]").select_option(index=1)
        with page.expect_navigation():
            section.get_by_role("button", name=ko("Save the value")).click()
    assert EnteredValue.objects.filter(indicator__in=items, district=ansan).count() == len(items)
    shot(page, "annual-entered")

    # make the report, generate it: the progress box polls while it waits
    page.goto("/reports/")
    with page.expect_navigation():
        page.locator(f"[data-testid=year-{YEAR}]").get_by_role(
            "button", name=ko("Make the report")
        ).click()
    report = AnnualReport.objects.get(district=ansan, framework__year=YEAR)
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Generate the report")).click()
    box = page.get_by_test_id("report-progress")
    assert box.locator("progress").is_visible()
    shot(page, "annual-progress")
    run = ReportRun.objects.get(report=report)
    report_services.generate_execute(run_id=run.pk)  # what the worker does
    box.get_by_test_id("download-pdf").wait_for()  # htmx swapped the finished box in
    page.reload()
    assert page.get_by_test_id("report-score").inner_text() != "—"
    assert page.locator("svg.chart").count() >= len(items)  # a chart per indicator with data

    # the narrative of every area, saved as drafts
    for n, textarea in enumerate(page.locator("textarea[name=text]").all()):
        textarea.fill(f"올해 영역 {n + 1}의 성과와 과제를 정리합니다.")
        with page.expect_navigation():
            textarea.locator("xpath=ancestor::form").get_by_role(
                "button", name=ko("Save the draft")
            ).click()
    # a submission now: the narrative changed nothing, the figures are current
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Submit the report")).click()
    report.refresh_from_db()
    assert report.is_frozen, page.get_by_test_id("submit-errors").inner_text()
    assert page.get_by_test_id("report-status").inner_text() == ko("submitted")
    shot(page, "annual-submitted")

    # the PDF downloads
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").first.click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
