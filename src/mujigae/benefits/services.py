"""Benefit writes: the catalogue, its conditions and the ledger (all audited).

The ledger's rules (docs/benefits.md):

* A grant moves applied → approved → paid; applied or approved → rejected;
  applied, approved or paid → withdrawn (a paid money grant withdrawn is a
  clawback: its spending is refunded to the budget). Each move is a
  `GrantEvent` row and an audit entry; rejecting and withdrawing need a reason.
* A grant never doubles a live one for the same company, benefit, year and
  period: the partial unique constraint `grant_no_double` (the database) and
  this service (a Korean message) both say so.
* The yearly cap per company: the live grants of that benefit in the year
  (won for money, units otherwise) never exceed it. Checked under a row lock
  on the benefit (`select_for_update`), so two applications at once cannot
  both pass.
* A money grant paid is a spending row of the benefit's budget allocation,
  written in the same transaction (`budget.services.record_spending`): if the
  budget refuses (over the allocation or the source), nothing changes and the
  grant stays approved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.benefits import eligibility
from mujigae.benefits.models import (
    DEAD_STATES,
    MONEY_KINDS,
    Benefit,
    Condition,
    Grant,
    GrantEvent,
    GrantState,
)
from mujigae.budget import services as budget
from mujigae.budget.models import SpendingOrigin
from mujigae.core import audit, numbers, writes
from mujigae.core.exceptions import ApplicationError

# ---------------------------------------------------------------------------
# the catalogue


def _check_benefit(data: dict[str, Any], district: Any) -> None:
    kind = data.get("kind")
    allocation = data.get("allocation")
    if kind in MONEY_KINDS:
        if allocation is None:
            msg = _("A money benefit needs the budget allocation that pays it.")
            raise ApplicationError(msg, field_errors={"allocation": [msg]})
        if not data.get("unit_amount"):
            msg = _("A money benefit needs its amount per unit in won.")
            raise ApplicationError(msg, field_errors={"unit_amount": [msg]})
    else:
        data["allocation"] = None
        data["unit_amount"] = None
    if allocation is not None and allocation.project.district_id != district.pk:
        msg = _("Choose an allocation of your district's budget.")
        raise ApplicationError(msg, field_errors={"allocation": [msg]})


@transaction.atomic
def benefit_create(*, actor: Any, district: Any, via: str = "web", **data: Any) -> Benefit:
    _check_benefit(data, district)
    return writes.create(actor=actor, model=Benefit, data={"district": district, **data}, via=via)


@transaction.atomic
def benefit_update(*, actor: Any, benefit: Benefit, via: str = "web", **data: Any) -> Benefit:
    _check_benefit(data, benefit.district)
    return writes.update(actor=actor, obj=benefit, data=data, via=via)


@transaction.atomic
def benefit_delete(*, actor: Any, benefit: Benefit, via: str = "web") -> None:
    if benefit.grants.exists():
        raise ApplicationError(
            _("This benefit has grants in the ledger and cannot be deleted."), status=409
        )
    writes.delete(actor=actor, obj=benefit, via=via)


@transaction.atomic
def condition_create(*, actor: Any, benefit: Benefit, via: str = "web", **data: Any) -> Condition:
    if benefit.conditions.filter(kind=data.get("kind")).exists():
        msg = _("This benefit already has a condition of that kind: edit it instead.")
        raise ApplicationError(msg, field_errors={"kind": [msg]}, status=409)
    return writes.create(actor=actor, model=Condition, data={"benefit": benefit, **data}, via=via)


@transaction.atomic
def condition_update(
    *, actor: Any, condition: Condition, via: str = "web", **data: Any
) -> Condition:
    kind = data.get("kind", condition.kind)
    if condition.benefit.conditions.filter(kind=kind).exclude(pk=condition.pk).exists():
        msg = _("This benefit already has a condition of that kind: edit it instead.")
        raise ApplicationError(msg, field_errors={"kind": [msg]}, status=409)
    return writes.update(actor=actor, obj=condition, data=data, via=via)


@transaction.atomic
def condition_delete(*, actor: Any, condition: Condition, via: str = "web") -> None:
    writes.delete(actor=actor, obj=condition, via=via)


# ---------------------------------------------------------------------------
# the ledger


def _event(grant: Grant, actor: Any, before: str, reason: str = "") -> None:
    authenticated = getattr(actor, "is_authenticated", False)
    GrantEvent.objects.create(
        grant=grant,
        from_state=before,
        to_state=grant.state,
        reason=reason,
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "system",
    )


def _used(benefit: Benefit, company_id: int, year: int, exclude: int | None = None) -> int:
    """What the company's live grants of `benefit` in `year` already take of the cap."""
    qs = Grant.objects.filter(benefit=benefit, company_id=company_id, year=year).exclude(
        state__in=DEAD_STATES
    )
    if exclude:
        qs = qs.exclude(pk=exclude)
    field = "amount" if benefit.is_money else "quantity"
    return qs.aggregate(total=Sum(field))["total"] or 0


def _whole_number(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = _("Enter a whole number of 1 or more.")
        raise ApplicationError(msg, field_errors={field: [msg]})
    return value


def cap_left(benefit: Benefit, company_id: int, year: int) -> int:
    return max(benefit.yearly_cap - _used(benefit, company_id, year), 0)


def describe(benefit: Benefit, value: int) -> str:
    if benefit.is_money:
        return budget.won(value)
    return numbers.quantity(value, benefit.unit_label or _("times"))  # 3회, 1,200명


@transaction.atomic
def grant_apply(
    *,
    actor: Any,
    benefit: Benefit,
    company: Any,
    year: int,
    quantity: int,
    period: str = "",
    note: str = "",
    via: str = "web",
) -> Grant:
    """A company applies for a benefit (it must meet every condition)."""
    quantity = _whole_number(quantity, "quantity")
    period = (period or "").strip()
    # the lock: applications for this benefit wait for each other (the cap)
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if company.district_id != benefit.district_id:
        raise ApplicationError(_("This benefit is not offered in your district."), status=404)
    if not benefit.starts_on.year <= year <= benefit.ends_on.year:
        msg = _("This benefit runs from %(start)s to %(end)s: choose a year in that period.") % {
            "start": benefit.starts_on.isoformat(),
            "end": benefit.ends_on.isoformat(),
        }
        raise ApplicationError(msg, field_errors={"year": [msg]})
    verdict = eligibility.evaluate(
        district_id=benefit.district_id,
        year=year,
        benefits=[benefit],
        company_ids=[company.pk],
    )[benefit.pk][0]
    if not verdict.qualifies:
        missing = ", ".join(str(c.condition.get_kind_display()) for c in verdict.missing)
        raise ApplicationError(
            _("Your company does not meet every condition yet: %(missing)s.") % {"missing": missing}
        )
    duplicate = (
        Grant.objects.filter(benefit=benefit, company=company, year=year, period=period)
        .exclude(state__in=DEAD_STATES)
        .exists()
    )
    if duplicate:
        msg = _(
            "There is already a grant of this benefit for your company in %(year)s %(period)s."
        ) % {"year": year, "period": period or _("(whole year)")}
        raise ApplicationError(msg, field_errors={"period": [msg]}, status=409)
    amount = quantity * benefit.unit_amount if benefit.is_money else 0
    value = amount if benefit.is_money else quantity
    used = _used(benefit, company.pk, year)
    if used + value > benefit.yearly_cap:
        msg = _(
            "This would exceed the yearly cap of %(cap)s per company: %(used)s already "
            "granted or applied for, %(left)s left."
        ) % {
            "cap": describe(benefit, benefit.yearly_cap),
            "used": describe(benefit, used),
            "left": describe(benefit, max(benefit.yearly_cap - used, 0)),
        }
        raise ApplicationError(msg, field_errors={"quantity": [msg]})
    try:
        with transaction.atomic():
            grant = Grant.objects.create(
                district_id=benefit.district_id,
                benefit=benefit,
                company=company,
                year=year,
                period=period,
                quantity=quantity,
                amount=amount,
                note=(note or "")[:300],
                state=GrantState.APPLIED,
            )
    except IntegrityError as exc:  # a concurrent double, caught by the database
        raise ApplicationError(
            _("There is already a grant of this benefit for your company in this period."),
            status=409,
        ) from exc
    _event(grant, actor, "")
    audit.record(
        actor=actor,
        action="create",
        obj=grant,
        changes={
            "state": [None, grant.state],
            "year": [None, year],
            "period": [None, period],
            "quantity": [None, quantity],
            "amount": [None, amount],
        },
        via=via,
    )
    return grant


MOVES = {
    "approve": ((GrantState.APPLIED,), GrantState.APPROVED),
    "reject": ((GrantState.APPLIED, GrantState.APPROVED), GrantState.REJECTED),
    "pay": ((GrantState.APPROVED,), GrantState.PAID),
    "withdraw": (
        (GrantState.APPLIED, GrantState.APPROVED, GrantState.PAID),
        GrantState.WITHDRAWN,
    ),
}
NEEDS_REASON = frozenset({"reject", "withdraw"})


@transaction.atomic
def grant_move(
    *,
    actor: Any,
    grant: Grant,
    action: str,
    reason: str = "",
    on: dt.date | None = None,
    via: str = "web",
) -> Grant:
    """approve | reject | pay | withdraw, with the ledger's rules."""
    if action not in MOVES:
        raise ApplicationError(_("Unknown action."), status=400)
    allowed, target = MOVES[action]
    grant = Grant.objects.select_for_update().select_related("benefit", "company").get(pk=grant.pk)
    reason = (reason or "").strip()
    if grant.state not in allowed:
        raise ApplicationError(
            _("A grant that is %(state)s cannot be %(target)s.")
            % {"state": grant.get_state_display(), "target": GrantState(target).label},
            status=409,
        )
    if action in NEEDS_REASON and not reason:
        msg = _("Give the reason.")
        raise ApplicationError(msg, field_errors={"reason": [msg]})
    on = on or timezone.localdate()
    before = grant.state
    benefit = grant.benefit
    fields = ["state", "reason", "updated_at"]
    if action == "pay" and benefit.is_money and grant.amount > 0:
        grant.spending = budget.record_spending(
            actor=actor,
            allocation=benefit.allocation,
            spent_on=on,
            amount=grant.amount,
            payee_organisation=grant.company,
            description=_("Benefit paid: %(benefit)s") % {"benefit": benefit.name},
            reference=f"BEN-{grant.pk}",
            origin=SpendingOrigin.BENEFIT,
            via=via,
        )
        fields.append("spending")
    if action == "withdraw" and grant.spending_id and grant.refund_id is None:
        grant.refund = budget.refund_spending(
            actor=actor,
            spending=grant.spending,
            on=on,
            reason=_("Benefit clawed back: %(reason)s") % {"reason": reason},
            via=via,
        )
        fields.append("refund")
    grant.state = target
    if action in NEEDS_REASON:
        grant.reason = reason[:300]
    grant.save(update_fields=fields)
    _event(grant, actor, before, reason)
    audit.record(
        actor=actor,
        action="update",
        obj=grant,
        changes={"state": [before, grant.state], **({"reason": [None, reason]} if reason else {})},
        via=via,
    )
    return grant
