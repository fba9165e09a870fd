"""Deterministic random instances (for the benchmark and the demo), as plain data.

`generate(students, slots, seed=...)` returns the JSON shape of `mujigae match`.
Shape of the market: slot popularity follows a Zipf-like law (a few slots are
wanted by many); each student lists max_list//3..`max_list` distinct slots (fewer
when a draw repeats a slot); each slot ranks the students who applied by a shared score plus its own
noise (companies broadly agree on who is strong, not exactly), leaves about 5 %
of its applicants off its list (one-sided acceptability) and also lists a few
students who did not apply; capacities are 1..9 places (about 1 % of slots 0),
so places roughly equal students at a ratio of 5 students per slot.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def generate(
    students: int,
    slots: int,
    *,
    seed: int = 0,
    max_list: int = 15,
    student_prefix: str = "s",
    int_slot_ids: bool = True,
) -> dict[str, list[dict[str, Any]]]:
    rng = np.random.default_rng(seed)
    n, m = students, slots
    if n == 0 or m == 0:
        return {
            "students": [{"id": _sid(student_prefix, i), "preferences": []} for i in range(n)],
            "slots": [
                {"id": _hid(j, int_slot_ids), "capacity": 1, "preferences": []} for j in range(m)
            ],
        }
    max_list = min(max_list, m)
    weight = 1.0 / (np.arange(m) + 10.0) ** 0.9
    weight = weight[rng.permutation(m)]
    weight /= weight.sum()
    lengths = np.minimum(rng.integers(max(1, max_list // 3), max_list + 1, size=n), max_list)
    draws = rng.choice(m, size=(n, 2 * max_list + 5), p=weight)
    prefs: list[list[int]] = []
    for i, row in enumerate(draws.tolist()):
        prefs.append(list(dict.fromkeys(row))[: lengths[i]])
    # Applications (student, slot), ranked by each slot.
    app_s = np.repeat(np.arange(n), [len(p) for p in prefs])
    app_h = np.fromiter((h for p in prefs for h in p), dtype=np.int64, count=len(app_s))
    keep = rng.random(len(app_s)) >= 0.05
    app_s, app_h = app_s[keep], app_h[keep]
    extra = max(1, len(app_s) // 100)
    app_s = np.concatenate((app_s, rng.integers(0, n, size=extra)))
    app_h = np.concatenate((app_h, rng.integers(0, m, size=extra)))
    pairs = np.unique(app_h * n + app_s)
    app_h, app_s = pairs // n, pairs % n
    quality = rng.normal(size=n)
    score = quality[app_s] + 0.7 * rng.normal(size=len(app_s))
    order = np.lexsort((-score, app_h))
    app_s, app_h = app_s[order], app_h[order]
    bounds = np.searchsorted(app_h, np.arange(m + 1)).tolist()
    ranked = app_s.tolist()
    capacity = rng.integers(1, 10, size=m)
    capacity[rng.random(m) < 0.01] = 0
    sid = [_sid(student_prefix, i) for i in range(n)]
    hid = [_hid(j, int_slot_ids) for j in range(m)]
    return {
        "students": [{"id": sid[i], "preferences": [hid[h] for h in prefs[i]]} for i in range(n)],
        "slots": [
            {
                "id": hid[j],
                "capacity": int(capacity[j]),
                "preferences": [sid[s] for s in ranked[bounds[j] : bounds[j + 1]]],
            }
            for j in range(m)
        ],
    }


def _sid(prefix: str, i: int) -> str:
    return f"{prefix}{i + 1:06d}"


def _hid(j: int, as_int: bool) -> int | str:
    return j + 1 if as_int else f"slot{j + 1:05d}"
