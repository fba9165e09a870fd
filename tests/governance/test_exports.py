"""The action-item export cannot be turned against the coordinator who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

pytestmark = pytest.mark.django_db


def test_a_formula_typed_by_the_owning_company_is_text_in_the_export(world, client_for):
    item = f.ActionItemFactory(owner=world.company, title="실습 자리 확보")
    response = client_for("company").post(
        reverse("governance:action_update", args=[item.pk]),
        {"status": "in_progress", "progress_note": FORMULA},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.progress_note == FORMULA  # stored as typed: it is only text here
    wb = workbook(client_for("coordinator").get(reverse("governance:action_list_export")))
    assert_neutralised(wb)


def test_a_control_character_stored_earlier_does_not_break_the_export(world, client_for):
    # Rows written before the edges cleaned input (or by a script) may hold one.
    f.ActionItemFactory(owner=world.company, title=BELL, progress_note="메모\x1b")
    wb = workbook(client_for("coordinator").get(reverse("governance:action_list_export")))
    assert BELL_CLEAN in texts(wb) and "메모" in texts(wb)
