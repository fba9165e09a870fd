"""benefits.paid and benefits.companies_benefited from raw grants."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mujigae.benefits.models import BenefitKind, Grant
from mujigae.budget.models import Spending
from mujigae.core import indicators
from tests import factories as f
from tests.benefits.helpers import benefit

pytestmark = pytest.mark.django_db
PERIODS = itertools.count(1)


def grant(b, company, year, state, amount):
    spending = None
    if state == "paid":  # a paid money grant is a spending row of its allocation
        a = b.allocation
        spending = Spending.objects.create(
            district=b.district,
            fiscal_year=a.project.fiscal_year,
            allocation=a,
            project=a.project,
            source=a.source,
            category=a.category,
            spent_on=dt.date(year, 6, 1),
            amount=amount,
        )
    return Grant.objects.create(
        district=b.district,
        benefit=b,
        company=company,
        year=year,
        state=state,
        amount=amount,
        spending=spending,
        period=f"{next(PERIODS)}월",
        reason="사유" if state in ("rejected", "withdrawn") else "",
    )


@pytest.fixture
def grants(world):
    d, o = world.district, world.other_district
    money = benefit(d)
    label = benefit(d, kind=BenefitKind.CERTIFICATION)
    other = benefit(o)
    grant(money, world.company, 2024, "paid", 300_000)
    grant(money, world.company, 2024, "paid", 120_000)
    grant(money, world.company_b, 2024, "approved", 90_000)  # approved, not paid yet
    grant(money, world.company_b, 2024, "rejected", 50_000)
    grant(label, world.partner, 2025, "approved", 0)
    grant(money, world.company, 2025, "withdrawn", 70_000)
    grant(other, world.other_company, 2025, "paid", 500_000)
    return d, o


def test_paid_is_the_won_of_paid_money_grants(grants):
    d, o = grants
    figures = indicators.get("benefits.paid").figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 300,000 + 120,000; d 2025: nothing paid; o 2025: 500,000
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): 420_000,
        (o.pk, 2025): 500_000,
    }


def test_companies_with_an_approved_or_paid_grant(grants):
    d, o = grants
    figures = indicators.get("benefits.companies_benefited").figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: company (paid) and company_b (approved); d 2025: partner; o 2025: 1
    assert {k: v.value for k, v in figures.items()} == {
        (d.pk, 2024): 2,
        (d.pk, 2025): 1,
        (o.pk, 2025): 1,
    }


@pytest.mark.parametrize("key", ["benefits.paid", "benefits.companies_benefited"])
def test_query_count_does_not_grow(grants, key):
    d, o = grants
    third = f.DistrictFactory()

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(key).figures(ids, years)
        return len(ctx)

    assert queries([d.pk], [2024]) == queries([d.pk, o.pk, third.pk], [2023, 2024, 2025])
