"""The ministry's national comparison (national:comparison, comparison_xlsx):
the figures are evaluate()'s, sorted and filtered as asked, small groups
suppressed, and the number of queries does not grow with the districts."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mujigae.core import indicators
from mujigae.reports import evaluation
from mujigae.reports.models import AnnualReport, Area, Framework, Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2031
URL = "/national/"


@pytest.fixture
def measures(monkeypatch):
    """Two measures over a table the test fills ({(district, year): Figure})."""
    table: dict[str, dict] = {"rate": {}, "count": {}}
    monkeypatch.setattr(indicators, "MEASURES", dict(indicators.MEASURES))

    def compute_for(name):
        def compute(ids, years):
            return {k: v for k, v in table[name].items() if k[0] in ids and k[1] in years}

        return compute

    indicators.measure(
        "test.rate", label="시험 비율", unit=indicators.PERCENT, area="pathway", how="h"
    )(compute_for("rate"))
    indicators.measure(
        "test.count", label="시험 개수", unit=indicators.COUNT, area="cooperation", how="c"
    )(compute_for("count"))
    return table


@pytest.fixture
def framework():
    fw = Framework.objects.create(
        year=YEAR, title="2031 평가", excellent_min=Decimal("85"), fair_min=Decimal("70")
    )
    a1 = Area.objects.create(framework=fw, order=1, name="협력")
    a2 = Area.objects.create(framework=fw, order=2, name="경로")
    Indicator.objects.create(
        area=a2, order=1, name="취업률", kind="computed", measure="test.rate", unit="percent",
        weight=Decimal("10"), target=Decimal("60"),
    )  # fmt: skip
    Indicator.objects.create(
        area=a1, order=1, name="기업 수", kind="computed", measure="test.count", unit="count",
        weight=Decimal("10"), target=Decimal("20"),
    )  # fmt: skip
    return fw


def ministry_client(client):
    client.force_login(f.UserFactory(role="ministry", district=None))
    return client


def districts(n, region="경기도"):
    return [f.DistrictFactory(region=region) for _ in range(n)]


def fill(measures, ds, *, rate=None, count=None):
    for i, d in enumerate(ds):
        measures["rate"][(d.pk, YEAR)] = rate(i) if rate else indicators.rate(30 + i, 60)
        measures["count"][(d.pk, YEAR)] = indicators.count(count(i) if count else 10 + i)
        measures["rate"][(d.pk, YEAR - 1)] = indicators.rate(20 + i, 60)


def rows_of(response):
    return response.context["rows"]


def test_values_scores_and_grades_are_evaluates(client, measures, framework):
    ds = districts(4)
    fill(measures, ds)
    response = ministry_client(client).get(URL, {"year": YEAR, "area": "all"})
    assert response.status_code == 200
    expected = evaluation.evaluate(framework)
    rows = {r["row"].district_id: r for r in rows_of(response)}
    assert set(rows) >= {d.pk for d in ds}
    for d in ds:
        row = rows[d.pk]["row"]
        ev = expected[d.pk]
        assert row.score == ev.score and row.grade == ev.grade
        for result in ev.results:
            assert row.cells[result.indicator_id].shown == result.value
    page = response.content.decode()
    # Korean figures: 51.7% and the grade in Korean; a sparkline per cell; the median row
    assert "51.7%" in page  # 31/60
    assert 'class="spark"' in page
    assert "전국 중앙값" in page
    assert "미흡" in page or "보통" in page or "우수" in page


def test_sort_by_score_and_by_an_indicator_numerically_no_value_last(client, measures, framework):
    ds = districts(4)
    # counts 5, 40, 9, none: sorted as numbers (40 > 9 > 5), none last either way
    for d, count in zip(ds, (5, 40, 9, None), strict=True):
        measures["rate"][(d.pk, YEAR)] = indicators.rate(30, 60)
        if count is not None:
            measures["count"][(d.pk, YEAR)] = indicators.count(count)
    item = Indicator.objects.get(area__framework=framework, name="기업 수")
    c = ministry_client(client)
    order = [
        r["row"].district_id
        for r in rows_of(c.get(URL, {"sort": f"i{item.pk}", "dir": "desc", "year": YEAR}))
    ]
    assert order[:4] == [ds[1].pk, ds[2].pk, ds[0].pk, ds[3].pk]
    order = [
        r["row"].district_id
        for r in rows_of(c.get(URL, {"sort": f"i{item.pk}", "dir": "asc", "year": YEAR}))
    ]
    assert order[:4] == [ds[0].pk, ds[2].pk, ds[1].pk, ds[3].pk]
    scores = [
        r["row"].score for r in rows_of(c.get(URL, {"sort": "score", "dir": "desc", "year": YEAR}))
    ]
    present = [s for s in scores if s is not None]
    assert present == sorted(present, reverse=True)
    # the header links carry the sort, and the sorted column says so
    page = c.get(URL, {"sort": "score", "dir": "desc", "year": YEAR}).content.decode()
    assert 'aria-sort="descending"' in page


def test_filter_by_grade_region_and_name(client, measures, framework):
    good = f.DistrictFactory(name="부산 혁신지구", region="부산광역시")
    poor = f.DistrictFactory(name="대구 혁신지구", region="대구광역시")
    measures["rate"][(good.pk, YEAR)] = indicators.rate(60, 60)
    measures["count"][(good.pk, YEAR)] = indicators.count(30)
    measures["rate"][(poor.pk, YEAR)] = indicators.rate(6, 60)
    measures["count"][(poor.pk, YEAR)] = indicators.count(1)
    c = ministry_client(client)
    ids = lambda r: {x["row"].district_id for x in rows_of(r)}  # noqa: E731
    assert ids(c.get(URL, {"year": YEAR, "grade": "excellent"})) == {good.pk}
    assert poor.pk in ids(c.get(URL, {"year": YEAR, "grade": "poor"}))
    assert good.pk not in ids(c.get(URL, {"year": YEAR, "grade": "poor"}))
    assert ids(c.get(URL, {"year": YEAR, "region": "대구광역시"})) == {poor.pk}
    assert ids(c.get(URL, {"year": YEAR, "q": "부산"})) == {good.pk}
    # a bad filter: a Korean 400, never a 500
    for bad in ({"grade": "best"}, {"sort": "salary"}, {"year": "1999"}, {"region": "화성"}):
        response = c.get(URL, {"year": YEAR, **bad} if "year" not in bad else bad)
        assert response.status_code == 400, bad
        assert "고르세요" in response.content.decode() or "정렬하세요" in response.content.decode()


def test_a_small_group_is_suppressed_for_the_ministry(client, measures, framework, settings):
    settings.MUJIGAE_SUPPRESS_BELOW = 5
    small, large = districts(2)
    measures["rate"][(small.pk, YEAR)] = indicators.rate(3, 4)  # 75.0 % of 4 people
    measures["rate"][(large.pk, YEAR)] = indicators.rate(31, 60)
    response = ministry_client(client).get(URL, {"year": YEAR, "area": "all"})
    rows = {r["row"].district_id: r["row"] for r in rows_of(response)}
    item = Indicator.objects.get(area__framework=framework, name="취업률")
    cell = rows[small.pk].cells[item.pk]
    assert cell.small and cell.text == "–" and cell.shown is None
    page = response.content.decode()
    assert "75.0%" not in page
    assert "5명 미만 집단은 표시하지 않습니다" in page
    # the export too
    xlsx = client.get(reverse("national:comparison_xlsx"), {"year": YEAR})
    text = _xlsx_text(xlsx)
    assert "<v>75</v>" not in text and "75.0" not in text
    assert "5명 미만 집단은 표시하지 않습니다" in text


def test_the_submitted_report_is_shown_and_linked(client, measures, framework):
    done, draft = districts(2)
    fill(measures, [done, draft])
    AnnualReport.objects.create(district=done, framework=framework, status="submitted", version=2)
    AnnualReport.objects.create(district=draft, framework=framework, status="draft")
    response = ministry_client(client).get(URL, {"year": YEAR})
    rows = {r["row"].district_id: r for r in rows_of(response)}
    assert rows[done.pk]["row"].report.version == 2
    assert rows[draft.pk]["row"].report is None
    page = response.content.decode()
    assert "제출" in page and "미제출" in page


def test_queries_do_not_grow_with_districts(client, measures, framework):
    c = ministry_client(client)
    first = districts(3)
    fill(measures, first)
    AnnualReport.objects.create(district=first[0], framework=framework, status="submitted")
    c.get(URL, {"year": YEAR})  # warm the session and caches
    with CaptureQueriesContext(connection) as three:
        assert c.get(URL, {"year": YEAR, "area": "all"}).status_code == 200
    more = districts(9)
    fill(measures, more)
    for d in more[:4]:
        AnnualReport.objects.create(district=d, framework=framework, status="submitted")
    with CaptureQueriesContext(connection) as twelve:
        response = c.get(URL, {"year": YEAR, "area": "all"})
    assert len(rows_of(response)) == 12
    assert len(twelve.captured_queries) == len(three.captured_queries)


def test_the_export_holds_the_table(client, measures, framework):
    ds = districts(2)
    fill(measures, ds)
    response = ministry_client(client).get(
        reverse("national:comparison_xlsx"), {"year": YEAR, "sort": "score", "dir": "desc"}
    )
    assert response.status_code == 200
    text = _xlsx_text(response)
    for d in ds:
        assert d.name in text
    assert "전국 중앙값" in text and "협력 · 기업 수" in text


def test_the_area_selector_keeps_the_table_readable(client, measures, framework):
    fill(measures, districts(2))
    c = ministry_client(client)
    area = Area.objects.get(framework=framework, name="경로")
    response = c.get(URL, {"year": YEAR, "area": area.pk})
    names = [col["col"].name for col in response.context["columns"]]
    assert names == ["취업률"]
    assert c.get(URL, {"year": YEAR, "area": "99999"}).status_code == 400


def test_only_the_ministry_compares(client_for, framework):
    for role in ("coordinator", "school", "company", "partner", "student"):
        assert client_for(role).get(URL).status_code == 403, role


def _xlsx_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(BytesIO(body)) as wb:
        return " ".join(wb.read(n).decode("utf-8") for n in wb.namelist() if n.endswith(".xml"))
