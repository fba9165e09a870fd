"""The benchmark's quick path on a small size: the data it generates, the run
from the page through the task queue and the database worker, and its peers
(no times asserted)."""

from __future__ import annotations

import pytest

from bench import rounds as bench_rounds
from mujigae.rounds.models import Assignment, Round, RoundStatus


@pytest.mark.django_db(transaction=True)
def test_quick_core_runs_the_round_through_the_task_and_publishes():
    size = {"students": 300, "slots": 60, "companies": 20, "schools": 4}
    result = bench_rounds.core(size, seed=7)
    data, run, peers = result["data"], result["run"], result["peers"]
    assert data["students"] == 300 and data["choices"] > 300
    assert run["queued_status"] == "queued"  # the request queued it; the worker ran it
    rnd = Round.objects.get(pk=data["round_id"])
    assert rnd.status == RoundStatus.PUBLISHED
    assert run["stored"] == Assignment.objects.filter(round=rnd).count() == 300
    assert 0 < run["placed"] <= data["places"]
    assert run["forbidden_pairs"] > 0  # night slots and missing agreements or consents
    assert peers["identical"] is True
