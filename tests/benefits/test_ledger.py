"""The ledger's rules: transitions and their history, the yearly cap, no
double grant (the service and the database), paying writes the budget
spending in the same transaction, a clawback refunds it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from mujigae.benefits import services
from mujigae.benefits.models import Grant, GrantState
from mujigae.budget.models import Spending
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from tests.benefits import helpers as h
from tests.benefits.helpers import YEAR


@pytest.fixture
def money(world):
    """The on-site trainer allowance: 30,000 won a day, capped at 2,100,000."""
    return h.benefit(world.district, conditions=[{"kind": "hosted", "threshold": 1}])


@pytest.fixture
def qualified(world):
    h.hosted(world.company, world.school, 1)
    h.hosted(world.company_b, world.school, 1)


def apply(world, benefit, quantity=10, period="", company=None):
    return services.grant_apply(
        actor=world.users["company"],
        benefit=benefit,
        company=company or world.company,
        year=YEAR,
        quantity=quantity,
        period=period,
    )


def move(world, grant, action, reason=""):
    return services.grant_move(
        actor=world.users["coordinator"], grant=grant, action=action, reason=reason
    )


def spent(allocation) -> int:
    return Spending.objects.filter(allocation=allocation).aggregate(s=Sum("amount"))["s"] or 0


def test_apply_approve_pay_writes_history_audit_and_the_spending(world, money, qualified):
    grant = apply(world, money, quantity=10)
    assert (grant.state, grant.amount) == (GrantState.APPLIED, 300_000)
    move(world, grant, "approve")
    grant = move(world, grant, "pay")
    assert grant.state == GrantState.PAID
    spending = grant.spending
    assert (spending.amount, spending.payee_organisation, spending.origin) == (
        300_000,
        world.company,
        "benefit",
    )
    assert spent(money.allocation) == 300_000
    history = list(grant.events.values_list("from_state", "to_state"))
    assert history == [("", "applied"), ("applied", "approved"), ("approved", "paid")]
    assert (
        AuditEntry.objects.filter(object_type="benefits.Grant", object_id=str(grant.pk)).count()
        == 3
    )


def test_withdrawing_a_paid_grant_claws_it_back(world, money, qualified):
    grant = apply(world, money, quantity=10)
    move(world, grant, "approve")
    move(world, grant, "pay")
    with pytest.raises(ApplicationError) as exc:
        move(world, grant, "withdraw")
    assert exc.value.message == "사유를 입력하세요."
    grant = move(world, grant, "withdraw", "허위 신청 확인")
    assert grant.state == GrantState.WITHDRAWN and grant.reason == "허위 신청 확인"
    assert grant.refund.amount == -300_000 and grant.refund.refund_of == grant.spending
    assert spent(money.allocation) == 0


@pytest.mark.parametrize(
    "state,action",
    [("applied", "pay"), ("paid", "approve"), ("rejected", "approve"), ("withdrawn", "pay")],
)
def test_impossible_transitions_are_refused(world, money, qualified, state, action):
    grant = apply(world, money)
    path = {
        "applied": [],
        "paid": ["approve", "pay"],
        "rejected": ["reject"],
        "withdrawn": ["withdraw"],
    }[state]
    for step in path:
        move(world, grant, step, "x")
    events = grant.events.count()
    with pytest.raises(ApplicationError) as exc:
        move(world, grant, action, "x")
    assert exc.value.status == 409
    grant.refresh_from_db()
    assert grant.state == state and grant.events.count() == events


def test_the_yearly_cap_counts_every_live_grant_of_the_year(world, money, qualified):
    apply(world, money, quantity=60, period="1학기")  # 1,800,000
    with pytest.raises(ApplicationError) as exc:
        apply(world, money, quantity=11, period="2학기")  # 330,000 > 300,000 left
    assert "연간 한도" in exc.value.message and "300,000원" in exc.value.message
    assert Grant.objects.count() == 1
    apply(world, money, quantity=10, period="2학기")  # exactly the cap
    # another company has its own cap
    apply(world, money, quantity=70, company=world.company_b)


def test_a_rejected_grant_frees_the_cap_and_the_period(world, money, qualified):
    grant = apply(world, money, quantity=70)
    move(world, grant, "reject", "서류 미비")
    again = apply(world, money, quantity=70)
    assert again.pk != grant.pk


def test_the_service_refuses_a_double_grant_in_korean(world, money, qualified):
    apply(world, money, quantity=1, period="3월")
    with pytest.raises(ApplicationError) as exc:
        apply(world, money, quantity=1, period="3월")
    assert exc.value.status == 409 and "이미" in exc.value.message


def test_the_database_refuses_a_double_grant(world, money):
    kw = dict(district=world.district, benefit=money, company=world.company, year=YEAR, period="")
    Grant.objects.create(**kw)
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(**kw)
    Grant.objects.create(**kw | {"state": "withdrawn", "reason": "취소"})  # dead ones may repeat


@pytest.mark.parametrize(
    "values",
    [
        {"amount": -1},
        {"quantity": 0},
        {"state": "rejected", "reason": ""},
        {"state": "paid", "amount": 5},
    ],
)
def test_the_database_refuses_impossible_amounts_and_states(world, money, values):
    kw = dict(district=world.district, benefit=money, company=world.company, year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(**kw | values)


def test_a_company_that_does_not_qualify_cannot_apply(world, money):
    with pytest.raises(ApplicationError) as exc:
        apply(world, money)
    assert "조건" in exc.value.message
    assert not Grant.objects.exists()


def test_when_the_budget_refuses_the_grant_stays_approved(world, qualified):
    small = h.allocation(world.district, amount=100_000)
    b = h.benefit(world.district, alloc=small, conditions=[{"kind": "hosted", "threshold": 1}])
    grant = apply(world, b, quantity=10)  # 300,000 > 100,000
    move(world, grant, "approve")
    with pytest.raises(ApplicationError) as exc:
        move(world, grant, "pay")
    # the budget's own reason, shown to the coordinator (its Korean is the budget app's)
    assert str(small) in exc.value.message and "200,000원" in exc.value.message
    grant.refresh_from_db()
    assert grant.state == GrantState.APPROVED and grant.spending is None
    assert spent(small) == 0 and grant.events.count() == 2


def test_non_money_benefits_count_units_and_write_no_spending(world, qualified):
    b = h.benefit(world.district, kind="facility", conditions=[{"kind": "hosted", "threshold": 1}])
    grant = apply(world, b, quantity=2)
    assert grant.amount == 0
    move(world, grant, "approve")
    grant = move(world, grant, "pay")
    assert grant.state == GrantState.PAID and grant.spending is None
    with pytest.raises(ApplicationError):
        apply(world, b, quantity=1, period="추가")  # cap 2 reached
