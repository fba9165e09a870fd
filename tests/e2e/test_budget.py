"""The budget in a real browser: a coordinator imports the execution ledger
(the first time, choosing the file's columns), sees every bad row when the
file is wrong, then the rows land and the execution rate moves; the school
that runs the project sees it too."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from mujigae.budget import services
from mujigae.budget.models import Allocation, ExpenseCategory, FundingSource, Spending
from mujigae.core.models import User
from mujigae.demo.ansan import SCHOOL_USER_ORG
from mujigae.partners.models import Organisation
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e

YEAR = 2026
HEADERS = ["지출일", "세부사업명", "재원", "통계목", "지출금액", "채주", "적요", "결의번호"]


def _plan(district):
    """A 2026 budget: one project run by the demo school, 40,000,000원."""
    actor = User.objects.get(username="coordinator")
    services.lists_seed(actor=actor, district=district)
    grant = FundingSource.objects.get(district=district, name="교육부 특별교부금")
    ops = ExpenseCategory.objects.get(district=district, name="운영비")
    year = services.year_create(
        actor=actor,
        district=district,
        year=YEAR,
        starts_on=dt.date(YEAR, 1, 1),
        ends_on=dt.date(YEAR, 12, 31),
        amounts={grant: 100_000_000},
    )
    school = Organisation.objects.get(district=district, name=SCHOOL_USER_ORG)
    project = services.project_create(
        actor=actor,
        fiscal_year=year,
        data={"name": "현장실습 고도화", "code": "E-01", "runner": school},
        allocations={(grant.pk, ops.pk): 40_000_000},
    )
    return project


def _ledger(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026 회계연도 집행내역서"])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def _import(page, path: Path) -> None:
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Import"), exact=True).click()


def _coordinator_imports(page, tmp_path, project):
    login(page, "coordinator")
    page.goto(f"/budget/years/{YEAR}/")
    page.get_by_role("link", name=ko("Import the execution ledger")).first.click()
    page.wait_for_url(f"**/budget/years/{YEAR}/import/")

    bad = _ledger(
        tmp_path / "bad.xlsx",
        [
            [
                "2026-03-05",
                "현장실습 고도화",
                "교육부 특별교부금",
                "운영비",
                "-5,000",
                "가나상사",
                "재료",
                "A-1",
            ],
            [
                "2026-03-06",
                "없는 사업",
                "교육부 특별교부금",
                "운영비",
                1000,
                "가나상사",
                "재료",
                "A-2",
            ],
        ],
    )
    # first import: the page asks which column holds which field
    _import(page, bad)
    assert page.locator("[data-testid=mapping-step]").is_visible()
    page.select_option("#id_map_spent_on", "지출일")
    page.select_option("#id_map_project_name", "세부사업명")
    page.select_option("#id_map_source", "재원")
    page.select_option("#id_map_category", "통계목")
    page.select_option("#id_map_amount", "지출금액")
    page.select_option("#id_map_payee", "채주")
    page.select_option("#id_map_description", "적요")
    page.select_option("#id_map_reference", "결의번호")
    _import(page, bad)
    errors = page.locator("table", has_text=ko("Amount (집행액)")).last.inner_text()
    assert "금액은 음수일 수 없습니다." in errors
    assert "사업명이 없는 사업인 사업이 없습니다" in errors
    assert Spending.objects.count() == 0
    shot(page, "budget-import-errors")

    # the mapping is saved: the corrected file is imported with the file alone
    good = _ledger(
        tmp_path / "good.xlsx",
        [
            [
                "2026-03-05",
                "현장실습 고도화",
                "교육부 특별교부금",
                "운영비",
                "3,000,000",
                "가나상사",
                "재료",
                "A-1",
            ],
            [
                "2026-04-02",
                "현장실습 고도화",
                "교육부 특별교부금",
                "운영비",
                2000000,
                "다라기계",
                "장비 임차",
                "A-2",
            ],
        ],
    )
    page.goto(f"/budget/years/{YEAR}/import/")
    _import(page, good)
    assert "2행 저장" in page.locator(".messages").inner_text()
    assert Spending.objects.filter(project=project).count() == 2

    # importing the same file again doubles nothing
    page.goto(f"/budget/years/{YEAR}/import/")
    _import(page, good)
    assert "0행 저장, 2행 건너뜀" in page.locator(".messages").inner_text()
    assert Spending.objects.filter(project=project).count() == 2


def test_a_coordinator_imports_a_ledger_and_sees_the_rate_move(ansan, page, tmp_path):
    project = _plan(ansan)
    login(page, "coordinator")
    page.goto(f"/budget/projects/{project.pk}/")
    assert page.locator("[data-testid=project-rate]").inner_text() == "0.0%"
    logout(page)

    _coordinator_imports(page, tmp_path, project)
    # 5,000,000 of 40,000,000
    page.goto(f"/budget/projects/{project.pk}/")
    assert page.locator("[data-testid=project-rate]").inner_text() == "12.5%"
    assert "다라기계" in page.locator("[data-testid=spending-rows]").inner_text()
    shot(page, "budget-project")
    page.goto(f"/budget/years/{YEAR}/")
    assert "12.5%" in page.locator(f"[data-testid=project-{project.pk}]").inner_text()
    shot(page, "budget-year")
    logout(page)

    # the school that runs it sees the project and its rate
    login(page, "school")
    page.goto("/budget/")
    page.get_by_role("link", name="현장실습 고도화").click()
    assert page.locator("[data-testid=project-rate]").inner_text() == "12.5%"
    assert Allocation.objects.get(project=project).current == 40_000_000


def test_the_execution_page_shows_the_rate_after_the_import(ansan, page, tmp_path):
    project = _plan(ansan)
    _coordinator_imports(page, tmp_path, project)
    page.goto(f"/budget/years/{YEAR}/execution/")
    assert page.locator(f"[data-testid=project-rate-{project.pk}]").inner_text() == "12.5%"
    # 5,000,000 of 100,000,000
    assert page.locator("[data-testid=total-rate]").inner_text() == "5.0%"
