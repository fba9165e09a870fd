"""The budget benchmark's core on a tiny size (bench/budget.py): both pages
answer and are measured with their query counts, the peer loop computes the
same figures, and the report names every row. Never asserts a time."""

from __future__ import annotations

import pytest

from bench import budget as bench_budget

TINY = {"districts": 2, "years": 2, "rows": 600, "repeat": 2}

_RUN: dict = {}


@pytest.fixture
def result(db):
    if not _RUN:
        _RUN.update(bench_budget.core(TINY, say=lambda _msg: None))
    return _RUN


def test_the_data_has_the_requested_shape(result):
    data = result["data"]
    assert data["districts"] == 2 and data["fiscal_years"] == 4
    assert data["spending"] == 600 + 6  # 1 % refunded by a negative row
    assert data["rows_in_year"] > 0


def test_both_pages_are_measured_and_match_the_peer(result):
    for key in ("execution", "national"):
        fig = result[key]
        assert fig["page"]["status"] == 200, key
        assert fig["page"]["n"] == TINY["repeat"]
        assert fig["page"]["queries"] > 0 and fig["selector"]["queries"] > 0
        assert fig["identical"], key
    assert result["national"]["districts"] == 2
    # the selector's queries do not depend on the rows; the peer's loop reads them all
    assert result["execution"]["selector"]["queries"] <= 10


def test_the_report_has_a_row_per_page(result):
    text = bench_budget.render({"runs": [{**result, "label": "SQLite"}], "notes": ["a note"]})
    assert "SQLite: execution page" in text and "SQLite: ministry comparison" in text
    assert "NO" not in text.split("\n", 2)[2] and "a note" in text
