"""Why a student did not get a higher choice; the welfare-optimal assignment."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujigae.matching import (
    Instance,
    blocking_pairs,
    explain,
    stable_matching,
    summary,
    validity_problems,
    welfare_optimal,
)
from tests.matching import helpers as h

MARKET = {
    "students": [
        {"id": "kim", "preferences": ["robot", "cnc", "weld"]},
        {"id": "lee", "preferences": ["robot", "cnc", "closed", "weld"]},
        {"id": "park", "preferences": ["robot", "weld"]},
        {"id": "choi", "preferences": ["cnc", "robot"]},
    ],
    "slots": [
        {"id": "robot", "capacity": 1, "preferences": ["park", "kim", "lee"]},
        {"id": "cnc", "capacity": 1, "preferences": ["choi", "kim", "lee"]},
        {"id": "weld", "capacity": 2, "preferences": ["lee", "kim"]},
        {"id": "closed", "capacity": 0, "preferences": ["lee"]},
    ],
}


def test_explanations_name_the_reason_for_each_higher_choice():
    result = stable_matching(Instance.from_data(MARKET), {("kim", "weld"): "certificate_required"})
    assert result.assignments == {"kim": None, "lee": "weld", "park": "robot", "choi": "cnc"}
    why = {sid: [e.as_dict() for e in items] for sid, items in explain(result).items()}
    assert why["park"] == [] and why["choi"] == []
    assert why["kim"] == [
        {
            "slot": "robot",
            "choice": 1,
            "code": "filled",
            "your_rank": 2,
            "last_admitted_rank": 1,
            "capacity": 1,
        },
        {
            "slot": "cnc",
            "choice": 2,
            "code": "filled",
            "your_rank": 2,
            "last_admitted_rank": 1,
            "capacity": 1,
        },
        {"slot": "weld", "choice": 3, "code": "unacceptable", "rule": "certificate_required"},
    ]
    assert why["lee"] == [
        {
            "slot": "robot",
            "choice": 1,
            "code": "filled",
            "your_rank": 3,
            "last_admitted_rank": 1,
            "capacity": 1,
        },
        {
            "slot": "cnc",
            "choice": 2,
            "code": "filled",
            "your_rank": 3,
            "last_admitted_rank": 1,
            "capacity": 1,
        },
        {"slot": "closed", "choice": 3, "code": "no_places", "capacity": 0},
    ]


def test_not_listed_by_the_slot_is_unacceptable():
    data = {
        "students": [{"id": 1, "preferences": ["a", "b"]}],
        "slots": [
            {"id": "a", "capacity": 3, "preferences": []},
            {"id": "b", "capacity": 1, "preferences": [1]},
        ],
    }
    result = stable_matching(Instance.from_data(data))
    assert result.assignments == {1: "b"}
    [e] = explain(result)[1]
    assert (e.slot, e.code, e.rule) == ("a", "unacceptable", "not_ranked_by_slot")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_higher_choice_of_a_stable_matching_is_explained_without_blocking(draw):
    data = draw.draw(h.instances(max_students=8, max_slots=4))
    forbidden = draw.draw(h.forbidden_for(data))
    result = stable_matching(Instance.from_data(data), forbidden)
    why = explain(result)
    for s in data["students"]:
        got = result.assignments[s["id"]]
        prefs = s["preferences"]
        higher = prefs[: prefs.index(got)] if got is not None else prefs
        assert [e.slot for e in why[s["id"]]] == higher
        for e in why[s["id"]]:
            assert e.code in {"unacceptable", "no_places", "filled"}
            if e.code == "unacceptable" and (s["id"], e.slot) in forbidden:
                assert e.rule == forbidden[s["id"], e.slot]
            if e.code == "filled":
                assert e.your_rank > e.last_admitted_rank


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h.instances(max_students=6, max_slots=3))
def test_welfare_places_most_students_then_minimises_ranks(data):
    inst = Instance.from_data(data)
    welfare = welfare_optimal(inst)
    got = welfare.assignments
    assert h.is_valid(data, got)
    placed = sum(v is not None for v in got.values())
    cost = sum(h.choice(data, s, v) for s, v in got.items() if v is not None)
    assert cost == welfare.total_rank
    # Brute force over every valid assignment: none places more, or as many for less.
    ok = h.acceptable(data)
    caps = {x["id"]: x["capacity"] for x in data["slots"]}
    import itertools

    options = [
        [None] + [x for x in s["preferences"] if (s["id"], x) in ok] for s in data["students"]
    ]
    for combo in itertools.product(*options):
        if any(combo.count(x) > caps[x] for x in set(combo) if x is not None):
            continue
        n = sum(x is not None for x in combo)
        c = sum(
            h.choice(data, s["id"], x) for s, x in zip(data["students"], combo, strict=True) if x
        )
        assert (n, -c) <= (placed, -cost)
    # Its blocking pairs are the stable matching's price to pay.
    assert set(blocking_pairs(welfare.as_matching())) == h.blocking(data, got)


def test_welfare_beside_stable_on_a_small_market():
    inst = Instance.from_data(MARKET)
    stable = stable_matching(inst)
    welfare = welfare_optimal(inst)
    s, w = summary(stable), summary(welfare.as_matching())
    assert s["blocking_pairs"] == 0
    assert w["placed"] >= s["placed"]
    assert validity_problems(welfare.as_matching()) == []
    assert s == {
        "students": 4,
        "placed": 4,
        "unplaced": 0,
        "by_choice": {"1": 2, "3": 1, "4": 1},
        "mean_choice": 2.25,
        "total_choice": 9,
        "blocking_pairs": 0,
    }


def test_explain_and_blocking_on_a_plain_assignment():
    inst = Instance.from_data(MARKET)
    assignment = {"kim": "robot", "lee": "cnc", "park": "weld", "choi": None}
    assert sorted(blocking_pairs(inst, assignment)) == [("choi", "cnc"), ("park", "robot")]
    codes = {sid: [e.code for e in items] for sid, items in explain(inst, assignment).items()}
    assert codes["park"] == ["blocking"]
    assert validity_problems(inst, {"kim": "closed"}) != []
