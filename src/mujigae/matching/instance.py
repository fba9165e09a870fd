"""A matching instance: students, slots and their preference lists, validated.

Plain data in (the JSON shape of `mujigae match`), dense integer arrays out:

    {"students": [{"id": ..., "preferences": [slot id, ...]}, ...],
     "slots":    [{"id": ..., "capacity": n, "preferences": [student id, ...]}, ...]}

Ids are strings or integers and are kept exactly as given (``1`` and ``"1"``
are different ids, but they may not both name students, or both slots: they
would be the same key once written as JSON). Every problem is collected, with
where it is and what is wrong, in Korean and in English; nothing here imports
Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

import numpy as np

Id = str | int

MAX_PROBLEMS = 200  # collected in full; more are counted, not listed

# code -> (Korean, English); placeholders are filled with str.format(**params).
MESSAGES: dict[str, tuple[str, str]] = {
    "not_object": (
        "인스턴스는 JSON 객체여야 합니다 ({{...}})",
        "the instance must be a JSON object ({{...}})",
    ),
    "missing_key": ("필수 항목 '{key}'이(가) 없습니다", "the key '{key}' is missing"),
    "not_list": ("목록([...])이어야 합니다", "must be a list ([...])"),
    "not_entry": (
        "각 항목은 JSON 객체여야 합니다 ({{...}})",
        "each entry must be a JSON object ({{...}})",
    ),
    "bad_id": (
        "id는 문자열이나 정수여야 합니다 (받은 값: {value})",
        "an id must be a string or an integer (got {value})",
    ),
    "duplicate_id": (
        "{kind} id {id}이(가) 중복됩니다 ({first}과 같음)",
        "duplicate {kind_en} id {id} (same as {first})",
    ),
    "duplicate_id_text": (
        "{kind} id {id}이(가) {first}의 id {other}와 JSON 키로 같아집니다",
        "{kind_en} id {id} becomes the same JSON key as {other} of {first}",
    ),
    "bad_capacity": (
        "정원은 0 이상의 정수여야 합니다 (받은 값: {value})",
        "the capacity must be an integer of 0 or more (got {value})",
    ),
    "unknown_id": (
        "알 수 없는 {kind} id {id}입니다{hint}",
        "unknown {kind_en} id {id}{hint_en}",
    ),
    "repeated_preference": (
        "{id}이(가) 선호 목록에 두 번 있습니다 ({first}번째와 {second}번째)",
        "{id} is listed twice (places {first} and {second})",
    ),
    "bad_pair": (
        "금지 쌍은 [학생 id, 자리 id] 형식이어야 합니다",
        "a forbidden pair must be [student id, slot id]",
    ),
    "bad_reason": (
        "사유 코드는 비어 있지 않은 문자열이어야 합니다",
        "the reason code must be a non-empty string",
    ),
    "bad_json": (
        "JSON으로 읽을 수 없습니다: {line}행 {column}열, {detail}",
        "not valid JSON: line {line}, column {column}: {detail}",
    ),
    "bad_encoding": (
        "UTF-8 텍스트가 아닙니다 ({position}번째 바이트)",
        "not UTF-8 text (byte {position})",
    ),
}

KINDS = {"student": ("학생", "student"), "slot": ("자리", "slot")}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an instance: where (a JSON path), a code, parameters."""

    where: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "ko") -> str:
        ko, en = MESSAGES[self.code]
        return (en if lang == "en" else ko).format(**self.params)

    def __str__(self) -> str:
        return f"{self.where}: {self.message('ko')} ({self.message('en')})"


class InstanceError(ValueError):
    """The instance is not valid; `problems` lists every problem found (up to
    MAX_PROBLEMS; `more` counts the rest)."""

    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = problems
        self.more = more
        total = len(problems) + more
        super().__init__(
            f"잘못된 매칭 인스턴스입니다: 문제 {total}건 (invalid matching instance: "
            f"{total} problem{'s' if total != 1 else ''})"
        )

    def lines(self) -> list[str]:
        out = [str(self)]
        out += [f"  {p}" for p in self.problems]
        if self.more:
            out.append(f"  … 그 밖에 {self.more}건 (and {self.more} more)")
        return out


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.more = 0

    def add(self, where: str, code: str, **params: Any) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(where, code, params))
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.items:
            raise InstanceError(self.items, self.more)


def _show(value: Any) -> str:
    """An id or value as it appears in the JSON (strings quoted), kept short."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_id(value: Any) -> bool:
    return type(value) is str or type(value) is int


def _kind(kind: str) -> dict[str, str]:
    ko, en = KINDS[kind]
    return {"kind": ko, "kind_en": en}


@dataclass(frozen=True, eq=False)
class Instance:
    """A validated instance. Students and slots are numbered 0.. in the order
    given; preference lists are CSR arrays (`*_ptr[i]:*_ptr[i+1]` is the list of
    i, best first)."""

    student_ids: list[Id]
    slot_ids: list[Id]
    capacity: np.ndarray  # (m,) int64
    student_ptr: np.ndarray  # (n+1,) int64
    student_pref: np.ndarray  # slot numbers, int32
    slot_ptr: np.ndarray  # (m+1,) int64
    slot_pref: np.ndarray  # student numbers, int32

    @property
    def n_students(self) -> int:
        return len(self.student_ids)

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    def student_index(self) -> dict[Id, int]:
        return {sid: i for i, sid in enumerate(self.student_ids)}

    def slot_index(self) -> dict[Id, int]:
        return {sid: j for j, sid in enumerate(self.slot_ids)}

    def preferences_of_student(self, i: int) -> np.ndarray:
        return self.student_pref[self.student_ptr[i] : self.student_ptr[i + 1]]

    def preferences_of_slot(self, j: int) -> np.ndarray:
        return self.slot_pref[self.slot_ptr[j] : self.slot_ptr[j + 1]]

    # --- plain data ----------------------------------------------------------

    @classmethod
    def from_data(cls, data: Any) -> Instance:
        """Validate plain data (parsed JSON); raise InstanceError listing every problem."""
        problems = _Problems()
        if not isinstance(data, Mapping):
            problems.add("$", "not_object")
            problems.raise_if_any()
        for key in ("students", "slots"):
            if key not in data:
                problems.add("$", "missing_key", key=key)
            elif not isinstance(data[key], list):
                problems.add(key, "not_list")
        problems.raise_if_any()
        students: list = data["students"]
        slots: list = data["slots"]

        student_ids, student_prefs = _entries(students, "students", "student", problems)
        slot_ids, slot_prefs = _entries(slots, "slots", "slot", problems)
        capacity = np.zeros(len(slots), dtype=np.int64)
        for j, entry in enumerate(slots):
            if type(entry) is not dict and not isinstance(entry, Mapping):
                continue
            if "capacity" not in entry:
                problems.add(f"slots[{j}]", "missing_key", key="capacity")
                continue
            cap = entry["capacity"]
            if type(cap) is not int or cap < 0:
                problems.add(f"slots[{j}].capacity", "bad_capacity", value=_show(cap))
            else:
                capacity[j] = min(cap, len(students))  # more places than students change nothing
        student_index = _index(student_ids, "students", "student", problems)
        slot_index = _index(slot_ids, "slots", "slot", problems)
        s_ptr, s_pref = _lists(student_prefs, "students", "slot", slot_index, problems)
        h_ptr, h_pref = _lists(slot_prefs, "slots", "student", student_index, problems)
        problems.raise_if_any()
        return cls(
            student_ids=student_ids,
            slot_ids=slot_ids,
            capacity=capacity,
            student_ptr=s_ptr,
            student_pref=s_pref,
            slot_ptr=h_ptr,
            slot_pref=h_pref,
        )

    def to_data(self) -> dict[str, list[dict[str, Any]]]:
        sids, hids = self.student_ids, self.slot_ids
        return {
            "students": [
                {"id": sid, "preferences": [hids[j] for j in self.preferences_of_student(i)]}
                for i, sid in enumerate(sids)
            ],
            "slots": [
                {
                    "id": hid,
                    "capacity": int(self.capacity[j]),
                    "preferences": [sids[i] for i in self.preferences_of_slot(j)],
                }
                for j, hid in enumerate(hids)
            ],
        }

    # --- forbidden pairs -----------------------------------------------------

    def forbidden_pairs(
        self, forbidden: Mapping[tuple[Id, Id], str] | Iterable[tuple[Id, Id]] | None
    ) -> Forbidden:
        """The caller's rules as arrays. `forbidden` maps (student id, slot id) to a
        reason code such as "certificate_required", or is a set of pairs (reason
        "forbidden"); None means no rules."""
        if isinstance(forbidden, Forbidden):
            return forbidden
        if not forbidden:
            return Forbidden.none()
        items = (
            forbidden.items()
            if isinstance(forbidden, Mapping)
            else ((pair, "forbidden") for pair in forbidden)
        )
        sidx, hidx = self.student_index(), self.slot_index()
        reasons: dict[str, int] = {}
        rows_s, rows_h, rows_r = [], [], []
        problems = _Problems()
        for k, (pair, reason) in enumerate(items):
            where = f"forbidden[{k}]"
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                problems.add(where, "bad_pair")
                continue
            s, h = pair
            i = sidx.get(s) if _is_id(s) else None
            j = hidx.get(h) if _is_id(h) else None
            if i is None:
                problems.add(where, "unknown_id", id=_show(s), **_kind("student"), **_hint(s, sidx))
            if j is None:
                problems.add(where, "unknown_id", id=_show(h), **_kind("slot"), **_hint(h, hidx))
            if not isinstance(reason, str) or not reason:
                problems.add(where, "bad_reason")
                continue
            if i is None or j is None:
                continue
            rows_s.append(i)
            rows_h.append(j)
            rows_r.append(reasons.setdefault(reason, len(reasons)))
        problems.raise_if_any()
        return Forbidden(
            student=np.asarray(rows_s, dtype=np.int64),
            slot=np.asarray(rows_h, dtype=np.int64),
            reason=np.asarray(rows_r, dtype=np.int64),
            reasons=list(reasons),
        )


@dataclass(frozen=True, eq=False)
class Forbidden:
    """Pairs the caller's rules rule out: student and slot numbers, and for each
    the index of its reason code in `reasons`. A pair named twice keeps its first
    reason."""

    student: np.ndarray
    slot: np.ndarray
    reason: np.ndarray
    reasons: list[str]

    @classmethod
    def none(cls) -> Forbidden:
        empty = np.zeros(0, dtype=np.int64)
        return cls(student=empty, slot=empty, reason=empty, reasons=[])

    def __len__(self) -> int:
        return len(self.student)


def forbidden_from_data(data: Any) -> dict[tuple[Id, Id], str]:
    """The optional "forbidden" key of an instance in JSON:
    [{"student": id, "slot": id, "rule": "reason_code"}, ...] -> {(student, slot): rule}.
    Shapes are checked here; unknown ids by `Instance.forbidden_pairs`."""
    problems = _Problems()
    out: dict[tuple[Id, Id], str] = {}
    if not isinstance(data, list):
        problems.add("forbidden", "not_list")
        problems.raise_if_any()
    for k, entry in enumerate(data):
        where = f"forbidden[{k}]"
        if not isinstance(entry, Mapping):
            problems.add(where, "not_entry")
            continue
        missing = [key for key in ("student", "slot", "rule") if key not in entry]
        for key in missing:
            problems.add(where, "missing_key", key=key)
        if missing:
            continue
        s, h, rule = entry["student"], entry["slot"], entry["rule"]
        if not _is_id(s):
            problems.add(f"{where}.student", "bad_id", value=_show(s))
        if not _is_id(h):
            problems.add(f"{where}.slot", "bad_id", value=_show(h))
        if not isinstance(rule, str) or not rule:
            problems.add(f"{where}.rule", "bad_reason")
        if _is_id(s) and _is_id(h) and isinstance(rule, str) and rule:
            out.setdefault((s, h), rule)
    problems.raise_if_any()
    return out


def _no_hint() -> dict[str, str]:
    return {"hint": "", "hint_en": ""}


def _entries(
    entries: list, path: str, kind: str, problems: _Problems
) -> tuple[list[Id], list[Any]]:
    ids: list[Id] = []
    prefs: list[Any] = []
    for k, entry in enumerate(entries):
        if type(entry) is not dict and not isinstance(entry, Mapping):
            problems.add(f"{path}[{k}]", "not_entry")
            ids.append(None)  # type: ignore[arg-type]
            prefs.append(None)
            continue
        if "id" not in entry:
            problems.add(f"{path}[{k}]", "missing_key", key="id")
            ids.append(None)  # type: ignore[arg-type]
        else:
            sid = entry["id"]
            if not _is_id(sid):
                problems.add(f"{path}[{k}].id", "bad_id", value=_show(sid))
                sid = None
            ids.append(sid)
        if "preferences" not in entry:
            problems.add(f"{path}[{k}]", "missing_key", key="preferences")
            prefs.append(None)
        elif not isinstance(entry["preferences"], list):
            problems.add(f"{path}[{k}].preferences", "not_list")
            prefs.append(None)
        else:
            prefs.append(entry["preferences"])
    return ids, prefs


def _index(ids: list[Id], path: str, kind: str, problems: _Problems) -> dict[Id, int]:
    index: dict[Id, int] = {}
    by_text: dict[str, int] = {}
    for k, sid in enumerate(ids):
        if sid is None:
            continue
        first = index.get(sid)
        if first is not None:
            problems.add(
                f"{path}[{k}].id",
                "duplicate_id",
                id=_show(sid),
                first=f"{path}[{first}]",
                **_kind(kind),
            )
            continue
        text = str(sid)
        other = by_text.get(text)
        if other is not None:
            problems.add(
                f"{path}[{k}].id",
                "duplicate_id_text",
                id=_show(sid),
                other=_show(ids[other]),
                first=f"{path}[{other}]",
                **_kind(kind),
            )
            continue
        index[sid] = k
        by_text[text] = k
    return index


def _hint(value: Any, index: Mapping[Id, int]) -> dict[str, str]:
    """'did you mean "1"?' when 1 is unknown but "1" exists (or the reverse)."""
    other: Id | None = None
    if type(value) is int and str(value) in index:
        other = str(value)
    elif type(value) is str and value.strip().lstrip("-").isdigit():
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is not None and number in index:
            other = number
    if other is None:
        return _no_hint()
    return {
        "hint": f" ({_show(other)}을(를) 뜻했나요?)",
        "hint_en": f" (did you mean {_show(other)}?)",
    }


def _lists(
    lists: list[Any], path: str, kind: str, index: dict[Id, int], problems: _Problems
) -> tuple[np.ndarray, np.ndarray]:
    """Preference lists to CSR arrays.

    Fast path, for the whole instance at once: every id through `index.get` with
    `map` (no Python-level loop), unknown ids and repeats found with numpy. Only
    when something is wrong (an unknown id, a repeat, a value that is not a
    string or an integer) is each list at fault checked item by item, which
    records the problems."""
    lengths = [len(p) if p else 0 for p in lists]
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = list(chain.from_iterable(p for p in lists if p))
    suspects: list[int] | range
    try:
        # Only str and int ids are valid; a bool or float equal to an int id
        # (True == 1, 1.0 == 1) would be found by get(), so check the types.
        types_ok = set(map(type, flat)) <= {str, int}
        mapped = np.fromiter(map(index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
    except TypeError:  # an unhashable value (a list, an object) in some list
        types_ok, mapped = False, np.zeros(0, dtype=np.int64)
    if types_ok:
        unknown = np.flatnonzero(mapped < 0)
        suspects = (
            set(np.searchsorted(ptr, unknown, side="right").tolist()) if unknown.size else set()
        )
        suspects = {k - 1 for k in suspects}
        nonempty = [p for p in lists if p]
        if sum(map(len, map(set, nonempty))) != len(flat):  # some list repeats an id
            suspects.update(k for k, p in enumerate(lists) if p and len(set(p)) != len(p))
        suspects = sorted(suspects)
    else:
        suspects = range(len(lists))
    if len(suspects) == 0:
        return ptr, mapped.astype(np.int32)
    for k in suspects:
        if lists[k]:
            _check_list(lists[k], f"{path}[{k}].preferences", kind, index, problems)
    return ptr, np.zeros(0, dtype=np.int32)  # not used: the problems are raised


def _check_list(
    prefs: list, where: str, kind: str, index: dict[Id, int], problems: _Problems
) -> list[int]:
    seen: dict[int, int] = {}
    out: list[int] = []
    for pos, p in enumerate(prefs):
        if not _is_id(p):
            problems.add(f"{where}[{pos}]", "bad_id", value=_show(p))
            continue
        j = index.get(p)
        if j is None:
            problems.add(
                f"{where}[{pos}]", "unknown_id", id=_show(p), **_kind(kind), **_hint(p, index)
            )
            continue
        if j in seen:
            problems.add(
                f"{where}[{pos}]",
                "repeated_preference",
                id=_show(p),
                first=seen[j] + 1,
                second=pos + 1,
            )
            continue
        seen[j] = pos
        out.append(j)
    return out
