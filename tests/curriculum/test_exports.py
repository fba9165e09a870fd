"""The curriculum workbook cannot be turned against the person who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.curriculum.models import Module
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

pytestmark = pytest.mark.django_db


def test_a_formula_typed_by_a_school_is_text_in_every_sheet(world, curr, client_for):
    response = client_for("school").post(
        reverse("curriculum:programme_edit", args=[curr.school_programme.pk]),
        {"provider": world.school.pk, "kind": "school_major", "name": FORMULA},
    )
    assert response.status_code == 302
    wb = workbook(client_for("company").get(reverse("curriculum:programme_export")))
    assert len(wb.sheetnames) == 3
    assert_neutralised(wb)
    # the programme name is on the programme and the module sheets
    assert sum(1 for c in texts(wb) if FORMULA in c) >= 2


def test_a_control_character_stored_earlier_does_not_break_the_export(world, curr, client_for):
    Module.objects.filter(pk=curr.module.pk).update(name=BELL)
    wb = workbook(client_for("coordinator").get(reverse("curriculum:programme_export")))
    assert BELL_CLEAN in texts(wb)
