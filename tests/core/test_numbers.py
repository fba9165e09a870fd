"""Numbers as Korean writes them (core.numbers and its template filters): 25명, 80.0%."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from mujigae.core.numbers import percent, quantity


@pytest.mark.parametrize(
    "value, unit, shown",
    (
        (25, "명", "25명"),
        (25.0, "명", "25명"),  # no ".0" on a whole count
        (Decimal("25.00"), "명", "25명"),
        (2.5, "명", "2.5명"),
        (1234, "명", "1,234명"),
        (1234567.25, "", "1,234,567.3"),  # half up, one decimal by default
        (12, "kg", "12 kg"),  # a unit in Latin letters keeps its space
        (None, "명", "—"),
        (0, "회", "0회"),
    ),
)
def test_quantity(value, unit, shown):
    assert quantity(value, unit) == shown


@pytest.mark.parametrize(
    "value, shown",
    ((80, "80.0%"), (80.0, "80.0%"), (55.25, "55.3%"), (Decimal("12.5"), "12.5%"), (None, "—")),
)
def test_percent(value, shown):
    assert percent(value) == shown


def test_template_filters():
    template = Template(
        '{% load mujigae %}{{ n|quantity:"명" }}|{{ mean|quantity:"명" }}|{{ r|percent }}|{{ none|percent }}'
    )
    context = Context({"n": 25, "mean": 2.25, "r": 80, "none": None})
    assert template.render(context) == "25명|2.25명|80.0%|—"
