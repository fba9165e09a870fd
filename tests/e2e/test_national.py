"""The ministry's national view in a real browser (axe checks every page): the
ministry opens the comparison, sorts by score, filters by grade, opens one
indicator's page, then one district (the drill-down)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mujigae.core import indicators
from mujigae.reports.models import Area, Framework, Indicator
from tests import factories as f
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e
YEAR = 2031


@pytest.fixture
def country(ansan, monkeypatch):
    """Ansan and five more districts with figures for five years, under a
    framework of two indicators (measures of this test)."""
    monkeypatch.setattr(indicators, "MEASURES", dict(indicators.MEASURES))
    districts = [ansan] + [
        f.DistrictFactory(name=f"시험 혁신지구 {i}", region=region)
        for i, region in enumerate(["부산광역시", "대구광역시", "광주광역시", "전라북도", "강원도"])
    ]
    rates, counts = {}, {}
    for i, d in enumerate(districts):
        for y in range(YEAR - 4, YEAR + 1):
            rates[(d.pk, y)] = indicators.rate(30 + i * 8 + (y - YEAR), 100)
            counts[(d.pk, y)] = indicators.count(5 + i * 5)
    indicators.measure(
        "e2e.rate", label="시험 취업률", unit=indicators.PERCENT, area="pathway", how="시험"
    )(lambda ids, years: {k: v for k, v in rates.items() if k[0] in ids and k[1] in years})
    indicators.measure(
        "e2e.count", label="시험 기업 수", unit=indicators.COUNT, area="cooperation", how="시험"
    )(lambda ids, years: {k: v for k, v in counts.items() if k[0] in ids and k[1] in years})
    fw = Framework.objects.create(year=YEAR, title="2031 성과평가")
    one = Area.objects.create(framework=fw, order=1, name="협력체계 구축")
    two = Area.objects.create(framework=fw, order=2, name="지역인재 성장경로")
    Indicator.objects.create(
        area=one, order=1, name="참여 기업 수", kind="computed", measure="e2e.count",
        unit="count", weight=Decimal("10"), target=Decimal("20"),
    )  # fmt: skip
    Indicator.objects.create(
        area=two, order=1, name="취업률", kind="computed", measure="e2e.rate",
        unit="percent", weight=Decimal("10"), target=Decimal("60"),
    )  # fmt: skip
    return districts


def test_ministry_compares_sorts_filters_and_drills_down(country, page):
    login(page, "ministry")
    page.goto(f"/national/?year={YEAR}&area=all")
    table = page.get_by_test_id("comparison-table")
    assert table.get_by_test_id("district-row").count() >= len(country)
    assert ko("National median") in page.get_by_test_id("median-row").inner_text()

    # sort by score: largest first on the first click
    page.get_by_test_id("sort-score").click()
    page.wait_for_url("**sort=score**")
    scores = [
        float(t.replace(",", ""))
        for t in page.get_by_test_id("score").all_inner_texts()
        if t.strip() not in ("—", "")
    ]
    assert scores == sorted(scores, reverse=True) and len(scores) >= len(country)
    shot(page, "national-comparison")

    # filter by grade: only the excellent ones stay
    page.get_by_label(ko("Proposed grade")).select_option("excellent")
    page.get_by_role("button", name=ko("Show")).click()
    page.wait_for_url("**grade=excellent**")
    grades = page.get_by_test_id("grade").all_inner_texts()
    assert grades and set(grades) == {ko("Excellent")}
    assert len(grades) < len(country)

    # one indicator's page: the trend and the distribution, each with its table
    page.goto(f"/national/?year={YEAR}&area=all")
    item = Indicator.objects.get(area__framework__year=YEAR, name="취업률")
    page.get_by_test_id(f"indicator-{item.pk}").click()
    page.wait_for_url(f"**/national/indicators/{item.pk}/")
    assert page.get_by_test_id("trend").locator("svg").count() == 1
    assert page.get_by_test_id("distribution").locator("svg").count() == 1
    assert page.get_by_test_id("rank-row").count() >= len(country)
    shot(page, "national-indicator")

    # then one district, from the ranking: its evaluation and grade over the years
    best = country[-1]
    page.get_by_role("link", name=best.name).first.click()
    page.wait_for_url(f"**/national/districts/{best.pk}/**")
    assert best.name in page.locator("h1").inner_text()
    assert page.get_by_test_id("score").inner_text() not in ("", "—")
    assert page.get_by_test_id("result-row").count() == 2
    assert str(YEAR) in page.get_by_test_id("grade-history").inner_text()
    shot(page, "national-district")
    logout(page)
