"""The matching results export cannot be turned against the coordinator who opens it."""

from __future__ import annotations

from django.urls import reverse

from tests.placements.test_exports import SLOT
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook
from tests.students.factories import download

from .helpers import fill_in, open_round, pass_deadline


def _run(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    pass_deadline(s.round)
    return s


def test_a_formula_in_a_slot_title_is_text_in_the_results(world, client_for):
    s = _run(world, client_for)
    # company_b renames the slot kim is placed in, on its own slot page
    cnc = s.slots["cnc"].slot
    edit = reverse("placements:slot_edit", args=[cnc.pk])
    response = client_for("company_b").post(
        edit, {**SLOT, "title": FORMULA, "end_time": "16:00", "capacity": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client = client_for("coordinator")
    assert client.post(reverse("rounds:round_run", args=[s.round.pk])).status_code == 302
    wb = workbook(download(client, reverse("rounds:round_export", args=[s.round.pk])))
    assert_neutralised(wb)


def test_a_control_character_in_a_school_name_does_not_break_the_results(world, client_for):
    s = _run(world, client_for)
    world.school.name = BELL
    world.school.save()
    client = client_for("coordinator")
    client.post(reverse("rounds:round_run", args=[s.round.pk]))
    wb = workbook(download(client, reverse("rounds:round_export", args=[s.round.pk])))
    assert BELL_CLEAN in texts(wb)
