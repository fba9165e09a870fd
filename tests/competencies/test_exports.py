"""The competency map export cannot be turned against the person who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f
from tests.competencies import factories as cf
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

pytestmark = pytest.mark.django_db


def test_a_formula_typed_as_an_occupation_is_text_in_the_export(world, client_for):
    industry = f.IndustryFactory(district=world.district, code="robot-ai", name="로봇 AI")
    client = client_for("coordinator")
    response = client.post(
        reverse("competencies:occupation_create"), {"name": FORMULA, "industry": industry.pk}
    )
    assert response.status_code == 302
    wb = workbook(client_for("school").get(reverse("competencies:map_export")))
    assert_neutralised(wb)


def test_a_control_character_in_a_unit_name_does_not_break_the_export(world, client_for):
    # unit names come from the NCS files: written by the import, not by a form
    unit = cf.unit("1903060101_17v1", BELL)
    cf.occupation(world.district, "로봇 유지보수 기술자", units=[unit])
    wb = workbook(client_for("school").get(reverse("competencies:map_export")))
    assert BELL_CLEAN in texts(wb)
