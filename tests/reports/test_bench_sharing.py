"""The sharing benchmark's core on a tiny size (bench/sharing.py): the upload
and download go through the real views and are measured next to their peers,
both list sizes are measured with their query counts, the search finds
documents, and the report names every row. Never asserts a time."""

from __future__ import annotations

import pytest

from bench import sharing as bench_sharing

TINY = {"districts": 2, "docs": (60, 300), "file_mb": 1, "repeat": 2}

_RUN: dict = {}


@pytest.fixture
def result(db):
    if not _RUN:
        _RUN.update(bench_sharing.core(TINY, say=lambda _msg: None))
    return _RUN


def test_the_file_went_up_and_came_back_whole(result):
    files = result["files"]
    assert files["stored_bytes"] == 1024 * 1024
    assert files["download"]["status"] == 200
    assert files["download"]["bytes"] == files["peer_download"]["bytes"] == 1024 * 1024
    for key in ("upload", "download", "peer_upload", "peer_download"):
        assert files[key]["growth_mb"] >= 0


def test_both_sizes_are_measured_with_a_flat_query_count(result):
    small, large = result["lists"]
    assert (small["documents"], large["documents"]) == (60 + 2, 300 + 2)  # + the uploads
    for point in (small, large):
        for key in ("list", "search"):
            assert point[key]["status"] == 200 and point[key]["n"] == TINY["repeat"]
        assert point["search"]["shown"] > 0  # the query's tokens are found
        assert point["list"]["shown"] >= point["search"]["shown"]
    assert small["list"]["queries"] == large["list"]["queries"]
    assert small["search"]["queries"] == large["search"]["queries"]


def test_the_report_has_every_row(result):
    text = bench_sharing.render({"runs": [{**result, "label": "SQLite"}], "notes": ["a note"]})
    for row in ("SQLite: upload", "SQLite: download", "SQLite: list page", "SQLite: search"):
        assert row in text
    assert "a note" in text
