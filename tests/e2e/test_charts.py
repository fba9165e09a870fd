"""Charts where people look: a coordinator opens the gap page and the outcomes
page, sees each chart (server-drawn SVG) and opens the table of figures beside it."""

from __future__ import annotations

import pytest

from mujigae.demo.outcomes import load_ansan_outcomes
from tests.e2e.conftest import ko, login, shot
from tests.e2e.test_insights import gap_demo  # noqa: F401 — the fixture

pytestmark = pytest.mark.e2e


def _open_table(page, testid: str) -> str:
    figure = page.get_by_test_id(testid)
    chart = figure.locator('svg[role="img"]')
    assert chart.count() == 1 and chart.is_visible()
    table = figure.locator("details.chart-table table")
    assert not table.is_visible()  # folded until asked for
    figure.get_by_text(ko("Figures as a table")).click()
    assert table.is_visible()
    return table.inner_text()


def test_coordinator_sees_the_gap_and_outcome_charts_and_their_tables(page, gap_demo):  # noqa: F811
    load_ansan_outcomes()
    login(page, "coordinator")

    page.goto("/insights/gap/")
    rows = _open_table(page, "gap-chart")
    assert "협동로봇 유지보수" in rows and "+6" in rows
    assert "2027: " + ko("no supply data") in page.get_by_test_id("gap-years").inner_text()
    shot(page, "charts-gap")

    page.goto("/outcomes/")
    rows = _open_table(page, "outcomes-chart")
    assert ko("National (2024 reference)") in rows and "55.3%" in rows
    assert "%" in rows and "None" not in rows
    shot(page, "charts-outcomes")
