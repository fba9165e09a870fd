"""Budget execution in a real browser (axe checks every page): the
coordinator opens this year's execution figures on the demo budget, reads the
burn-down chart, clicks a project's figure and sees the rows behind it, whose
total is the figure; downloads the workbook; the school sees its own project
only; the ministry compares the districts without a payee."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from mujigae.budget import execution_selectors as selectors
from mujigae.budget.models import FiscalYear, Project
from mujigae.core.models import User
from mujigae.demo.ansan import SCHOOL_USER_ORG
from mujigae.demo.budget import load_ansan_budget
from tests.e2e.conftest import login, logout, shot

pytestmark = pytest.mark.e2e


def test_coordinator_drills_from_a_project_rate_to_its_rows(ansan, page):
    load_ansan_budget()
    year = timezone.localdate().year
    fy = FiscalYear.objects.get(district=ansan, year=year)
    data = selectors.execution(User.objects.get(username="coordinator"), fy)
    school_project = Project.objects.get(fiscal_year=fy, runner__name=SCHOOL_USER_ORG)
    figure = next(f for f in data.projects if f.pk == school_project.pk)

    login(page, "coordinator")
    page.goto(f"/budget/years/{year}/execution/")
    assert page.get_by_test_id("total-rate").inner_text() == data.total.rate_text
    assert page.get_by_test_id("burn-down").is_visible()
    chart = page.get_by_test_id("burn-down").locator('svg[role="img"]')
    assert chart.count() == 1  # drawn by core.charts, like every chart
    legend = chart.text_content()
    assert f"올해({year})" in legend and "균등 집행" in legend
    assert f"{data.last_year_label} 회계연도" in legend  # last year's curve
    rate = page.get_by_test_id(f"project-rate-{school_project.pk}")
    assert rate.inner_text() == figure.rate_text
    shot(page, "budget-execution")
    rate.click()
    page.wait_for_url(f"**/budget/years/{year}/spending/?project={school_project.pk}")
    total = page.get_by_test_id("rows-total").inner_text()
    assert total == f"{figure.spent:,}원"
    rows = page.get_by_test_id("spending-rows").inner_text()
    assert str(school_project) in rows
    shot(page, "budget-spending-rows")

    page.goto(f"/budget/years/{year}/execution/")
    with page.expect_download() as dl:
        page.get_by_test_id("execution-xlsx").click()
    wb = load_workbook(BytesIO(Path(dl.value.path()).read_bytes()))
    assert wb.sheetnames == ["재원별", "사업별", "비목별", "월별", "집행내역"]
    # last year: closed, carry-over per source
    page.goto(f"/budget/years/{year - 1}/execution/")
    assert page.get_by_test_id("closing-table").is_visible()
    logout(page)

    # the school: its own project only
    login(page, "school")
    page.goto(f"/budget/years/{year}/execution/")
    table = page.get_by_test_id("project-table").inner_text()
    assert school_project.name in table
    assert len(page.locator("[data-testid=project-table] tbody tr").all()) == 1
    logout(page)

    # the ministry: districts side by side, no payee
    login(page, "ministry")
    page.goto(f"/budget/national/?year={year}")
    assert page.get_by_test_id(f"district-rate-{ansan.pk}").inner_text() == data.total.rate_text
    assert "강사 김예시" not in page.content()
    shot(page, "budget-national")
