"""Conditions and verdicts: each kind true, false and a near miss, and the
evidence rows behind them."""

from __future__ import annotations

import datetime as dt

import pytest

from mujigae.benefits import eligibility, selectors
from mujigae.benefits.models import Benefit
from tests import factories as f
from tests.benefits import helpers as h
from tests.benefits.helpers import YEAR


def verdict(benefit, company):
    b = Benefit.objects.prefetch_related("conditions").get(pk=benefit.pk)
    out = eligibility.evaluate(district_id=b.district_id, year=YEAR, benefits=[b])[b.pk]
    return next(v for v in out if v.company_id == company.pk)


def only_check(benefit, company):
    (check,) = verdict(benefit, company).checks
    return check


@pytest.mark.parametrize("n,met", [(1, False), (2, True), (3, True)])
def test_hosted_counts_accepted_field_training_assignments(world, n, met):
    b = h.benefit(world.district, conditions=[{"kind": "hosted", "threshold": 2}])
    h.hosted(world.company, world.school, n)
    h.hosted(world.company, world.school, 3, response="declined")  # never counts
    check = only_check(b, world.company)
    assert (check.have, check.met) == (n, met)
    assert check.short_by == (0 if met else 2 - n)


def test_hosted_in_another_year_does_not_count_unless_the_window_says_so(world):
    h.hosted(world.company, world.school, 2, year=YEAR - 1)
    this_year = h.benefit(world.district, conditions=[{"kind": "hosted", "threshold": 2}])
    two_years = h.benefit(
        world.district, conditions=[{"kind": "hosted", "threshold": 2, "window": "two_years"}]
    )
    previous = h.benefit(
        world.district, conditions=[{"kind": "hosted", "threshold": 2, "window": "previous"}]
    )
    assert not only_check(this_year, world.company).met
    assert only_check(two_years, world.company).met
    assert only_check(previous, world.company).met


def test_hired_counts_the_companys_hires_of_the_year(world):
    b = h.benefit(world.district, conditions=[{"kind": "hired", "threshold": 1}])
    assert not only_check(b, world.company).met
    h.hired(world.company, world.school, 1, year=YEAR - 1)  # last year: not this year
    assert not only_check(b, world.company).met
    h.hired(world.company, world.school, 1)
    assert only_check(b, world.company).met
    assert not only_check(b, world.company_b).met


def test_modules_count_approved_proposals_only(world):
    b = h.benefit(world.district, conditions=[{"kind": "modules", "threshold": 1}])
    h.module(world.company, world.school, status="submitted")
    assert only_check(b, world.company).have == 0
    h.module(world.company, world.school)
    assert only_check(b, world.company).met


def test_survey_needs_a_submitted_demand_survey_of_the_year(world):
    b = h.benefit(world.district, conditions=["survey"])
    h.answered(world.company, submitted=False)
    h.answered(world.company, kind="fact_finding")
    h.answered(world.company, year=YEAR - 1)
    assert not only_check(b, world.company).met
    h.answered(world.company)
    assert only_check(b, world.company).met


def test_status_needs_a_valid_tier_and_leading_only_when_asked(world):
    any_tier = h.benefit(world.district, conditions=[{"kind": "status", "tier": "any"}])
    leading = h.benefit(world.district, conditions=[{"kind": "status", "tier": "leading"}])
    h.status(world.company, "participating")
    h.status(world.company_b, "leading", until=dt.date(2000, 1, 1))  # expired
    assert only_check(any_tier, world.company).met
    assert not only_check(leading, world.company).met
    assert not only_check(any_tier, world.company_b).met


def test_an_open_slot_breaking_the_training_rules_is_an_outstanding_violation(world):
    b = h.benefit(world.district, conditions=["no_violation"])
    h.SlotFactory(company=world.company)  # a lawful slot
    assert only_check(b, world.company).met
    slot = h.violating_slot(world.company)
    check = only_check(b, world.company)
    assert (check.met, check.have, check.short_by) == (False, 1, 1)
    rows = eligibility.evidence(check.condition, world.company.pk, YEAR)
    assert [r.what for r in rows] == ["야간 실습"]
    assert "오후 10시" in rows[0].detail
    slot.status = "closed"
    slot.save()
    assert only_check(b, world.company).met


def test_qualify_near_miss_and_others(world):
    b = h.benefit(
        world.district,
        conditions=[{"kind": "hosted", "threshold": 2}, "survey", {"kind": "status"}],
    )
    h.hosted(world.company, world.school, 2)
    h.answered(world.company)
    h.status(world.company)
    h.hosted(world.company_b, world.school, 1)  # one short of 2
    h.answered(world.company_b)
    h.status(world.company_b)
    groups = selectors.qualifying(benefit=b, year=YEAR)
    assert [v.company_name for v in groups["qualify"]] == [world.company.name]
    (near,) = groups["near"]
    assert near.company_id == world.company_b.pk
    (missing,) = near.missing
    assert (missing.condition.kind, missing.have, missing.short_by) == ("hosted", 1, 1)
    assert world.other_company.pk not in {v.company_id for g in groups.values() for v in g}


def test_evidence_rows_name_the_trainees_masked(world):
    b = h.benefit(world.district, conditions=[{"kind": "hosted", "threshold": 1}, "survey"])
    h.hosted(world.company, world.school, 2, names=["홍길동", "이순신"])
    h.answered(world.company)
    v = verdict(b, world.company)
    by_kind = {
        c.condition.kind: eligibility.evidence(c.condition, world.company.pk, YEAR)
        for c in v.checks
    }
    assert sorted(r.what for r in by_kind["hosted"]) == ["이*신", "홍*동"]
    assert len(by_kind["survey"]) == 1


@pytest.mark.parametrize("extra", [0, 12])
def test_one_query_per_condition_kind_whatever_the_number_of_companies(
    world, extra, django_assert_max_num_queries
):
    b = h.benefit(
        world.district,
        conditions=[
            {"kind": "hosted", "threshold": 1},
            {"kind": "hired", "threshold": 1},
            {"kind": "modules", "threshold": 1},
            "survey",
            "status",
            "no_violation",
        ],
    )
    for i in range(extra):
        company = f.OrganisationFactory(district=world.district, name=f"기업{i}", kind="company")
        h.hosted(company, world.school, 1)
        h.hired(company, world.school, 1)
        h.status(company)
    b = Benefit.objects.prefetch_related("conditions").get(pk=b.pk)
    with django_assert_max_num_queries(7):  # the companies, then one per kind
        out = eligibility.evaluate(district_id=world.district.pk, year=YEAR, benefits=[b])
    assert len(out[b.pk]) == 2 + extra
