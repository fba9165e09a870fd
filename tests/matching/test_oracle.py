"""Identical to the `matching` library's resident-optimal hospital–resident solution."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from mujigae.matching import Instance, stable_matching
from mujigae.matching.generate import generate
from tests.matching import helpers as h


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h.instances(max_students=10, max_slots=5, max_capacity=3))
def test_same_as_library_on_small_instances(data):
    ours = stable_matching(Instance.from_data(data)).assignments
    assert ours == h.library_solution(data)


def test_same_as_library_on_a_generated_market():
    data = generate(400, 80, seed=7)
    ours = stable_matching(Instance.from_data(data)).assignments
    theirs = h.library_solution(data)
    assert ours == theirs
    assert sum(v is not None for v in ours.values()) > 200
