"""The demo outcomes: sample, deterministic, idempotent; the dashboard shows them."""

from __future__ import annotations

from io import StringIO

import pytest

from mujigae.demo.ansan import SCHOOLS, load_ansan
from mujigae.demo.outcomes import PER_SCHOOL, load_ansan_outcomes
from mujigae.outcomes.models import FollowUp, GraduateRecord, Hire, Participation
from mujigae.students.models import Student


@pytest.mark.django_db
def test_demo_outcomes_are_sample_deterministic_and_idempotent():
    load_ansan()
    out = StringIO()
    counts = load_ansan_outcomes(out=out)
    assert counts["graduates"] == 2 * PER_SCHOOL * len(SCHOOLS)
    assert counts["programmes"] == 3 and counts["participations"] > 0
    first = sorted(GraduateRecord.objects.values_list("student__name", "graduation_year", "status"))
    assert load_ansan_outcomes() == counts
    again = sorted(GraduateRecord.objects.values_list("student__name", "graduation_year", "status"))
    assert first == again
    assert Student.objects.filter(grade=3).count() == counts["graduates"]
    for model in (GraduateRecord, Hire, FollowUp, Participation):
        assert not model.objects.filter(is_sample=False).exists(), model
    statuses = {s for _, _, s in first}
    assert {"employed", "further_study", "not_employed"} <= statuses
    # some follow-ups done, some still due
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    assert FollowUp.objects.filter(done_on__isnull=True).exists()
    assert "outcomes:" in out.getvalue()
