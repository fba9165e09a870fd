"""The outcome benchmark's core on a small size: the bulk dashboard path and
the per-graduate path agree on every district's and the national figures."""

from __future__ import annotations

import pytest

from bench import outcomes as bench_outcomes


@pytest.mark.django_db
def test_bench_core_small_national_rollup_matches_the_per_graduate_path():
    result = bench_outcomes.core(360)
    assert result["graduates"] == 360 and result["districts"] == 15
    assert result["hires"] > 0 and result["follow_ups"] == 3 * result["hires"]
    # three graduation years, each: 15 district rows and the national total
    assert result["rows"] == 3 * 16
    assert result["identical"] is True
