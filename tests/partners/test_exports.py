"""The partner directory export cannot be turned against the person who opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.spreadsheets import BELL, BELL_CLEAN, FORMULA, assert_neutralised, texts, workbook

pytestmark = pytest.mark.django_db


def test_a_formula_saved_as_a_name_and_area_is_text_in_the_export(world, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("partners:organisation_edit", args=[world.company.pk]),
        {"name": FORMULA, "kind": OrgKind.COMPANY, "area": "@SUM(1+1)"},
    )
    assert response.status_code == 302
    wb = workbook(client.get(reverse("partners:directory_export")))
    assert_neutralised(wb)
    assert_neutralised(wb, "@SUM(1+1)")


def test_a_control_character_stored_earlier_does_not_break_the_export(world, client_for):
    f.OrganisationFactory(district=world.district, name=BELL, kind=OrgKind.COMPANY)
    wb = workbook(client_for("school").get(reverse("partners:directory_export")))
    assert BELL_CLEAN in texts(wb)
