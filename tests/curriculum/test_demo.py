"""The Ansan curriculum demo: idempotent, deterministic, marked sample."""

from __future__ import annotations

from io import StringIO

import pytest

from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProposalStatus,
    ProposalVersion,
)
from mujigae.demo.ansan import load_ansan
from mujigae.demo.curriculum import load_ansan_curriculum
from mujigae.demo.surveys import COMPETENCY_UNITS
from tests.curriculum import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def ansan(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_ansan()


def _units():
    for code, name in COMPETENCY_UNITS.items():
        cf.UnitFactory(code=code, name=name)


def _snapshot():
    return (
        list(Programme.objects.order_by("pk").values_list("name", "kind", "provider__name")),
        list(ModuleUnit.objects.order_by("pk").values_list("module__name", "unit__code", "hours")),
        list(
            Cohort.objects.order_by("pk").values_list(
                "programme__name", "year", "enrolled", "completed"
            )
        ),
        list(ModuleProposal.objects.order_by("pk").values_list("status", "proposer__name")),
        ProposalVersion.objects.count(),
    )


def test_skips_with_a_message_without_the_taxonomy(ansan):
    out = StringIO()
    assert load_ansan_curriculum(out=out) == []
    assert "skipped" in out.getvalue()
    assert not Programme.objects.exists()


def test_loads_every_kind_and_state_idempotently(ansan):
    _units()
    out = StringIO()
    load_ansan_curriculum(out=out)
    first = _snapshot()
    load_ansan_curriculum()
    assert _snapshot() == first
    assert Programme.objects.filter(is_sample=False).count() == 0
    assert ModuleProposal.objects.filter(is_sample=False).count() == 0
    kinds = set(Programme.objects.values_list("kind", flat=True))
    assert len(kinds) == 5
    assert set(ModuleProposal.objects.values_list("status", flat=True)) == set(
        ProposalStatus.values
    )
    years = set(Cohort.objects.values_list("year", flat=True))
    assert years == {2023, 2024, 2025, 2026, 2027}
    for cohort in Cohort.objects.all():
        assert cohort.completed is None or cohort.completed <= cohort.enrolled
    # every sample unit is taught somewhere
    assert set(ModuleUnit.objects.values_list("unit__code", flat=True)) == set(COMPETENCY_UNITS)
    approved = ModuleProposal.objects.get(status=ProposalStatus.APPROVED)
    assert approved.result_module is not None
    assert Module.objects.filter(pk=approved.result_module_id).exists()
    assert "programmes" in out.getvalue()
