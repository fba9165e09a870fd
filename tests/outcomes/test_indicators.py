"""The outcomes measures from raw graduate records, hires, follow-ups and
participations: the rates equal the dashboard's district total row."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.core import indicators
from mujigae.outcomes import selectors
from mujigae.outcomes.models import (
    FollowUp,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.django_db
NUMBERS = itertools.count(1)
RATES = {
    "outcomes.employment_rate": "employment_rate",
    "outcomes.regional_employment_rate": "in_region_rate",
    "outcomes.retention_rate": "retention_6",
    "outcomes.further_study_rate": "further_study_rate",
}


def graduate(school, year, status, *, hire=None, insured_6=None):
    """A graduate of February `year` with their status on 1 April; `hire`:
    "in" or "out" of the district, `insured_6` the 6-month follow-up's answer."""
    student = StudentFactory(school=school, school_year=year - 1, number=next(NUMBERS))
    GraduateRecord.objects.create(
        district=school.district,
        school=school,
        student=student,
        graduation_year=year,
        status=status,
    )
    if hire:
        h = Hire.objects.create(
            district=school.district,
            student=student,
            company_name="회사",
            workplace_in_district=hire == "in",
            start_date=dt.date(year, 3, 2),
            contract_type="permanent",
        )
        if insured_6 is not None:
            FollowUp.objects.create(
                district=school.district,
                hire=h,
                months=6,
                due_on=dt.date(year, 9, 2),
                done_on=dt.date(year, 9, 5),
                still_insured=insured_6,
            )
    return student


@pytest.fixture
def graduates(world):
    d, o = world.district, world.other_district
    other_school = f.OrganisationFactory(district=o, kind=OrgKind.SCHOOL, name="타지구고")
    s = world.school
    students = {
        "a": graduate(s, 2024, "employed", hire="in", insured_6=True),
        "b": graduate(s, 2024, "employed", hire="out", insured_6=False),
        "c": graduate(s, 2024, "not_employed"),
        "d": graduate(s, 2024, "further_study"),
        "e": graduate(s, 2024, "military"),
        "f": graduate(s, 2025, "employed"),  # no hire recorded: not shown as retained
        "g": graduate(s, 2025, "not_employed"),
        "h": graduate(other_school, 2025, "excluded"),
    }
    return d, o, students


def test_rates_by_hand(graduates):
    d, o, _ = graduates
    got = {key: indicators.get(key).figures([d.pk, o.pk], [2024, 2025]) for key in RATES}
    # by hand, d 2024: employed a, b of (a, b, c) = 66.7 %; in the district: a of (a, b);
    # still insured at 6 months: a of (a, b); further study: d of 5 graduates
    assert got["outcomes.employment_rate"][d.pk, 2024].value == Decimal("66.7")
    assert got["outcomes.employment_rate"][d.pk, 2024].people == 3
    assert got["outcomes.regional_employment_rate"][d.pk, 2024].value == Decimal("50.0")
    assert got["outcomes.retention_rate"][d.pk, 2024].value == Decimal("50.0")
    assert got["outcomes.further_study_rate"][d.pk, 2024].value == Decimal("20.0")
    # d 2025: f of (f, g); f works nowhere known; not retained; nobody studies
    assert got["outcomes.employment_rate"][d.pk, 2025].value == Decimal("50.0")
    assert got["outcomes.regional_employment_rate"][d.pk, 2025].value == Decimal("0.0")
    assert got["outcomes.retention_rate"][d.pk, 2025].value == Decimal("0.0")
    # o 2025: one excluded graduate: no denominator, no value (but a row: not "no data")
    assert got["outcomes.employment_rate"][o.pk, 2025].value is None
    assert got["outcomes.further_study_rate"][o.pk, 2025].value == Decimal("0.0")
    for figures in got.values():
        assert (o.pk, 2024) not in figures


def test_rates_equal_the_dashboard_total_row(world, graduates):
    d, _o, _ = graduates
    rows = selectors.dashboard_table(user=world.users["coordinator"], district=d)
    totals = {r.year: r.figures for r in rows if r.is_total}
    for key, figure_key in RATES.items():
        figures = indicators.get(key).figures([d.pk], [2024, 2025])
        for year in (2024, 2025):
            assert figures[d.pk, year].value == Decimal(str(totals[year].rates[figure_key]))


def test_settlement_participants(world, graduates):
    d, o, st = graduates

    def programme(district, starts, ends=None):
        return SettlementProgramme.objects.create(
            district=district, name="정착", kind="housing", starts_on=starts, ends_on=ends
        )

    running = programme(d, dt.date(2024, 1, 1))  # no end: still running
    Participation.objects.create(programme=running, student=st["a"], joined_on=dt.date(2024, 5, 1))
    second = programme(d, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    Participation.objects.create(programme=second, student=st["a"], joined_on=dt.date(2025, 2, 1))
    ended = programme(d, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    Participation.objects.create(programme=ended, student=st["b"], joined_on=dt.date(2023, 3, 1))
    later = programme(o, dt.date(2025, 3, 1), dt.date(2025, 12, 31))
    Participation.objects.create(programme=later, student=st["h"], joined_on=dt.date(2025, 4, 1))
    figures = indicators.get("outcomes.settlement_participants").figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: a; d 2025: a (in two programmes, once); o 2025: h; b's ended in 2023
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): 1,
        (d.pk, 2025): 1,
        (o.pk, 2025): 1,
    }


@pytest.mark.parametrize("key", [*RATES, "outcomes.settlement_participants"])
def test_query_count_does_not_grow(world, graduates, key):
    d, o, _ = graduates
    third = f.DistrictFactory()

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(key).figures(ids, years)
        return len(ctx)

    assert queries([d.pk], [2024]) == queries([d.pk, o.pk, third.pk], [2023, 2024, 2025])
