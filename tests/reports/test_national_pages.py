"""One indicator across districts (trend, distribution, ranking, each chart with
its table), one district's evaluation for the ministry, the ministry's home box."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from mujigae.core import indicators
from mujigae.reports import evaluation
from mujigae.reports.models import AnnualReport, Area, Framework, Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2031


@pytest.fixture
def table(monkeypatch):
    data: dict = {}
    monkeypatch.setattr(indicators, "MEASURES", dict(indicators.MEASURES))
    indicators.measure(
        "test.rate",
        label="시험 비율",
        unit=indicators.PERCENT,
        area="pathway",
        how="졸업생 중 취업자",
    )(lambda ids, years: {k: v for k, v in data.items() if k[0] in ids and k[1] in years})
    return data


@pytest.fixture
def item():
    fw = Framework.objects.create(year=YEAR, title="2031 평가")
    area = Area.objects.create(framework=fw, order=1, name="경로")
    return Indicator.objects.create(
        area=area, name="취업률", kind="computed", measure="test.rate", unit="percent",
        weight=Decimal("10"), target=Decimal("60"),
    )  # fmt: skip


@pytest.fixture
def ministry(client):
    client.force_login(f.UserFactory(role="ministry", district=None))
    return client


def eight_districts(table):
    ds = [f.DistrictFactory(name=f"지구{i:02d}") for i in range(8)]
    for i, d in enumerate(ds):
        for y in range(YEAR - 4, YEAR + 1):
            table[(d.pk, y)] = indicators.rate(20 + i * 5 + (y - YEAR), 100)
    return ds


def test_the_indicator_page_has_trend_distribution_and_ranking(ministry, table, item):
    ds = eight_districts(table)
    chosen = ds[3]
    response = ministry.get(reverse("national:indicator", args=[item.pk]), {"district": chosen.pk})
    assert response.status_code == 200
    page = response.content.decode()
    # two charts, each with its accessible table
    assert page.count('role="img" aria-label=') >= 2
    assert page.count('class="chart-table"') == 2
    # the trend: the national median, the chosen district, the top and bottom three
    series = [row[0] for row in response.context["trend_rows"]]
    assert series[0] == "전국 중앙값" and series[1] == chosen.name
    assert {ds[7].name, ds[6].name, ds[5].name, ds[0].name, ds[1].name, ds[2].name} <= set(series)
    assert len(response.context["trend_rows"][0]) == 1 + 5  # five years
    # the distribution's table counts every district
    counts = sum(int(row[1]) for row in response.context["dist_rows"])
    assert counts == 8
    # the ranking, best first, equal to evaluate()
    ranking = response.context["table"]
    assert [r["name"] for r in ranking] == [d.name for d in reversed(ds)]
    expected = evaluation.evaluate(item.area.framework)
    top = next(r for r in expected[ds[7].pk].results if r.indicator_id == item.pk)
    assert ranking[0]["value"] == f"{top.value}%"
    assert next(r for r in ranking if r["chosen"])["name"] == chosen.name
    assert "졸업생 중 취업자" in page  # how it is computed
    # a district that is not one: a Korean 400
    bad = ministry.get(reverse("national:indicator", args=[item.pk]), {"district": "x"})
    assert bad.status_code == 400 and "지구를 고르세요" in bad.content.decode()


def test_the_indicator_page_hides_small_groups(ministry, table, item, settings):
    settings.MUJIGAE_SUPPRESS_BELOW = 3
    big, small = f.DistrictFactory(), f.DistrictFactory()
    table[(big.pk, YEAR)] = indicators.rate(40, 80)
    table[(small.pk, YEAR)] = indicators.rate(1, 2)  # 50.0 % of two people
    table[(small.pk, YEAR - 1)] = indicators.rate(2, 2)  # 100.0 % last year, two people
    response = ministry.get(reverse("national:indicator", args=[item.pk]), {"district": small.pk})
    row = next(r for r in response.context["table"] if r["district_id"] == small.pk)
    assert row["value"] == "–" and row["last_year"] == "–" and row["rank"] is None
    trend = next(r for r in response.context["trend_rows"] if r[0] == small.name)
    assert "100.0%" not in trend and "–" in trend
    assert "3명 미만 집단은 표시하지 않습니다" in response.content.decode()


def test_the_district_page_shows_its_evaluation_and_reports(ministry, table, item):
    ds = eight_districts(table)
    place = ds[2]
    report = AnnualReport.objects.create(
        district=place, framework=item.area.framework, status="submitted"
    )
    AnnualReport.objects.create(district=place, framework=item.area.framework, version=2)
    response = ministry.get(reverse("national:district", args=[place.pk]), {"year": YEAR})
    assert response.status_code == 200
    mine = evaluation.evaluate(item.area.framework, [place.pk])[place.pk]
    assert response.context["evaluation"].score == mine.score
    page = response.content.decode()
    assert "30.0%" in page  # 20 + 2×5 of 100
    assert f"{YEAR}년 보고서, 1판" in page
    assert f"{YEAR}년 보고서, 2판" not in page  # a draft is not the ministry's
    with contextlib.suppress(NoReverseMatch):  # the annual report's pages: their own branch
        assert reverse("annual:detail", args=[report.pk]) in page
    years = [h["year"] for h in response.context["history"]]
    assert YEAR in years and years == sorted(years)
    assert (
        ministry.get(reverse("national:district", args=[place.pk]), {"year": "abc"}).status_code
        == 400
    )


def test_the_ministry_home_counts_districts_by_grade(ministry, table, item):
    eight_districts(table)
    response = ministry.get(reverse("home"))
    page = response.content.decode()
    assert reverse("national:comparison") in page
    counts = {value: n for value, _label, n in response.context["grade_counts"]}
    assert response.context["grade_year"].year == YEAR
    assert sum(counts.values()) == 8
    assert "2031년 등급(제안)별 지구 수" in page


def test_only_the_ministry_sees_an_indicator_across_districts(client_for, item):
    for role in ("coordinator", "school", "company", "partner", "student"):
        c = client_for(role)
        assert c.get(reverse("national:indicator", args=[item.pk])).status_code == 403
        assert c.get(reverse("national:district", args=[1])).status_code == 403
