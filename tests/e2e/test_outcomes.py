"""Outcomes in a real browser: the school records a hire and its 6-month
follow-up for one of its graduates; the coordinator opens the dashboard, clicks
a figure, sees the graduates behind it (masked) and downloads the table."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mujigae.demo.ansan import SCHOOL_USER_ORG
from mujigae.demo.outcomes import load_ansan_outcomes
from mujigae.outcomes.models import FollowUp, GraduateRecord, Hire
from mujigae.students.masking import mask_name
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e


def test_school_records_a_hire_and_follow_up_coordinator_drills_down(ansan, page):
    load_ansan_outcomes()
    record = (
        GraduateRecord.objects.filter(
            school__name=SCHOOL_USER_ORG, status="not_employed", student__number__lt=8
        )
        .select_related("student")
        .order_by("graduation_year", "student__number")
        .first()
    )
    assert record is not None, "the demo has a graduate without a job in the school"
    student = record.student

    # the school: the graduate's page, status employed, a hire
    login(page, "school")
    page.goto(f"/outcomes/students/{student.pk}/")
    assert mask_name(student.name) in page.locator("[data-testid=student-heading]").inner_text()
    page.select_option("#id_status", "employed")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save the status")).click()
    page.get_by_role("link", name=ko("Record a hire")).first.click()
    page.wait_for_url("**/hires/new/")
    page.select_option("#id_company", index=1)
    page.fill("#id_start_date", f"{record.graduation_year}-03-02")
    page.select_option("#id_contract_type", "permanent")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    hire = Hire.objects.get(student=student)
    assert hire.follow_ups.count() == 3
    assert ko("The hire was saved; follow-ups are due 6, 12 and 24 months after its start.") in (
        page.content()
    )
    shot(page, "outcomes-student")

    # the 6-month follow-up, from the graduate's page
    follow_up = hire.follow_ups.get(months=6)
    page.goto(f"/outcomes/follow-ups/{follow_up.pk}/")
    page.select_option("#id_still_employed", "yes")
    page.select_option("#id_still_insured", "yes")
    page.select_option("#id_in_district", "yes")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save the follow-up")).click()
    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    assert follow_up.done_on is not None and follow_up.still_insured
    logout(page)

    # the coordinator: dashboard, one figure, its rows, the Excel table
    login(page, "coordinator")
    page.goto("/outcomes/")
    assert page.locator("[data-testid=how]").is_visible()
    assert "55.3%" in page.locator("[data-testid=national]").inner_text()
    table = page.locator("[data-testid=outcomes-table]")
    assert SCHOOL_USER_ORG in table.inner_text()
    # the labels say what the rows are (issue 16: "전국 합계" over a column "지구")
    assert table.locator("thead th").nth(1).inner_text() == ko("School")
    assert table.locator("tr.total th").first.inner_text() == ko("District total")
    shot(page, "outcomes-dashboard")
    row = table.locator("tr", has_text=SCHOOL_USER_ORG).filter(has_text=str(record.graduation_year))
    row.locator("td[data-figure=employed] a").click()
    page.wait_for_url("**/outcomes/figure/**")
    rows = page.locator("[data-testid=figure-rows]").inner_text()
    assert mask_name(student.name) in rows
    assert student.name not in rows
    shot(page, "outcomes-figure")

    page.goto("/outcomes/")
    with page.expect_download() as dl:
        page.get_by_test_id("outcomes-export").click()
    download = dl.value
    assert download.suggested_filename.endswith(".xlsx")
    ws = load_workbook(BytesIO(Path(download.path()).read_bytes())).worksheets[0]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert ko("Employment rate (취업률)") in header
    assert ws.max_row > 2
