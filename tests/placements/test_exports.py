"""The slot export cannot be turned against the coordinator who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.placements.models import Slot
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

from .factories import SlotFactory

pytestmark = pytest.mark.django_db

SLOT = {
    "kind": "field_training",
    "title": FORMULA,
    "duties": "협동로봇 셀 점검 보조",
    "location": "+82 안산 반월공단",
    "daily_hours": "7",
    "weekly_hours": "35",
    "start_time": "09:00",
    "end_time": "17:00",
    "pay": "1200000",
    "capacity": "2",
    "unit_codes": "",
    "required_certificates": "-전기기능사",
}


def test_a_formula_in_a_slot_title_posted_by_a_company_is_text_in_the_export(world, client_for):
    response = client_for("company").post(reverse("placements:slot_create"), SLOT)
    assert response.status_code == 302
    assert Slot.objects.get().title == FORMULA
    wb = workbook(client_for("coordinator").get(reverse("placements:slot_export")))
    assert_neutralised(wb)
    assert_neutralised(wb, "+82 안산 반월공단")
    assert_neutralised(wb, "-전기기능사")
    # numbers stay numbers
    row = [c.value for c in next(wb.active.iter_rows(min_row=2, max_row=2))]
    assert 1200000 in row and 7.0 in row


def test_a_control_character_stored_earlier_does_not_break_the_export(world, client_for):
    SlotFactory(company=world.company, title=BELL)
    wb = workbook(client_for("coordinator").get(reverse("placements:slot_export")))
    assert BELL_CLEAN in texts(wb)
