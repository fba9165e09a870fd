"""The benefits benchmark's core on a tiny size (bench/benefits.py): every
company gets a verdict for every benefit, the set-based evaluation agrees
with the naive per-company one, and it takes a fixed number of queries while
the naive one grows with the companies. Never asserts a time."""

from __future__ import annotations

import pytest

from bench import benefits as bench_benefits


@pytest.mark.django_db
def test_bench_core_tiny_set_based_equals_per_company():
    result = bench_benefits.core(40)
    assert result["companies"] == 40 and result["benefits"] == bench_benefits.BENEFITS
    assert result["verdicts"] == 40 * bench_benefits.BENEFITS
    assert result["evidence_rows"] > 40 * 3
    assert result["identical"] is True
    # the companies, then at most one query per condition kind (6)
    assert result["ours_queries"] <= 1 + 1 + 1 + 6  # benefits, conditions, companies, kinds
    assert result["peer_queries"] > 40
