"""Validation: every problem is reported with where it is, in Korean and English."""

from __future__ import annotations

import pytest

from mujigae.matching import Instance, InstanceError, stable_matching
from mujigae.matching.instance import MAX_PROBLEMS, forbidden_from_data


def problems(data) -> list[tuple[str, str]]:
    with pytest.raises(InstanceError) as info:
        Instance.from_data(data)
    return [(p.where, p.code) for p in info.value.problems]


def ok(**overrides):
    data = {
        "students": [{"id": "s1", "preferences": ["A"]}, {"id": 2, "preferences": []}],
        "slots": [{"id": "A", "capacity": 1, "preferences": ["s1", 2]}],
    }
    data.update(overrides)
    return data


def test_ids_are_kept_as_given():
    inst = Instance.from_data(ok())
    assert inst.student_ids == ["s1", 2]
    assert inst.slot_ids == ["A"]
    assert Instance.from_data(inst.to_data()).to_data() == ok()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], [("$", "not_object")]),
        ({"students": []}, [("$", "missing_key")]),
        ({"students": {}, "slots": []}, [("students", "not_list")]),
        ({"students": [3], "slots": []}, [("students[0]", "not_entry")]),
        (
            {"students": [{"preferences": []}, {"id": 1}], "slots": []},
            [("students[0]", "missing_key"), ("students[1]", "missing_key")],
        ),
        (
            {
                "students": [{"id": 1.5, "preferences": []}, {"id": None, "preferences": []}],
                "slots": [],
            },
            [("students[0].id", "bad_id"), ("students[1].id", "bad_id")],
        ),
        (
            {"students": [{"id": True, "preferences": []}], "slots": []},
            [("students[0].id", "bad_id")],
        ),
    ],
)
def test_shape_problems(data, expected):
    assert problems(data) == expected


def test_duplicate_ids_are_rejected_with_the_first_occurrence():
    data = ok()
    data["students"].append({"id": "s1", "preferences": []})
    data["slots"].append({"id": "A", "capacity": 2, "preferences": []})
    with pytest.raises(InstanceError) as info:
        Instance.from_data(data)
    found = {(p.where, p.code): p for p in info.value.problems}
    assert set(found) == {("students[2].id", "duplicate_id"), ("slots[1].id", "duplicate_id")}
    message = str(found["students[2].id", "duplicate_id"])
    assert "중복" in message and "duplicate student id" in message and "students[0]" in message


def test_an_int_and_a_string_id_that_print_alike_are_duplicates():
    data = ok()
    data["students"].append({"id": "2", "preferences": []})
    assert problems(data) == [("students[2].id", "duplicate_id_text")]


@pytest.mark.parametrize("capacity", [-1, 1.5, "2", None, True])
def test_bad_capacity(capacity):
    data = ok()
    data["slots"][0]["capacity"] = capacity
    assert problems(data) == [("slots[0].capacity", "bad_capacity")]


def test_a_huge_capacity_is_as_good_as_one_place_per_student():
    data = ok()
    data["slots"][0]["capacity"] = 10**40
    inst = Instance.from_data(data)
    assert inst.capacity.tolist() == [2]
    assert stable_matching(inst).assignments == {"s1": "A", 2: None}


def test_missing_capacity():
    data = ok()
    del data["slots"][0]["capacity"]
    assert problems(data) == [("slots[0]", "missing_key")]


def test_unknown_and_repeated_preferences_are_all_listed():
    data = ok()
    data["students"][0]["preferences"] = ["A", "B", "A", ["x"]]
    data["slots"][0]["preferences"] = ["s1", "nobody", 2, "2"]
    with pytest.raises(InstanceError) as info:
        Instance.from_data(data)
    got = [(p.where, p.code) for p in info.value.problems]
    assert got == [
        ("students[0].preferences[1]", "unknown_id"),
        ("students[0].preferences[2]", "repeated_preference"),
        ("students[0].preferences[3]", "bad_id"),
        ("slots[0].preferences[1]", "unknown_id"),
        ("slots[0].preferences[3]", "unknown_id"),
    ]
    # "2" is unknown but 2 exists: the message says so.
    hint = info.value.problems[-1]
    assert "did you mean 2?" in hint.message("en")
    assert "뜻했나요" in hint.message("ko")
    assert "두 번" in info.value.problems[1].message("ko")


def test_error_lists_every_problem_up_to_a_limit():
    data = {
        "students": [{"id": i, "preferences": ["nowhere"]} for i in range(MAX_PROBLEMS + 7)],
        "slots": [],
    }
    with pytest.raises(InstanceError) as info:
        Instance.from_data(data)
    assert len(info.value.problems) == MAX_PROBLEMS
    assert info.value.more == 7
    lines = info.value.lines()
    assert f"{MAX_PROBLEMS + 7}건" in lines[0]
    assert lines[-1].endswith("(and 7 more)")


def test_forbidden_pairs_are_checked():
    inst = Instance.from_data(ok())
    with pytest.raises(InstanceError) as info:
        inst.forbidden_pairs({("s1", "Z"): "rule", ("nobody", "A"): "rule", (2, "A"): ""})
    assert [p.code for p in info.value.problems] == ["unknown_id", "unknown_id", "bad_reason"]
    f = inst.forbidden_pairs([("s1", "A")])
    assert f.reasons == ["forbidden"] and len(f) == 1
    assert stable_matching(inst, f).assignments == {"s1": None, 2: None}


def test_forbidden_from_json_shape():
    assert forbidden_from_data([{"student": 1, "slot": "A", "rule": "age"}]) == {(1, "A"): "age"}
    with pytest.raises(InstanceError) as info:
        forbidden_from_data([{"student": 1, "slot": "A"}, 5, {"student": [], "slot": 1, "rule": 3}])
    assert [p.code for p in info.value.problems] == [
        "missing_key",
        "not_entry",
        "bad_id",
        "bad_reason",
    ]
    with pytest.raises(InstanceError):
        forbidden_from_data({})
