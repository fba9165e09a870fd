"""The annual benchmark's core on a tiny size (bench/annual.py): the
evaluation of every district equals the naive per-district loop, its query
count is the same at both sizes (flat in rows) and below the loop's, and the
national report is written. Never asserts a time."""

from __future__ import annotations

import pytest

from bench import annual
from mujigae.core import indicators

TINY = {"districts": 3, "students": 300, "hires": 3_000, "spending": 600, "repeat": 1}


@pytest.fixture
def result(db, monkeypatch):
    # the stand-in measures stay in this test's registry
    monkeypatch.setattr(indicators, "MEASURES", dict(indicators.MEASURES))
    return annual.core(TINY, say=lambda _msg: None)


def test_tiny_run(result):
    small, full = result["small"], result["full"]
    # the data: 1/10 first, then everything
    assert small["rows"]["students"] == 30 and full["rows"]["students"] == 300
    assert full["rows"]["graduates"] == 300
    assert small["rows"]["hires"] == 300 and full["rows"]["hires"] == 3_000
    assert full["rows"]["spending"] > small["rows"]["spending"]
    assert full["districts"] == 3
    # values were computed (stand-ins or the apps' own measures)
    assert full["scored"] > 0
    # identical figures to the naive peer, at both sizes
    assert small["identical"] and full["identical"]
    # a fixed number of queries: the same at both sizes, and fewer than the loop's
    assert result["flat"]
    assert small["evaluate"]["queries"] == full["evaluate"]["queries"]
    assert full["evaluate"]["queries"] < full["peer"]["queries"]
    # the national report through the real pipeline: a PDF with pages, an xlsx
    assert full["report"]["status"] == "done"
    assert full["report"]["pages"] >= 3 and full["report"]["pdf_bytes"] > 0
    assert full["report"]["xlsx_bytes"] > 0
    # the ministry's comparison page answers, in the same queries at both sizes
    assert full["comparison"]["status"] == 200
    assert small["comparison"]["queries"] == full["comparison"]["queries"]
