"""The pure arithmetic of the gap (no database)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mujigae.insights import gap


def by_key(figures: gap.Figures) -> dict:
    return {(r[0] or gap.NATIONAL, r[1], r[2]): r for r in figures.rows()}


def test_one_cell_formulas():
    assert gap.gap_of(10, 4) == 6
    assert gap.gap_of(3, 8) == -5
    assert gap.coverage_of(4, 10) == 0.4
    assert gap.coverage_of(5, 0) is None  # no demand: undefined, shown "—"
    assert gap.coverage_of(0, 7) == 0.0  # no supply: coverage 0, not undefined
    # district asks 30 of 100 for the unit; the nation 60 of 1,000: LQ 5
    assert gap.lq_of(30, 100, 60, 1000) == pytest.approx(5.0)
    assert gap.lq_of(0, 100, 60, 1000) == 0.0
    assert gap.lq_of(0, 0, 60, 1000) is None  # the district asked for nothing
    assert gap.lq_of(0, 100, 0, 1000) is None  # nobody in the country asked for it


def test_demand_supply_gap_coverage_lq_of_a_small_case():
    # district 1: unit 7 ← 10 (company 1, needs 7 and 8), unit 8 ← 10 + 5 (company 2)
    # district 2: unit 7 ← 20
    demand = gap.DemandRows.from_rows(
        [
            (1, 2026, 10, 1, [7, 8]),
            (1, 2026, 5, 2, [8]),
            (2, 2026, 20, 3, [7]),
        ]
    )
    # programme 50 covers 7 (twice: two modules) and 9; programme 51 covers 8
    supply = gap.SupplyRows.from_rows(
        [(1, 2026, 12, 50), (1, 2026, 4, 51), (2, 2027, 6, 50)],
        [(50, 7), (50, 7), (50, 9), (51, 8)],
    )
    f = by_key(gap.compute(demand, supply))
    # (district, unit, year, demand, supply, gap, coverage, lq, companies, rows, cohorts)
    assert f[(1, 7, 2026)][3:6] == (10, 12, -2)
    assert f[(1, 7, 2026)][6] == pytest.approx(1.2)
    assert f[(1, 8, 2026)][3:6] == (15, 4, 11)
    assert f[(1, 8, 2026)][8:] == (2, 2, 1)  # two companies, two rows, one cohort
    # unit 9: supply without demand: coverage and LQ undefined
    assert f[(1, 9, 2026)][3:8] == (0, 12, -12, None, None)
    # LQ of unit 7 in district 1: (10/25) / (30/45) = 0.6
    assert f[(1, 7, 2026)][7] == pytest.approx((10 / 25) / (30 / 45))
    assert f[(2, 7, 2026)][7] == pytest.approx((20 / 20) / (30 / 45))
    # district 2 in 2027: supply only, no demand in that year anywhere
    assert f[(2, 7, 2027)][3:8] == (0, 6, -6, None, None)
    # national roll-up
    assert f[(gap.NATIONAL, 7, 2026)][3:6] == (30, 12, 18)
    assert f[(gap.NATIONAL, 7, 2026)][7] is None
    assert f[(gap.NATIONAL, 8, 2026)][8] == 2


def test_unit_without_any_data_has_no_row_and_empty_inputs_give_nothing():
    f = gap.compute(gap.DemandRows.empty(), gap.SupplyRows.empty())
    assert list(f.rows()) == []
    # a hiring row without units adds nothing; a programme without units neither
    f = gap.compute(
        gap.DemandRows.from_rows([(1, 2026, 9, 1, [])]),
        gap.SupplyRows.from_rows([(1, 2026, 5, 70)], []),
    )
    assert list(f.rows()) == []


def test_zero_supply_gives_coverage_zero_and_full_gap():
    f = by_key(
        gap.compute(gap.DemandRows.from_rows([(1, 2026, 8, 1, [3])]), gap.SupplyRows.empty())
    )
    assert f[(1, 3, 2026)][3:8] == (8, 0, 8, 0.0, 1.0)


def test_stored_cells_of_other_districts_give_the_same_result():
    rows = [(1, 2026, 4, 1, [1, 2]), (2, 2026, 6, 2, [2]), (2, 2027, 3, 2, [1])]
    cohorts, pairs = [(1, 2026, 5, 9), (2, 2027, 2, 9)], [(9, 1)]
    whole = gap.compute(gap.DemandRows.from_rows(rows), gap.SupplyRows.from_rows(cohorts, pairs))
    one = gap.district_cells(
        gap.DemandRows.from_rows([r for r in rows if r[0] == 1]),
        gap.SupplyRows.from_rows([c for c in cohorts if c[0] == 1], pairs),
    )
    two = gap.district_cells(
        gap.DemandRows.from_rows([r for r in rows if r[0] == 2]),
        gap.SupplyRows.from_rows([c for c in cohorts if c[0] == 2], pairs),
    )
    merged = gap.finish(gap.Cells.concat([two, one]))
    assert sorted(whole.rows(), key=str) == sorted(merged.rows(), key=str)


demand_rows = st.lists(
    st.tuples(
        st.integers(1, 3),
        st.integers(2025, 2027),
        st.integers(0, 20),
        st.integers(1, 5),
        st.lists(st.integers(1, 6), max_size=3),
    ),
    max_size=40,
)
cohort_rows = st.lists(
    st.tuples(st.integers(1, 3), st.integers(2025, 2027), st.integers(0, 30), st.integers(1, 4)),
    max_size=15,
)
pair_rows = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 6)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(demand_rows, cohort_rows, pair_rows)
def test_arrays_agree_with_the_plain_loops(demand, cohorts, pairs):
    fast = by_key(
        gap.compute(gap.DemandRows.from_rows(demand), gap.SupplyRows.from_rows(cohorts, pairs))
    )
    slow = gap.compute_naive(demand, cohorts, pairs)
    assert set(fast) == set(slow)
    for key, x in slow.items():
        r = fast[key]
        assert r[3:6] == (x["demand"], x["supply"], x["gap"])
        assert r[8:] == (x["companies"], x["hiring_rows"], x["cohorts"])
        for got, want in ((r[6], x["coverage"]), (r[7], x["lq"])):
            assert (got is None and want is None) or math.isclose(got, want)


token = st.sampled_from(
    [
        "1903060101_17v1",
        "1903060101",
        "1903060102_18v2",
        "1903060101_17v1 로봇 정비",
        "  ",
        "",
        "용접",
        "9999999999",
        "1903060101_17v1x",
        " 1903060102_18v2 ",
        "\u3001",
    ]
)
sep = st.sampled_from([",", ";", "，", "、", "\n", ", ", ",,"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.tuples(token, sep), max_size=5), max_size=12))
def test_bulk_parse_matches_one_by_one(texts_parts):
    from mujigae.insights.sources import Resolver, parse_texts

    index = {"1903060101_17v1": 11, "1903060101": 12, "1903060102_18v2": 13}
    texts = ["".join(t + s for t, s in parts) for parts in texts_parts]
    text_of, unit_of, unknown = parse_texts(texts, index)
    one = Resolver(index=index)
    for i, text in enumerate(texts):
        parsed = one.parse(text)
        assert sorted(unit_of[text_of == i].tolist()) == sorted(parsed.units), text
        assert bool(unknown[i]) == parsed.unknown, text
