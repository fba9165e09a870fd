"""The demo benefits: sample, idempotent, every state, the company login's grant,
the paid ones are spending rows of the project "참여기업 지원"."""

from __future__ import annotations

from io import StringIO

import pytest
from django.db.models import Sum

from mujigae.benefits.models import Benefit, Grant
from mujigae.budget.models import Spending
from mujigae.demo.ansan import COMPANY_USER_ORG, load_ansan
from mujigae.demo.benefits import PROJECT, load_ansan_benefits


@pytest.mark.django_db
def test_demo_benefits_are_idempotent_and_cover_every_state():
    load_ansan()
    out = StringIO()
    counts = load_ansan_benefits(out=out)
    assert counts["benefits"] == 4 and "benefits:" in out.getvalue()
    states = set(Grant.objects.values_list("state", flat=True))
    assert states == {"applied", "approved", "paid", "rejected", "withdrawn"}
    assert Grant.objects.filter(company__name=COMPANY_USER_ORG).exists()
    assert Benefit.objects.filter(
        kind="trainer_allowance", unit_amount=30_000, yearly_cap=2_100_000
    ).exists()
    paid = Spending.objects.filter(project__name=PROJECT, origin="benefit")
    total = paid.aggregate(s=Sum("amount"))["s"]
    assert total == sum(g.amount for g in Grant.objects.filter(state="paid"))
    assert paid.filter(amount__lt=0).count() == 1  # the clawback's refund
    before = (Grant.objects.count(), Spending.objects.count(), Benefit.objects.count())
    assert load_ansan_benefits() == counts
    assert (Grant.objects.count(), Spending.objects.count(), Benefit.objects.count()) == before
