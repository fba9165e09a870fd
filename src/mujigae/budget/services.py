"""Budget writes: amendments and spending, with the two rules of clause 5.

1. Spending never exceeds an allocation's current amount: more needs an
   explicit amendment first (`amend_allocation`).
2. A funding source's spending in a fiscal year never exceeds its current amount.

Both are checked by `check_room`, the one function every write path uses (a
spending row typed by hand, an imported ledger, a benefit paid), under row
locks on the allocations and source fundings concerned, so two concurrent
writes cannot both pass. See docs/budget.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from mujigae.core import audit
from mujigae.core.exceptions import ApplicationError

from .models import Allocation, Amendment, FiscalYear, SourceFunding, Spending, SpendingOrigin


def won(amount: int) -> str:
    """1234000 → "1,234,000원"."""
    return _("%(amount)s won") % {"amount": f"{amount:,}"}


def _spent_by(field: str, ids: list[int], fiscal_year_id: int) -> dict[int, int]:
    rows = (
        Spending.objects.filter(fiscal_year_id=fiscal_year_id, **{f"{field}__in": ids})
        .values_list(field)
        .annotate(total=Sum("amount"))
    )
    return {pk: total or 0 for pk, total in rows}


def check_room(fiscal_year: FiscalYear, additions: Mapping[int, int]) -> list[str]:
    """Would spending `additions` ({allocation id: won}) break rule 1 or 2?
    Returns the Korean reasons (empty: it fits). Locks the rows it reads: call
    inside the writing transaction."""
    ids = sorted(additions)
    allocations = {
        a.pk: a
        for a in Allocation.objects.select_for_update()
        .select_related("project", "source", "category")
        .filter(pk__in=ids, project__fiscal_year=fiscal_year)
        .order_by("pk")
    }
    problems: list[str] = []
    spent = _spent_by("allocation_id", ids, fiscal_year.pk)
    by_source: dict[int, int] = defaultdict(int)
    for pk in ids:
        allocation = allocations.get(pk)
        if allocation is None:
            problems.append(
                _("The allocation is not part of fiscal year %(year)s.")
                % {"year": fiscal_year.year}
            )
            continue
        by_source[allocation.source_id] += additions[pk]
        after = spent.get(pk, 0) + additions[pk]
        if after > allocation.current:
            problems.append(
                _(
                    "%(allocation)s: spending would reach %(after)s, over its current "
                    "budget of %(budget)s (%(over)s over). Amend the allocation first."
                )
                % {
                    "allocation": allocation,
                    "after": won(after),
                    "budget": won(allocation.current),
                    "over": won(after - allocation.current),
                }
            )
    if by_source:
        fundings = {
            f.source_id: f
            for f in SourceFunding.objects.select_for_update()
            .select_related("source")
            .filter(fiscal_year=fiscal_year, source_id__in=sorted(by_source))
            .order_by("pk")
        }
        source_spent = _spent_by("source_id", sorted(by_source), fiscal_year.pk)
        for source_id, extra in sorted(by_source.items()):
            funding = fundings.get(source_id)
            limit = funding.current if funding else 0
            after = source_spent.get(source_id, 0) + extra
            if after > limit:
                name = funding.source.name if funding else str(source_id)
                problems.append(
                    _(
                        "Funding source %(source)s: spending would reach %(after)s, over its "
                        "%(limit)s for %(year)s. A source can never be overspent."
                    )
                    % {
                        "source": name,
                        "after": won(after),
                        "limit": won(limit),
                        "year": fiscal_year.year,
                    }
                )
    return problems


def check_date(fiscal_year: FiscalYear, day: dt.date) -> str | None:
    if fiscal_year.closed_on is not None:
        return _("Fiscal year %(year)s is closed.") % {"year": fiscal_year.year}
    if not fiscal_year.starts_on <= day <= fiscal_year.ends_on:
        return _("%(day)s is outside fiscal year %(year)s (%(start)s–%(end)s).") % {
            "day": day.isoformat(),
            "year": fiscal_year.year,
            "start": fiscal_year.starts_on.isoformat(),
            "end": fiscal_year.ends_on.isoformat(),
        }
    return None


def _amount(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(_("Enter the amount in whole won."))
    if value <= 0:
        raise ApplicationError(_("The amount must be more than 0 won."))
    return value


@transaction.atomic
def record_spending(
    *,
    actor: Any,
    allocation: Allocation,
    spent_on: dt.date,
    amount: int,
    payee_organisation: Any = None,
    payee_name: str = "",
    description: str = "",
    reference: str = "",
    origin: str = SpendingOrigin.MANUAL,
    via: str = "web",
) -> Spending:
    """Record one spending row of `allocation` (rules 1 and 2 checked, audited).
    Callers in a larger transaction (a benefit paid) get all or nothing."""
    amount = _amount(amount)
    fiscal_year = allocation.project.fiscal_year
    problem = check_date(fiscal_year, spent_on)
    if problem:
        raise ApplicationError(problem, field_errors={"spent_on": [problem]})
    problems = check_room(fiscal_year, {allocation.pk: amount})
    if problems:
        raise ApplicationError(problems[0], field_errors={"amount": problems})
    spending = Spending.objects.create(
        district_id=allocation.project.district_id,
        fiscal_year=fiscal_year,
        allocation=allocation,
        project_id=allocation.project_id,
        source_id=allocation.source_id,
        category_id=allocation.category_id,
        spent_on=spent_on,
        amount=amount,
        payee_organisation=payee_organisation,
        payee_name=payee_name,
        description=description,
        reference=reference,
        origin=origin,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="create",
        obj=spending,
        changes={
            "allocation": [None, str(allocation)],
            "spent_on": [None, spent_on.isoformat()],
            "amount": [None, amount],
            "origin": [None, origin],
        },
        via=via,
    )
    return spending


@transaction.atomic
def refund_spending(
    *, actor: Any, spending: Spending, on: dt.date, reason: str, via: str = "web"
) -> Spending:
    """Return a spending row's money to its allocation (반납): a negative row."""
    spending = Spending.objects.select_for_update().get(pk=spending.pk)
    if spending.refund_of_id is not None or spending.refunds.exists():
        raise ApplicationError(_("This spending has already been refunded."), status=409)
    problem = check_date(spending.fiscal_year, on)
    if problem:
        raise ApplicationError(problem)
    refund = Spending.objects.create(
        district_id=spending.district_id,
        fiscal_year_id=spending.fiscal_year_id,
        allocation_id=spending.allocation_id,
        project_id=spending.project_id,
        source_id=spending.source_id,
        category_id=spending.category_id,
        spent_on=on,
        amount=-spending.amount,
        payee_organisation_id=spending.payee_organisation_id,
        payee_name=spending.payee_name,
        description=reason[:300],
        reference=spending.reference,
        origin=spending.origin,
        refund_of=spending,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="create",
        obj=refund,
        changes={
            "refund_of": [None, spending.pk],
            "amount": [None, refund.amount],
            "reason": [None, reason],
        },
        via=via,
    )
    return refund


def _amend(
    *,
    actor: Any,
    target: Allocation | SourceFunding,
    after: int,
    on: dt.date,
    reason: str,
    via: str,
) -> Amendment:
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ApplicationError(_("Enter the new amount in whole won (0 or more)."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for the amendment."), field_errors={"reason": [_("Required.")]}
        )
    model = type(target)
    target = model.objects.select_for_update().get(pk=target.pk)
    fiscal_year = (
        target.project.fiscal_year if isinstance(target, Allocation) else target.fiscal_year
    )
    if fiscal_year.closed_on is not None:
        raise ApplicationError(_("Fiscal year %(year)s is closed.") % {"year": fiscal_year.year})
    field = "allocation_id" if isinstance(target, Allocation) else "source_id"
    key = target.pk if isinstance(target, Allocation) else target.source_id
    spent = _spent_by(field, [key], fiscal_year.pk).get(key, 0)
    if after < spent:
        raise ApplicationError(
            _("%(target)s has already spent %(spent)s: the new amount cannot be lower.")
            % {"target": target, "spent": won(spent)}
        )
    amendment = Amendment.objects.create(
        district_id=fiscal_year.district_id,
        fiscal_year=fiscal_year,
        allocation=target if isinstance(target, Allocation) else None,
        funding=target if isinstance(target, SourceFunding) else None,
        amended_on=on,
        reason=reason[:300],
        before=target.current,
        after=after,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    before = target.current
    target.current = after
    target.save(update_fields=["current"])
    audit.record(
        actor=actor,
        action="update",
        obj=target,
        changes={"current": [before, after], "reason": [None, reason]},
        via=via,
    )
    return amendment


@transaction.atomic
def amend_allocation(
    *, actor: Any, allocation: Allocation, after: int, on: dt.date, reason: str, via: str = "web"
) -> Amendment:
    return _amend(actor=actor, target=allocation, after=after, on=on, reason=reason, via=via)


@transaction.atomic
def amend_funding(
    *, actor: Any, funding: SourceFunding, after: int, on: dt.date, reason: str, via: str = "web"
) -> Amendment:
    return _amend(actor=actor, target=funding, after=after, on=on, reason=reason, via=via)
