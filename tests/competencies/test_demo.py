"""The Ansan demo competency map: the sample taxonomy through the real importer."""

from __future__ import annotations

import io

import pytest

from mujigae.competencies.models import CompetencyUnit, NcsClass, NcsImport, Occupation
from mujigae.competencies.selectors import confirmed_units_for_hiring_rows
from mujigae.demo.ansan import load_ansan
from mujigae.demo.competencies import load_ansan_competencies
from mujigae.demo.surveys import IN_THEIR_OWN_WORDS, OCCUPATIONS, load_ansan_surveys
from mujigae.surveys.models import HiringDemand

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(CompetencyUnit.objects.values_list("code", "name", "level", "description")),
        sorted(
            (o.name, o.industry.code if o.industry else None, tuple(u.code for u in o.units.all()))
            for o in Occupation.objects.all()
        ),
        NcsImport.objects.count(),
    )


def test_the_demo_loads_a_sample_taxonomy_and_maps_ansan(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    district = load_ansan()
    load_ansan_surveys()
    out = io.StringIO()
    occupations = load_ansan_competencies(out=out)
    assert "sample NCS taxonomy imported" in out.getvalue()
    assert CompetencyUnit.objects.count() > 50
    assert not CompetencyUnit.objects.filter(is_sample=False).exists()
    assert not NcsClass.objects.filter(is_sample=False).exists()
    assert {o.name for o in occupations} == set(OCCUPATIONS)
    robot = Occupation.objects.get(district=district, name="로봇 유지보수 기술자")
    assert robot.industry.code == "robot-ai" and robot.is_sample
    assert set(robot.units.values_list("code", flat=True)) == set(OCCUPATIONS[robot.name][1])
    cnc = Occupation.objects.get(district=district, name="CNC 가공원")
    assert cnc.industry.code == "digital-manufacturing" and cnc.job.code == "15020101"
    # rows that write codes resolve without anyone confirming; rows in the
    # company's own words wait for a coordinator (the confirmation queue)
    resolved = confirmed_units_for_hiring_rows(district_ids=[district.pk])
    assert resolved and HiringDemand.objects.filter(district=district).count() == len(resolved)
    own_words = set(IN_THEIR_OWN_WORDS.values())
    rows = {r.pk: r.competency_units for r in HiringDemand.objects.filter(district=district)}
    for pk, units in resolved.items():
        assert bool(units) == (rows[pk] not in own_words), rows[pk]
    assert any(not units for units in resolved.values())

    before = _state()
    again = io.StringIO()
    load_ansan_competencies(out=again)
    assert "unchanged" in again.getvalue()
    assert _state() == before  # idempotent and deterministic
