"""The NCS taxonomy and the confirm flow in a real browser: a coordinator imports
a file with an error and sees the error table, imports a good file, browses to
a unit; then confirms a suggested unit for a company's hiring-demand row."""

from __future__ import annotations

import pytest

from mujigae.competencies.models import CompetencyUnit, TagSource, UnitTag
from mujigae.demo.ansan import COMPANY_USER_ORG
from mujigae.partners.models import Organisation
from tests.competencies import factories as cf
from tests.competencies.ncs_files import good_rows, to_csv
from tests.e2e.conftest import ko, login, shot

pytestmark = pytest.mark.e2e


def test_import_browse_and_confirm(ansan, page, tmp_path):
    bad_rows = good_rows()
    bad_rows[2]["수준"] = "12"
    bad = tmp_path / "ncs_bad.csv"
    bad.write_bytes(to_csv(bad_rows, encoding="cp949"))  # as Korean Excel saves it
    good = tmp_path / "ncs.csv"
    good.write_bytes(to_csv(good_rows(), encoding="cp949"))

    login(page, "coordinator")
    page.goto("/competencies/import/")
    assert page.locator("main h1").inner_text() == ko("Import NCS file")

    # a file with an error: the table names row, column and reason; nothing saved
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Check and import")).click()
    errors = page.get_by_test_id("import-errors")
    assert errors.locator("tbody tr").count() == 1
    cells = errors.locator("tbody tr td").all_inner_texts()
    assert cells[0:2] == ["4", "수준"]  # a CSV file has no sheet column
    assert cells[2] == ko(
        "The level must be a whole number from 1 to 8 (found: %(value)s).", value="12"
    )
    assert CompetencyUnit.objects.count() == 0
    shot(page, "competencies-import-errors")

    # the corrected file lands whole
    page.set_input_files("#id_file", str(good))
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Check and import")).click()
    assert "능력단위 3개 추가" in page.get_by_role("status").inner_text()
    assert CompetencyUnit.objects.count() == 3

    # browse: major category -> ... -> job -> unit
    page.get_by_role("link", name=ko("NCS taxonomy")).first.click()
    page.get_by_role("link", name="전기·전자").click()
    page.get_by_role("link", name="전자기기개발").click()
    page.get_by_role("link", name="로봇개발").click()
    page.get_by_role("link", name="로봇하드웨어설계").click()
    page.get_by_role("link", name="1903060102_17v1").click()
    assert page.locator("main h1").inner_text().startswith("로봇 하드웨어 점검")
    assert page.get_by_test_id("unit-code").inner_text() == "1903060102_17v1"
    assert "로봇 하드웨어 점검 수행준거 1" in page.locator("main").inner_text()

    # a company wrote unit names, not codes: the coordinator confirms a suggestion
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    row = cf.hiring_row(
        cf.response(ansan, company, title="E2E 수요조사"), "로봇 정비", "로봇 하드웨어 점검"
    )
    page.goto("/competencies/confirm/")
    queue = page.get_by_test_id("hiring-queue")
    queue.locator("tr", has_text="로봇 하드웨어 점검").get_by_role(
        "link", name=ko("Confirm units")
    ).click()
    suggestions = page.get_by_test_id("suggestions")
    first = suggestions.locator("tbody tr").first
    assert "1903060102_17v1" in first.inner_text()
    first.locator("input[type=checkbox]").check()
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Confirm the chosen units")).click()
    assert page.get_by_role("status").inner_text().strip() == ko(
        "The competency units were confirmed."
    )
    assert "1903060102_17v1" in page.get_by_test_id("confirmed").inner_text()
    tag = UnitTag.objects.get(source_kind=TagSource.HIRING, source_id=row.pk)
    assert tag.unit.code == "1903060102_17v1" and tag.confirmed_by.username == "coordinator"
    shot(page, "competencies-confirmed")
