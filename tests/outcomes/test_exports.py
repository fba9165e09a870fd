"""The outcomes export cannot be turned against the person who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.outcomes import services
from mujigae.partners.models import OrgKind
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world, grad, other_grad):
    actor = world.users["coordinator"]
    services.graduate_record_save(actor=actor, student=grad, status="employed")
    services.graduate_record_save(actor=actor, student=other_grad, status="not_employed")


def test_a_formula_saved_as_a_school_name_is_text_in_the_export(world, client_for, recorded):
    client = client_for("coordinator")
    response = client.post(
        reverse("partners:organisation_edit", args=[world.school.pk]),
        {"name": FORMULA, "kind": OrgKind.SCHOOL},
    )
    assert response.status_code == 302
    wb = workbook(client.get(reverse("outcomes:dashboard_export")))
    assert_neutralised(wb)
    # the figures stay numbers
    assert any(isinstance(c, int) for row in wb.active.iter_rows(values_only=True) for c in row)


def test_a_control_character_in_a_school_name_does_not_break_the_export(
    world, client_for, recorded, other_grad
):
    school = other_grad.school
    school.name = BELL
    school.save()
    wb = workbook(client_for("coordinator").get(reverse("outcomes:dashboard_export")))
    assert BELL_CLEAN in texts(wb)
