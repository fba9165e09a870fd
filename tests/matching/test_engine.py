"""The engine: a valid, stable, student-optimal matching, whatever the method."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujigae.matching import Instance, blocking_pairs, engine, stable_matching, validity_problems
from mujigae.matching.generate import generate
from tests.matching import helpers as h

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def solve(data, forbidden=None, method="auto"):
    return stable_matching(Instance.from_data(data), forbidden, method=method).assignments


@SETTINGS
@given(st.data())
def test_valid_stable_and_student_optimal(draw):
    data = draw.draw(h.instances(max_students=5, max_slots=3))
    forbidden = draw.draw(h.forbidden_for(data))
    got = solve(data, forbidden)
    assert list(got) == [s["id"] for s in data["students"]]
    assert h.is_valid(data, got, forbidden)
    assert h.blocking(data, got, forbidden) == set()
    stable = h.all_stable(data, forbidden)
    assert got in stable
    for other in stable:  # every student does at least as well as in any stable matching
        for sid in got:
            assert h.choice(data, sid, got[sid]) <= h.choice(data, sid, other[sid])


@SETTINGS
@given(h.instances(max_students=12, max_slots=6))
def test_methods_agree_and_engine_checks_agree_with_definitions(data):
    results = [solve(data, method=m) for m in ("auto", "rounds", "sequential")]
    assert results[0] == results[1] == results[2]
    inst = Instance.from_data(data)
    assert validity_problems(inst, results[0]) == []
    assert blocking_pairs(inst, results[0]) == []


@SETTINGS
@given(h.instances(max_students=8, max_slots=4), st.data())
def test_blocking_pairs_match_the_definition_for_any_assignment(data, draw):
    """blocking_pairs on arbitrary (even invalid) assignments equals the slow definition."""
    slot_ids = [None] + [s["id"] for s in data["slots"]]
    assignment = {s["id"]: draw.draw(st.sampled_from(slot_ids)) for s in data["students"]}
    inst = Instance.from_data(data)
    assert set(blocking_pairs(inst, assignment)) == h.blocking(data, assignment)
    assert (validity_problems(inst, assignment) == []) == h.is_valid(data, assignment)


def test_textbook_example():
    """Two students both want slot A (one place); A prefers s2. s1 falls back to B."""
    data = {
        "students": [
            {"id": "s1", "preferences": ["A", "B"]},
            {"id": "s2", "preferences": ["A", "B"]},
            {"id": "s3", "preferences": ["B"]},
        ],
        "slots": [
            {"id": "A", "capacity": 1, "preferences": ["s2", "s1"]},
            {"id": "B", "capacity": 1, "preferences": ["s3", "s1", "s2"]},
        ],
    }
    assert solve(data) == {"s1": None, "s2": "A", "s3": "B"}
    # With two places at B, s1 gets B too.
    data["slots"][1]["capacity"] = 2
    assert solve(data) == {"s1": "B", "s2": "A", "s3": "B"}


def test_student_optimal_not_slot_optimal():
    """Two stable matchings exist; students get their first choices in ours."""
    data = {
        "students": [
            {"id": 1, "preferences": ["X", "Y"]},
            {"id": 2, "preferences": ["Y", "X"]},
        ],
        "slots": [
            {"id": "X", "capacity": 1, "preferences": [2, 1]},
            {"id": "Y", "capacity": 1, "preferences": [1, 2]},
        ],
    }
    assert solve(data) == {1: "X", 2: "Y"}


def test_acceptability_needs_both_lists_rules_and_places():
    data = {
        "students": [
            {"id": "a", "preferences": ["only-student-lists", "zero", "ruled", "ok"]},
            {"id": "b", "preferences": []},
        ],
        "slots": [
            {"id": "only-student-lists", "capacity": 5, "preferences": ["b"]},
            {"id": "zero", "capacity": 0, "preferences": ["a"]},
            {"id": "ruled", "capacity": 1, "preferences": ["a"]},
            {"id": "ok", "capacity": 1, "preferences": ["a", "b"]},
        ],
    }
    assert solve(data, {("a", "ruled"): "certificate_required"}) == {"a": "ok", "b": None}
    assert solve(data) == {"a": "ruled", "b": None}
    assert solve(data, [("a", "ruled"), ("a", "ok")]) == {"a": None, "b": None}


def test_empty_instances():
    assert solve({"students": [], "slots": []}) == {}
    assert solve({"students": [{"id": 1, "preferences": []}], "slots": []}) == {1: None}
    assert solve({"students": [], "slots": [{"id": 1, "capacity": 3, "preferences": []}]}) == {}


def test_long_rejection_chain_uses_the_sequential_tail(monkeypatch):
    """A chain where each round frees one student: auto switches to the
    sequential loop after a few rounds and still agrees with pure rounds."""
    n = 60
    # Slot k (capacity 1) ranks student k+1 above student k; everyone lists 0, 1, 2, ...
    data = {
        "students": [{"id": i, "preferences": list(range(n))} for i in range(n)],
        "slots": [
            {"id": k, "capacity": 1, "preferences": list(range(n - 1, -1, -1))} for k in range(n)
        ],
    }
    monkeypatch.setattr(engine, "ROUNDS_BEFORE_SWITCH", 3)
    monkeypatch.setattr(engine, "SWITCH_TO_SEQUENTIAL", 10**6)
    calls = []
    original = engine._sequential
    monkeypatch.setattr(engine, "_sequential", lambda *a: calls.append(1) or original(*a))
    auto = solve(data)
    assert calls, "the sequential tail ran"
    assert auto == solve(data, method="rounds") == solve(data, method="sequential")
    # Slot k gets student n-1-k: every slot agrees, so the best student takes slot 0.
    assert auto == {i: n - 1 - i for i in range(n)}


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_market_methods_agree(seed):
    data = generate(3000, 600, seed=seed)
    inst = Instance.from_data(data)
    slots = {m: stable_matching(inst, method=m).slot_of for m in ("auto", "rounds", "sequential")}
    assert np.array_equal(slots["auto"], slots["rounds"])
    assert np.array_equal(slots["auto"], slots["sequential"])
    result = stable_matching(inst)
    assert validity_problems(result) == []
    assert blocking_pairs(result) == []
    assert (result.slot_of >= 0).sum() > 1000  # a real market: most students placed


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        stable_matching(Instance.from_data({"students": [], "slots": []}), method="fast")
