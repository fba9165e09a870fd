"""The skills-gap export cannot be turned against the person who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.insights import services
from tests.insights import factories as g
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

pytestmark = pytest.mark.django_db


def test_unit_names_with_formulas_or_control_characters_export_as_text(world, client_for):
    # unit names come from the NCS files: written by the import, not by a form
    formula = g.unit(name=FORMULA)
    bell = g.unit(name=BELL)
    sq = g.survey(world.district, title="2026 인력수요조사")
    g.hiring(sq, world.company, year=2026, units=formula.code, headcount=5, occupation="정비원")
    g.hiring(sq, world.company_b, year=2026, units=bell.code, headcount=3, occupation="도장공")
    services.gap_recompute()
    wb = workbook(client_for("coordinator").get(reverse("insights:gap_export")))
    assert_neutralised(wb)
    assert BELL_CLEAN in texts(wb)
    # the figures stay numbers
    gaps = [row[6] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert gaps and all(isinstance(v, int | float) for v in gaps)
