"""The outcome figures as pure functions (facts.md: 취업률, 유지취업률)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mujigae.outcomes import rates
from mujigae.outcomes.rates import Graduate, figures, members, rate


def g(status, **kw):
    return Graduate(status=status, **kw)


def test_employment_rate_leaves_out_study_military_and_excluded():
    group = [
        g("employed", in_district=True, insured_6=True, insured_12=True),
        g("employed", insured_6=True),
        g("employed"),
        g("not_employed"),
        g("further_study"),
        g("further_study"),
        g("military"),
        g("excluded"),
    ]
    out = figures(group)
    assert out.counts == {
        "graduates": 8,
        "further_study": 2,
        "military": 1,
        "excluded": 1,
        "employed": 3,
        "study_while_employed": 0,
    }
    # 3 ÷ (8 − 2 − 1 − 1) × 100 = 75.0
    assert out.rates["employment_rate"] == 75.0
    assert out.denominators["employment_rate"] == 4
    assert out.rates["in_region_rate"] == pytest.approx(33.3)  # 1 of the 3 employed
    assert out.rates["retention_6"] == pytest.approx(66.7)  # 2 of 3
    assert out.rates["retention_12"] == pytest.approx(33.3)
    assert out.rates["retention_24"] == 0.0
    assert out.rates["further_study_rate"] == 25.0  # 2 of 8


def test_a_denominator_of_zero_gives_no_rate():
    out = figures([g("further_study"), g("military")])
    assert out.rates["employment_rate"] is None
    assert out.rates["in_region_rate"] is None
    assert out.rates["retention_6"] is None
    assert out.rates["further_study_rate"] == 50.0


def test_no_graduates_at_all():
    out = figures([])
    assert out.counts["graduates"] == 0
    assert all(value is None for value in out.rates.values())


def test_studying_while_employed_counts_as_employed_not_as_further_study():
    out = figures([g("employed", studying_while_employed=True), g("not_employed")])
    assert out.counts["employed"] == 1
    assert out.counts["study_while_employed"] == 1
    assert out.counts["further_study"] == 0
    assert out.rates["employment_rate"] == 50.0


def test_retention_only_counts_the_employed():
    # a follow-up of someone not employed on 1 April does not lift retention
    out = figures([g("not_employed", insured_6=True), g("employed")])
    assert out.rates["retention_6"] == 0.0


def test_retention_counts_only_follow_ups_that_are_due():
    # None: the 12-month follow-up is not due yet for the second graduate
    out = figures(
        [
            g("employed", insured_6=True, insured_12=True),
            g("employed", insured_6=False, insured_12=None, insured_24=None),
        ]
    )
    assert out.rates["retention_6"] == 50.0
    assert out.rates["retention_12"] == 100.0 and out.denominators["retention_12"] == 1
    # nobody due at 24 months but the first (False by default): 0 of 1
    assert out.rates["retention_24"] == 0.0
    none_due = figures([g("employed", insured_24=None)])
    assert none_due.rates["retention_24"] is None


def test_settlement_participation_is_over_all_graduates():
    out = figures([g("employed", settled=True), g("further_study"), g("military", settled=True)])
    assert out.rates["settlement_rate"] == pytest.approx(66.7)


def test_rate_rounds_to_one_decimal():
    assert rate(1, 3) == 33.3
    assert rate(2, 3) == 66.7
    assert rate(0, 0) is None
    assert rate(5, 5) == 100.0


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        Graduate(status="retired")


def test_members_mark_the_denominator_and_the_numerator():
    assert members("employment_rate", g("employed")) == (True, True)
    assert members("employment_rate", g("not_employed")) == (True, False)
    assert members("employment_rate", g("military")) == (False, False)
    assert members("retention_6", g("employed", insured_6=True)) == (True, True)
    assert members("graduates", g("excluded")) == (True, True)


statuses = st.sampled_from(rates.STATUSES)
graduates = st.lists(
    st.builds(
        Graduate,
        status=statuses,
        in_district=st.booleans(),
        insured_6=st.none() | st.booleans(),
        insured_12=st.none() | st.booleans(),
        studying_while_employed=st.booleans(),
        settled=st.booleans(),
    ),
    max_size=40,
)


@given(graduates)
def test_the_formula_of_facts_md(group):
    out = figures(group)
    c = out.counts
    base = c["graduates"] - c["further_study"] - c["military"] - c["excluded"]
    expected = None if base == 0 else round(c["employed"] * 100 / base, 1)
    assert out.rates["employment_rate"] == expected
    for key in rates.RATES:
        value = out.rates[key]
        assert value is None or 0 <= value <= 100
    # members() agrees with the counts behind each rate
    for key in rates.FIGURES:
        marks = [members(key, x) for x in group]
        assert sum(1 for inside, _ in marks if inside) == out.denominators[key]
        assert sum(1 for _, counted in marks if counted) == out.numerators[key]
