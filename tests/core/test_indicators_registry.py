"""Every computed measure of the evaluation is registered, with its unit and
area (issue 16, point 1), a Korean label and a "how computed" note."""

from __future__ import annotations

import pytest
from django.utils import translation

from mujigae.core import indicators

EXPECTED = {
    # cooperation (협력체계 구축)
    "partners.participating_companies": (indicators.COUNT, indicators.COOPERATION),
    "governance.meetings_held": (indicators.COUNT, indicators.COOPERATION),
    "governance.action_items_closed": (indicators.PERCENT, indicators.COOPERATION),
    "surveys.response_rate": (indicators.PERCENT, indicators.COOPERATION),
    "sharing.documents_shared": (indicators.COUNT, indicators.COOPERATION),
    "sharing.staff_hours": (indicators.HOURS, indicators.COOPERATION),
    # pathway (지역인재 성장경로)
    "outcomes.employment_rate": (indicators.PERCENT, indicators.PATHWAY),
    "outcomes.regional_employment_rate": (indicators.PERCENT, indicators.PATHWAY),
    "outcomes.retention_rate": (indicators.PERCENT, indicators.PATHWAY),
    "outcomes.further_study_rate": (indicators.PERCENT, indicators.PATHWAY),
    "curriculum.modules_approved": (indicators.COUNT, indicators.PATHWAY),
    "placements.field_training_students": (indicators.COUNT, indicators.PATHWAY),
    # foundation (지속가능 혁신기반)
    "budget.execution_rate": (indicators.PERCENT, indicators.FOUNDATION),
    "benefits.paid": (indicators.WON, indicators.FOUNDATION),
    "benefits.companies_benefited": (indicators.COUNT, indicators.FOUNDATION),
    "outcomes.settlement_participants": (indicators.COUNT, indicators.FOUNDATION),
    "insights.gap_coverage": (indicators.PERCENT, indicators.FOUNDATION),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_measure_is_registered_with_its_unit_and_area(key):
    m = indicators.get(key)
    assert m is not None, key
    assert (m.unit, m.area) == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_label_and_note_are_korean(key):
    m = indicators.get(key)
    with translation.override("ko"):
        label, how = str(m.label), str(m.how)
    assert any("\uac00" <= c <= "\ud7a3" for c in label), label
    assert any("\uac00" <= c <= "\ud7a3" for c in how), how


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_rows_page_is_a_page(key):
    url = indicators.get(key).rows_url(1, 2025)
    assert url is None or url.startswith("/")


@pytest.mark.django_db
def test_every_measure_answers_whole_years_as_keys(world):
    """The keys are (district id, year) as ints on every database (PostgreSQL's
    EXTRACT answers a numeric); nothing asked of an empty district."""
    from tests.benefits.helpers import module

    module(world.company, world.school, year=2024)
    figures = indicators.get("curriculum.modules_approved").figures([world.district.pk], [2024])
    assert [type(y) for _d, y in figures] == [int]
    for key in EXPECTED:
        assert indicators.get(key).figures([world.other_district.pk], [2019]) == {}
