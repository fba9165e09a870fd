"""The evaluation (reports.evaluation): values, targets, last year, medians,
points, score and grade, computed from measures for many districts at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.core import indicators
from mujigae.reports import evaluation
from mujigae.reports.models import Area, EnteredValue, Framework, Grade, Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(monkeypatch):
    """Two measures over a table of figures the test writes ({(district, year): value})."""
    table: dict[str, dict[tuple[int, int], indicators.Figure]] = {"rate": {}, "count": {}}
    registry = dict(indicators.MEASURES)
    monkeypatch.setattr(indicators, "MEASURES", registry)

    def compute_for(name):
        def compute(ids, years):
            return {k: v for k, v in table[name].items() if k[0] in ids and k[1] in years}

        return compute

    indicators.measure("test.rate", label="rate", unit=indicators.PERCENT, area="pathway", how="h")(
        compute_for("rate")
    )
    indicators.measure(
        "test.count", label="count", unit=indicators.COUNT, area="cooperation", how="c"
    )(compute_for("count"))
    return table


@pytest.fixture
def framework():
    fw = Framework.objects.create(
        year=2031, title="t", excellent_min=Decimal("85"), fair_min=Decimal("70")
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
    Indicator.objects.create(
        area=a1, order=2, name="우수사례", kind="entered", unit="count",
        weight=Decimal("5"), target=Decimal("2"),
    )  # fmt: skip
    Indicator.objects.create(
        area=a2, order=2, name="진학률", kind="computed", measure="test.rate", unit="percent",
        weight=Decimal("0"), target=None,
    )  # fmt: skip
    return fw


def test_values_targets_points_score_and_grade(measures, framework):
    a, b, c = (f.DistrictFactory() for _ in range(3))
    measures["rate"].update({
        (a.pk, 2031): indicators.rate(48, 60),  # 80.0 %: over the target, full points
        (a.pk, 2030): indicators.rate(30, 60),  # last year 50.0
        (b.pk, 2031): indicators.rate(30, 60),  # 50.0 %: 50/60 of 10 points
        (c.pk, 2031): indicators.rate(33, 60),  # 55.0
    })  # fmt: skip
    measures["count"].update(
        {(a.pk, 2031): indicators.count(10), (b.pk, 2031): indicators.count(25)}
    )
    EnteredValue.objects.create(
        indicator=Indicator.objects.get(name="우수사례"),
        district=a,
        value=Decimal("1"),
        note="사례",
    )
    result = evaluation.evaluate(framework)
    mine = result[a.pk]
    by_name = {r.name: r for r in mine.results}
    rate = by_name["취업률"]
    assert rate.value == Decimal("80.0") and rate.last_year == Decimal("50.0")
    assert rate.median == Decimal("55.0")  # of 80, 50, 55
    assert rate.numerator == 48 and rate.denominator == 60 and rate.people == 60
    assert rate.points == Decimal("10.0")
    assert by_name["기업 수"].points == Decimal("5.0")  # 10 of 20
    assert by_name["우수사례"].value == Decimal("1.0") and by_name["우수사례"].points == Decimal(
        "2.5"
    )
    assert by_name["우수사례"].evidence_note == "사례"
    assert by_name["진학률"].points is None  # weight 0, no target: shown, not scored
    # (10 + 5 + 2.5) of 25 → 70.0: Fair
    assert mine.score == Decimal("70.0") and mine.grade == Grade.FAIR
    # b: 50/60×10 = 8.3, 10 (25 ≥ 20), entered missing → 0: 18.3/25 → 73.2
    assert result[b.pk].score == Decimal("73.2")
    assert "우수사례" in result[b.pk].missing
    # c: 9.2 + 0 + 0 → 36.8: Poor
    assert result[c.pk].grade == Grade.POOR
    assert [y for y, _ in rate.history] == [2027, 2028, 2029, 2030, 2031]
    assert rate.history[-2] == (2030, Decimal("50.0"))


def test_the_snapshot_round_trips(measures, framework):
    a = f.DistrictFactory()
    measures["rate"][(a.pk, 2031)] = indicators.rate(1, 2)
    mine = evaluation.evaluate(framework, [a.pk])[a.pk]
    again = evaluation.from_json(evaluation.as_json(mine))
    assert again == mine
    assert next(
        r for r in again.results if r.name == "취업률"
    ).small  # 2 people: fewer than MUJIGAE_SUPPRESS_BELOW (3)


def test_queries_do_not_grow_with_districts(measures, framework):
    first = f.DistrictFactory()
    with CaptureQueriesContext(connection) as one:
        evaluation.evaluate(framework, [first.pk])
    for _ in range(6):
        f.DistrictFactory()
    with CaptureQueriesContext(connection) as many:
        evaluation.evaluate(framework)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_every_shipped_indicator_names_a_measure_or_is_entered():
    fw = Framework.objects.get(year=2026)
    items = Indicator.objects.filter(area__framework=fw)
    assert items.count() == 20
    assert sum(i.weight for i in items) == Decimal("100")
    assert {a.name for a in fw.areas.all()} == {
        "협력체계 구축",
        "지역인재 성장경로",
        "지속가능 혁신기반",
    }


def test_pages_may_reuse_measures_a_report_computes_afresh(measures, framework):
    a = f.DistrictFactory()
    measures["rate"][(a.pk, 2031)] = indicators.rate(30, 60)
    first = {
        r.name: r.value for r in evaluation.evaluate(framework, [a.pk], max_age=60)[a.pk].results
    }
    measures["rate"][(a.pk, 2031)] = indicators.rate(45, 60)
    reused = {
        r.name: r.value for r in evaluation.evaluate(framework, [a.pk], max_age=60)[a.pk].results
    }
    fresh = {r.name: r.value for r in evaluation.evaluate(framework, [a.pk])[a.pk].results}
    assert first["취업률"] == reused["취업률"] == Decimal("50.0")  # within max_age: reused
    assert fresh["취업률"] == Decimal("75.0")  # a report: computed now
