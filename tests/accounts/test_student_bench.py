"""The student-login benchmark's core on a small size: the bulk call and the
one-by-one calls end with the same logins, codes and slips."""

from __future__ import annotations

import pytest

from bench import student_accounts as bench_student_accounts


@pytest.mark.django_db
def test_bench_core_small_bulk_and_one_by_one_agree():
    result = bench_student_accounts.core(40)
    assert result["identical"] is True
    assert result["logins"] == 4 * 40 and result["codes"] == 4 * 40
    assert result["ours_s"] > 0 and result["peer_peak_mb"] > 0
