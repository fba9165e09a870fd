"""The budget's rules through its services: room checks, amendments and
their history, the allocations a source can carry, the lists."""

from __future__ import annotations

import datetime as dt

import pytest

from mujigae.budget import services
from mujigae.budget.models import (
    Allocation,
    Amendment,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    Spending,
)
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry

DAY = dt.date(2026, 3, 5)


def spend(world, allocation, amount, day=DAY):
    return services.record_spending(
        actor=world.users["coordinator"], allocation=allocation, spent_on=day, amount=amount
    )


def test_seed_gives_the_usual_korean_lists_once(world):
    actor = world.users["coordinator"]
    assert services.lists_seed(actor=actor, district=world.district) == 10
    assert [s.name for s in FundingSource.objects.filter(district=world.district)] == list(
        services.DEFAULT_SOURCES
    )
    assert [c.name for c in ExpenseCategory.objects.filter(district=world.district)] == list(
        services.DEFAULT_CATEGORIES
    )
    assert services.lists_seed(actor=actor, district=world.district) == 0
    # the other district has none
    assert not FundingSource.objects.filter(district=world.other_district).exists()


def test_spending_within_the_allocation_is_recorded_and_audited(world, budget):
    spending = spend(world, budget.a_ops, 4_000_000)
    assert spending.project == budget.p1 and spending.source == budget.grant
    assert AuditEntry.objects.filter(object_type="budget.Spending", object_id=str(spending.pk))


def test_an_allocation_is_never_overspent_without_an_amendment(world, budget):
    spend(world, budget.a_ops, 9_000_000)
    with pytest.raises(ApplicationError) as exc:
        spend(world, budget.a_ops, 2_000_000)
    assert "1,000,000" in exc.value.message  # how much over
    assert Spending.objects.count() == 1
    services.amend_allocation(
        actor=world.users["coordinator"],
        allocation=budget.a_ops,
        after=12_000_000,
        on=DAY,
        reason="재료비 인상",
    )
    spend(world, budget.a_ops, 2_000_000)
    assert Spending.objects.count() == 2


def test_a_source_is_never_overspent(world, budget):
    actor = world.users["coordinator"]
    # the source is lowered to what is allocated, then allocations spent to the full
    services.amend_funding(
        actor=actor,
        funding=budget.year.fundings.get(source=budget.grant),
        after=30_000_000,
        on=DAY,
        reason="감액",
    )
    spend(world, budget.a_ops, 10_000_000)
    spend(world, budget.a_pay, 20_000_000)
    # the allocation may not grow past the source either
    with pytest.raises(ApplicationError):
        services.amend_allocation(
            actor=actor, allocation=budget.a_ops, after=11_000_000, on=DAY, reason="증액"
        )
    assert budget.year.fundings.get(source=budget.grant).current == 30_000_000


def test_room_check_names_allocation_and_source(world, budget):
    problems = services.room_problems(budget.year, {budget.a_ops.pk: 10_000_001})
    assert [p.allocation_id for p in problems] == [budget.a_ops.pk]
    assert services.check_room(budget.year, {budget.a_ops.pk: 10_000_000}) == []


def test_amendments_keep_the_history(world, budget):
    actor = world.users["coordinator"]
    services.amend_allocation(
        actor=actor, allocation=budget.a_ops, after=15_000_000, on=DAY, reason="1차 변경"
    )
    services.amend_allocation(
        actor=actor,
        allocation=budget.a_ops,
        after=12_000_000,
        on=DAY + dt.timedelta(days=30),
        reason="2차 변경",
    )
    allocation = Allocation.objects.get(pk=budget.a_ops.pk)
    assert (allocation.original, allocation.current) == (10_000_000, 12_000_000)
    history = list(
        Amendment.objects.filter(allocation=allocation).values_list("before", "after", "reason")
    )
    assert history == [(10_000_000, 15_000_000, "1차 변경"), (15_000_000, 12_000_000, "2차 변경")]
    assert Amendment.objects.filter(allocation=allocation, created_by=actor).count() == 2


def test_amendment_needs_a_reason_and_cannot_go_below_spending(world, budget):
    actor = world.users["coordinator"]
    with pytest.raises(ApplicationError):
        services.amend_allocation(actor=actor, allocation=budget.a_ops, after=1, on=DAY, reason=" ")
    spend(world, budget.a_ops, 5_000_000)
    with pytest.raises(ApplicationError) as exc:
        services.amend_allocation(
            actor=actor, allocation=budget.a_ops, after=4_000_000, on=DAY, reason="감액"
        )
    assert "5,000,000" in exc.value.message
    assert not Amendment.objects.exists()


def test_a_source_cannot_be_lowered_below_its_allocations(world, budget):
    funding = budget.year.fundings.get(source=budget.grant)
    with pytest.raises(ApplicationError) as exc:
        services.amend_funding(
            actor=world.users["coordinator"],
            funding=funding,
            after=29_999_999,
            on=DAY,
            reason="감액",
        )
    assert "30,000,000" in exc.value.message


def test_project_allocations_may_not_exceed_the_source(world, budget):
    with pytest.raises(ApplicationError) as exc:
        services.project_create(
            actor=world.users["coordinator"],
            fiscal_year=budget.year,
            data={"name": "너무 큰 사업"},
            allocations={(budget.grant.pk, budget.travel.pk): 70_000_001},
        )
    assert "1원" in exc.value.message or "1 won" in exc.value.message
    assert not Project.objects.filter(name="너무 큰 사업").exists()


def test_closed_year_takes_no_spending_or_amendment(world, budget):
    actor = world.users["coordinator"]
    services.year_close(actor=actor, fiscal_year=budget.year, on=dt.date(2027, 1, 10))
    with pytest.raises(ApplicationError):
        spend(world, budget.a_ops, 1_000)
    with pytest.raises(ApplicationError):
        services.amend_allocation(actor=actor, allocation=budget.a_ops, after=1, on=DAY, reason="x")
    with pytest.raises(ApplicationError):
        services.year_close(actor=actor, fiscal_year=budget.year, on=dt.date(2027, 1, 11))


def test_spending_outside_the_year_is_refused(world, budget):
    with pytest.raises(ApplicationError):
        spend(world, budget.a_ops, 1_000, day=dt.date(2027, 1, 2))


def test_refund_returns_the_money(world, budget):
    spending = spend(world, budget.a_ops, 10_000_000)
    services.refund_spending(
        actor=world.users["coordinator"], spending=spending, on=DAY, reason="반납"
    )
    spend(world, budget.a_ops, 10_000_000)  # room again


def test_year_is_unique_per_district(world, budget):
    with pytest.raises(ApplicationError):
        services.year_create(
            actor=world.users["coordinator"],
            district=world.district,
            year=2026,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            amounts={},
        )
    assert FiscalYear.objects.filter(district=world.district).count() == 1


def test_a_used_list_item_cannot_be_deleted_an_unused_one_can(world, budget):
    actor = world.users["coordinator"]
    with pytest.raises(ApplicationError):
        services.list_item_delete(actor=actor, item=budget.grant)
    with pytest.raises(ApplicationError):
        services.list_item_delete(actor=actor, item=budget.operations)
    services.list_item_delete(actor=actor, item=budget.travel)
    assert not ExpenseCategory.objects.filter(pk=budget.travel.pk).exists()


def test_list_items_rename_reorder_deactivate(world, budget):
    actor = world.users["coordinator"]
    services.list_item_update(actor=actor, item=budget.travel, name="국내여비", is_active=False)
    travel = ExpenseCategory.objects.get(pk=budget.travel.pk)
    assert (travel.name, travel.is_active) == ("국내여비", False)
    with pytest.raises(ApplicationError):
        services.list_item_update(actor=actor, item=travel, name="운영비", is_active=True)
    services.list_item_move(actor=actor, item=budget.office, up=True)
    names = list(
        FundingSource.objects.filter(district=world.district).values_list("name", flat=True)
    )
    assert names[:2] == ["교육청 대응투자", "교육부 특별교부금"]
    added = services.list_item_create(
        actor=actor, model=FundingSource, district=world.district, name=" 민간 기부금 "
    )
    assert added.name == "민간 기부금" and added.position == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_spending_cannot_both_pass_the_room_check(world):
    """Two coordinators record 6,000,000원 each on a 10,000,000원 allocation at
    the same moment: the row locks make the second see the first; one passes."""
    import threading

    from django.db import connection

    from tests.budget.conftest import build_budget

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    budget = build_budget(world)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def record():
        try:
            barrier.wait()
            spend(world, budget.a_ops, 6_000_000)
        except ApplicationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1
    assert Spending.objects.filter(allocation=budget.a_ops).count() == 1
