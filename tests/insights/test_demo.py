"""The demo loader computes the gap from whatever the other loaders created."""

from __future__ import annotations

import io

import pytest

from mujigae.demo.ansan import load_ansan
from mujigae.demo.insights import load_ansan_insights
from mujigae.insights.models import GapFigure
from tests.insights import factories as g

pytestmark = pytest.mark.django_db


def test_load_ansan_insights_runs_the_recompute_and_can_run_again(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    district = load_ansan(stdout=io.StringIO())
    unit = g.unit(name="협동로봇 운용")
    g.hiring(g.survey(district), g.company(district), year=2026, units=unit.code, headcount=3)
    out = io.StringIO()
    run = load_ansan_insights(out=out)
    assert run.figures == 2  # Ansan's cell and the national roll-up
    assert "skills gap" in out.getvalue()
    load_ansan_insights()
    assert GapFigure.objects.get(district=district, unit=unit, year=2026).demand == 3
