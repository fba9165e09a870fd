"""Entered indicators (annual:entered): validated against the unit and range
(Korean 422, nothing written), evidence from the library when required,
audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from mujigae.core.models import AuditEntry
from mujigae.reports import entered_services
from mujigae.reports.models import EnteredValue, Indicator
from tests.reports.annual_fixtures import YEAR
from tests.sharing.doc_helpers import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(annual_framework):
    return Indicator.objects.get(area__framework=annual_framework, name="현장 만족도")


def _post(client, item, **data):
    return client.post(reverse("annual:entered", args=[YEAR]), {"indicator": item.pk, **data})


def test_the_page_lists_each_entered_indicator_with_its_range(world, item, client_for):
    page = client_for("coordinator").get(reverse("annual:entered", args=[YEAR]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "현장 만족도" in text and "증빙 필요" in text and "0.0%~100.0%" in text
    # computed indicators are not offered
    assert "협의회 개최 횟수" not in text


@pytest.mark.parametrize("value", ["150", "-1"])
def test_a_value_out_of_range_is_refused_in_korean(world, item, client_for, value):
    doc = make_document(world.users["coordinator"], "증빙", everyone=True)
    response = _post(client_for("coordinator"), item, value=value, evidence=doc.pk)
    assert response.status_code == 422
    assert "0에서 100 사이의 값을 입력하세요" in response.content.decode()
    assert not EnteredValue.objects.exists()


def test_not_a_number_is_refused(world, item, client_for):
    response = _post(client_for("coordinator"), item, value="많음")
    assert response.status_code == 422
    assert "숫자를 입력하세요" in response.content.decode()


def test_evidence_is_required_when_the_indicator_says_so(world, item, client_for):
    response = _post(client_for("coordinator"), item, value="85")
    assert response.status_code == 422
    assert "증빙 자료가 필요합니다" in response.content.decode()
    assert not EnteredValue.objects.exists()


def test_a_document_not_shared_with_the_coordinator_is_not_offered(world, item, client_for):
    hidden = make_document(world.users["school"], "학교 내부 자료")  # the school's own
    response = _post(client_for("coordinator"), item, value="85", evidence=hidden.pk)
    assert response.status_code == 422
    assert not EnteredValue.objects.exists()


def test_a_valid_value_is_saved_and_audited(world, item, client_for):
    doc = make_document(world.users["coordinator"], "만족도 결과", everyone=True)
    response = _post(
        client_for("coordinator"), item, value="85.5", note="설문 120명", evidence=doc.pk
    )
    assert response.status_code == 302
    row = EnteredValue.objects.get(indicator=item, district=world.district)
    assert row.value == Decimal("85.5") and row.evidence == doc and row.note == "설문 120명"
    assert AuditEntry.objects.filter(
        object_type="reports.EnteredValue", object_id=str(row.pk)
    ).exists()
    # a second save replaces it
    _post(client_for("coordinator"), item, value="90", evidence=doc.pk)
    assert EnteredValue.objects.get(pk=row.pk).value == Decimal("90.0")


def test_the_service_checks_too(world, item):
    with pytest.raises(entered_services.ApplicationError):
        entered_services.entered_value_set(
            actor=world.users["coordinator"],
            district=world.district,
            indicator=item,
            value=Decimal("101"),
        )


def test_counts_take_whole_numbers(world, annual_framework):
    count = Indicator.objects.create(
        area=annual_framework.areas.first(), name="우수사례", kind="entered", unit="count",
        min_value=Decimal("0"), max_value=Decimal("50"),
    )  # fmt: skip
    assert entered_services.check_value(count, Decimal("2.5")) == "정수를 입력하세요."
    assert entered_services.check_value(count, Decimal("51")) == "0에서 50 사이의 값을 입력하세요."
    assert entered_services.check_value(count, Decimal("3")) is None
