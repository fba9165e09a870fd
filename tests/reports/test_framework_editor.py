"""The framework editor: the ministry edits a year's framework; bad input is a
Korean 422 with nothing written; a year with a submitted report keeps its
scoring rules; copying makes next year's framework in one go; districts read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from mujigae.core import indicators
from mujigae.core.models import AuditEntry
from mujigae.reports import framework_services as services
from mujigae.reports.models import AnnualReport, Area, Framework, Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2026  # shipped by the data migration


@pytest.fixture
def measure(monkeypatch):
    monkeypatch.setattr(indicators, "MEASURES", dict(indicators.MEASURES))
    indicators.measure(
        "test.rate", label="시험 취업률", unit=indicators.PERCENT, area="pathway", how="h"
    )(lambda ids, years: {})
    return "test.rate"


@pytest.fixture
def ministry(client):
    client.force_login(f.UserFactory(role="ministry", district=None))
    return client


def fw() -> Framework:
    return Framework.objects.get(year=YEAR)


def area() -> Area:
    return fw().areas.order_by("order").first()


def snapshot():
    """Everything the editor could write: frameworks, areas, indicators."""
    return (
        list(Framework.objects.values_list("year", "title", "excellent_min", "fair_min")),
        list(Area.objects.values_list("pk", "name", "order", "narrative_required")),
        list(
            Indicator.objects.values_list(
                "pk", "name", "weight", "target", "min_value", "max_value", "measure"
            )
        ),
    )


def indicator_data(**change):
    data = {
        "area": area().pk,
        "name": "새 지표",
        "kind": "entered",
        "measure": "",
        "unit": "count",
        "weight": "3",
        "target": "10",
        "higher_is_better": "on",
        "min_value": "0",
        "max_value": "100",
        "guidance": "무엇을 세는지",
    }
    data.update(change)
    return {k: v for k, v in data.items() if v is not None}


BAD_INDICATORS = [
    ({"weight": "-1"}, "배점은 0점에서 100점 사이입니다"),
    ({"min_value": "50", "max_value": "10"}, "최댓값은 최솟값 이상이어야 합니다"),
    ({"name": "취업률"}, "지표가 이미 있습니다"),
    ({"kind": "computed", "measure": "nobody.computes_this"}, "무지개가 계산하지 않는 측정값"),
    ({"kind": "computed", "measure": ""}, "측정값을 고르세요"),
    ({"target": "-5"}, "목표는 음수일 수 없습니다"),
    ({"weight": "abc"}, "숫자를 쓰세요"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INDICATORS)
def test_a_bad_indicator_is_a_korean_422_and_nothing_is_written(ministry, change, message):
    before = snapshot()
    url = reverse("national:indicator_create", args=[YEAR])
    response = ministry.post(url, indicator_data(**change))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert snapshot() == before


def test_bad_thresholds_are_refused(ministry):
    before = snapshot()
    url = reverse("national:framework", args=[YEAR])
    for data, message in (
        ({"excellent_min": "60", "fair_min": "70"}, "우수 기준 점수는 보통 기준 점수 이상"),
        ({"excellent_min": "120", "fair_min": "70"}, "기준 점수는 0에서 100 사이"),
        ({"excellent_min": "80", "fair_min": "-1"}, "기준 점수는 0에서 100 사이"),
    ):
        response = ministry.post(url, {"title": "제목", **data})
        assert response.status_code == 422, data
        assert message in response.content.decode()
    assert snapshot() == before


def test_a_duplicate_area_is_refused(ministry):
    before = snapshot()
    response = ministry.post(reverse("national:area_create", args=[YEAR]), {"name": area().name})
    assert response.status_code == 422
    assert "영역이 이미 있습니다" in response.content.decode()
    assert snapshot() == before


def test_the_ministry_edits_and_every_write_is_audited(ministry, measure):
    n = AuditEntry.objects.count()
    url = reverse("national:framework", args=[YEAR])
    response = ministry.post(
        url, {"title": "2026 평가 (개정)", "excellent_min": "90", "fair_min": "75"}
    )
    assert response.status_code == 302
    assert fw().excellent_min == Decimal("90.0") and fw().title == "2026 평가 (개정)"
    # an area: added, renamed, moved up
    ministry.post(
        reverse("national:area_create", args=[YEAR]),
        {"name": "지역 정주", "narrative_required": ""},
    )
    new_area = Area.objects.get(framework=fw(), name="지역 정주")
    assert new_area.order == 4 and not new_area.narrative_required
    ministry.post(
        reverse("national:area_edit", args=[new_area.pk]),
        {"name": "지역 정주 기반", "narrative_required": "on"},
    )
    ministry.post(reverse("national:area_move", args=[new_area.pk]), {"direction": "up"})
    new_area.refresh_from_db()
    assert new_area.name == "지역 정주 기반" and new_area.order == 3
    # a computed indicator: the unit follows the measure
    response = ministry.post(
        reverse("national:indicator_create", args=[YEAR]),
        indicator_data(
            area=new_area.pk, name="정주율", kind="computed", measure=measure, unit="won"
        ),
    )
    assert response.status_code == 302
    item = Indicator.objects.get(area=new_area, name="정주율")
    assert item.unit == "percent" and item.measure == measure
    assert item.min_value is None and item.max_value is None
    # edited, then removed
    response = ministry.post(
        reverse("national:indicator_edit", args=[item.pk]),
        indicator_data(
            area=new_area.pk, name="정주율", kind="computed", measure=measure, weight="4"
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.weight == Decimal("4.0")
    response = ministry.post(
        reverse("national:indicator_delete", args=[item.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.count() >= n + 6
    labels = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"reports.Framework", "reports.Area", "reports.Indicator"} <= labels


def test_an_entered_percentage_gets_0_to_100(ministry):
    response = ministry.post(
        reverse("national:indicator_create", args=[YEAR]),
        indicator_data(unit="percent", min_value="", max_value="", target="50"),
    )
    assert response.status_code == 302
    item = Indicator.objects.get(area__framework=fw(), name="새 지표")
    assert (item.min_value, item.max_value) == (Decimal("0"), Decimal("100"))


def test_copy_makes_next_years_framework(ministry):
    source = fw()
    n_items = Indicator.objects.filter(area__framework=source).count()
    response = ministry.post(reverse("national:framework_copy", args=[YEAR]), {"year": "2027"})
    assert response.status_code == 302
    assert response["Location"] == reverse("national:framework", args=[2027])
    copy = Framework.objects.get(year=2027)
    assert copy.title == source.title.replace("2026", "2027")
    assert copy.excellent_min == source.excellent_min
    assert [a.name for a in copy.areas.order_by("order")] == [
        a.name for a in source.areas.order_by("order")
    ]
    assert Indicator.objects.filter(area__framework=copy).count() == n_items
    pairs = {
        i.name: (i.weight, i.target, i.kind, i.measure)
        for i in Indicator.objects.filter(area__framework=copy)
    }
    assert pairs == {
        i.name: (i.weight, i.target, i.kind, i.measure)
        for i in Indicator.objects.filter(area__framework=source)
    }
    # a year that exists already: refused, nothing written
    before = snapshot()
    response = ministry.post(reverse("national:framework_copy", args=[YEAR]), {"year": "2027"})
    assert response.status_code == 422
    assert "이미 있습니다" in response.content.decode()
    assert snapshot() == before


def test_a_submitted_report_locks_the_scoring_rules(ministry):
    district = f.DistrictFactory()
    AnnualReport.objects.create(district=district, framework=fw(), status="submitted")
    item = Indicator.objects.filter(area__framework=fw(), kind="entered").first()
    before = snapshot()
    refusal = "이미 제출된 보고서가 있는 연도입니다 — 다음 연도 틀을 만드세요"
    # thresholds
    response = ministry.post(
        reverse("national:framework", args=[YEAR]),
        {"title": fw().title, "excellent_min": "80", "fair_min": "60"},
    )
    assert response.status_code == 422 and refusal in response.content.decode()
    # weight and target
    data = {
        "area": item.area_id,
        "name": item.name,
        "kind": item.kind,
        "unit": item.unit,
        "weight": str(item.weight + 1),
        "target": str(item.target),
        "higher_is_better": "on",
        "min_value": str(item.min_value),
        "max_value": str(item.max_value),
    }
    response = ministry.post(reverse("national:indicator_edit", args=[item.pk]), data)
    assert response.status_code == 422 and refusal in response.content.decode()
    data.update(weight=str(item.weight), target="1")
    response = ministry.post(reverse("national:indicator_edit", args=[item.pk]), data)
    assert response.status_code == 422
    # a new indicator, a removal
    response = ministry.post(
        reverse("national:indicator_create", args=[YEAR]), indicator_data(name="또 다른 지표")
    )
    assert response.status_code == 422 and refusal in response.content.decode()
    response = ministry.post(
        reverse("national:indicator_delete", args=[item.pk]), {"confirm": "on"}
    )
    assert response.status_code == 409
    assert snapshot() == before
    # the words may still change
    data.update(target=str(item.target), guidance="더 분명한 설명")
    response = ministry.post(reverse("national:indicator_edit", args=[item.pk]), data)
    assert response.status_code == 302
    # and next year's framework is free
    response = ministry.post(reverse("national:framework_copy", args=[YEAR]), {"year": "2027"})
    assert response.status_code == 302
    assert not services.is_locked(Framework.objects.get(year=2027))


def test_districts_read_the_framework_companies_and_students_do_not(client_for):
    url = reverse("national:framework", args=[YEAR])
    for role in ("coordinator", "school", "partner"):
        c = client_for(role)
        response = c.get(url)
        assert response.status_code == 200, role
        page = response.content.decode()
        assert "취업률" in page and "우수 85점 이상" in page
        assert reverse("national:indicator_create", args=[YEAR]) not in page  # read-only
        assert c.post(url, {"title": "x", "excellent_min": "1", "fair_min": "1"}).status_code == 403
        assert c.get(reverse("national:frameworks")).status_code == 200
    for role in ("company", "student"):
        assert client_for(role).get(url).status_code == 403, role


def test_the_framework_list_and_page_show_no_internal_code(ministry):
    page = ministry.get(reverse("national:framework", args=[YEAR])).content.decode()
    # measures are named by their label or "not computed yet", never by their key
    assert "outcomes.employment_rate" not in page
    assert ministry.get(reverse("national:frameworks")).status_code == 200
