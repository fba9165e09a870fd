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
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from mujigae.core import audit, writes
from mujigae.core.districts import district_of
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District

from .models import (
    Allocation,
    Amendment,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    LedgerMapping,
    Project,
    SourceFunding,
    Spending,
    SpendingOrigin,
)


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


@dataclass(frozen=True)
class RoomProblem:
    """One reason `check_room` refuses: the allocation (rule 1) or the source
    (rule 2) it is about, and the Korean sentence."""

    message: str
    allocation_id: int | None = None
    source_id: int | None = None


def room_problems(fiscal_year: FiscalYear, additions: Mapping[int, int]) -> list[RoomProblem]:
    """`check_room` with each reason's allocation or source (the ledger import
    puts each on the rows behind it). Locks the rows it reads."""
    ids = sorted(additions)
    allocations = {
        a.pk: a
        for a in Allocation.objects.select_for_update()
        .select_related("project", "source", "category")
        .filter(pk__in=ids, project__fiscal_year=fiscal_year)
        .order_by("pk")
    }
    problems: list[RoomProblem] = []
    spent = _spent_by("allocation_id", ids, fiscal_year.pk)
    by_source: dict[int, int] = defaultdict(int)
    for pk in ids:
        allocation = allocations.get(pk)
        if allocation is None:
            problems.append(
                RoomProblem(
                    _("The allocation is not part of fiscal year %(year)s.")
                    % {"year": fiscal_year.year},
                    allocation_id=pk,
                )
            )
            continue
        by_source[allocation.source_id] += additions[pk]
        after = spent.get(pk, 0) + additions[pk]
        if after > allocation.current:
            problems.append(
                RoomProblem(
                    _(
                        "%(allocation)s: spending would reach %(after)s, over its current "
                        "budget of %(budget)s (%(over)s over). Amend the allocation first."
                    )
                    % {
                        "allocation": allocation,
                        "after": won(after),
                        "budget": won(allocation.current),
                        "over": won(after - allocation.current),
                    },
                    allocation_id=pk,
                )
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
                    RoomProblem(
                        _(
                            "Funding source %(source)s: spending would reach %(after)s, over "
                            "its %(limit)s for %(year)s. A source can never be overspent."
                        )
                        % {
                            "source": name,
                            "after": won(after),
                            "limit": won(limit),
                            "year": fiscal_year.year,
                        },
                        source_id=source_id,
                    )
                )
    return problems


def check_room(fiscal_year: FiscalYear, additions: Mapping[int, int]) -> list[str]:
    """Would spending `additions` ({allocation id: won}) break rule 1 or 2?
    Returns the Korean reasons (empty: it fits). Locks the rows it reads: call
    inside the writing transaction."""
    return [p.message for p in room_problems(fiscal_year, additions)]


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


def spending_row(allocation: Allocation, **fields: Any) -> Spending:
    """An unsaved spending row of `allocation` (its project's district and
    year, its project, source and category copied for the execution figures'
    GROUP BY). `allocation.project` should be loaded."""
    return Spending(
        district_id=allocation.project.district_id,
        fiscal_year_id=allocation.project.fiscal_year_id,
        allocation_id=allocation.pk,
        project_id=allocation.project_id,
        source_id=allocation.source_id,
        category_id=allocation.category_id,
        **fields,
    )


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
    spending = spending_row(
        allocation,
        spent_on=spent_on,
        amount=amount,
        payee_organisation=payee_organisation,
        payee_name=payee_name,
        description=description,
        reference=reference,
        origin=origin,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    spending.save(force_insert=True)
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


def _allocated(fiscal_year: FiscalYear, source_id: int, *, without: int | None = None) -> int:
    qs = Allocation.objects.filter(project__fiscal_year=fiscal_year, source_id=source_id)
    if without is not None:
        qs = qs.exclude(pk=without)
    return qs.aggregate(total=Sum("current"))["total"] or 0


def _check_allocated(
    fiscal_year: FiscalYear, target: Allocation | SourceFunding, after: int
) -> None:
    """Rule 3: the allocations of a source never add up to more than the
    source's current amount (raising an allocation, or lowering a source)."""
    if isinstance(target, Allocation):
        funding = (
            SourceFunding.objects.select_for_update()
            .filter(fiscal_year=fiscal_year, source_id=target.source_id)
            .first()
        )
        limit = funding.current if funding else 0
        total = _allocated(fiscal_year, target.source_id, without=target.pk) + after
        if after > target.current and total > limit:
            raise ApplicationError(
                _over_allocated(target.source.name, total, limit),
                field_errors={"after": [_over_allocated(target.source.name, total, limit)]},
            )
        return
    total = _allocated(fiscal_year, target.source_id)
    if after < total:
        message = _(
            "%(source)s: the projects are allocated %(allocated)s in total; the source "
            "cannot be lowered below that. Lower the allocations first."
        ) % {"source": target.source.name, "allocated": won(total)}
        raise ApplicationError(message, field_errors={"after": [message]})


def _over_allocated(source: str, total: int, limit: int) -> str:
    return _(
        "%(source)s: the allocations would add up to %(total)s, over the source's current "
        "%(limit)s (%(over)s over). Amend the source first."
    ) % {"source": source, "total": won(total), "limit": won(limit), "over": won(total - limit)}


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
    _check_allocated(fiscal_year, target, after)
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


# --------------------------------------------------------------------------
# the district's lists: funding sources and expense categories

DEFAULT_SOURCES = ("교육부 특별교부금", "교육청 대응투자", "지자체(시) 대응투자", "기타")
DEFAULT_CATEGORIES = ("인건비", "운영비", "여비", "업무추진비", "자산취득비", "기타")
ListModel = type[FundingSource] | type[ExpenseCategory]


@transaction.atomic
def lists_seed(*, actor: Any, district: District, via: str = "web") -> int:
    """Give a district without funding sources or expense categories the usual
    Korean ones (each list on its own). Returns how many were created."""
    created = 0
    for model, names in ((FundingSource, DEFAULT_SOURCES), (ExpenseCategory, DEFAULT_CATEGORIES)):
        if model.objects.filter(district=district).exists():
            continue
        for position, name in enumerate(names, start=1):
            writes.create(
                actor=actor,
                model=model,
                data={"district": district, "name": name, "position": position},
                via=via,
            )
            created += 1
    return created


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Enter a name."), field_errors={"name": [_("Enter a name.")]})
    return name


def _same_name(model: ListModel, district_id: int, name: str, exclude: int | None = None) -> None:
    qs = model.objects.filter(district_id=district_id, name=name)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        message = _("%(name)s is already on the list.") % {"name": name}
        raise ApplicationError(message, field_errors={"name": [message]}, status=409)


@transaction.atomic
def list_item_create(
    *, actor: Any, model: ListModel, district: District, name: str, via: str = "web"
) -> FundingSource | ExpenseCategory:
    name = _clean_name(name)
    _same_name(model, district.pk, name)
    last = model.objects.filter(district=district).order_by("-position").first()
    return writes.create(
        actor=actor,
        model=model,
        data={
            "district": district,
            "name": name,
            "position": (last.position + 1) if last else 1,
        },
        via=via,
    )


@transaction.atomic
def list_item_update(
    *,
    actor: Any,
    item: FundingSource | ExpenseCategory,
    name: str,
    is_active: bool,
    via: str = "web",
) -> FundingSource | ExpenseCategory:
    name = _clean_name(name)
    _same_name(type(item), item.district_id, name, exclude=item.pk)
    return writes.update(
        actor=actor, obj=item, data={"name": name, "is_active": is_active}, via=via
    )


@transaction.atomic
def list_item_move(
    *, actor: Any, item: FundingSource | ExpenseCategory, up: bool, via: str = "web"
) -> None:
    """Swap the item with its neighbour above (`up`) or below."""
    items = list(
        type(item)
        .objects.select_for_update()
        .filter(district_id=item.district_id)
        .order_by("position", "name")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            writes.update(actor=actor, obj=other, data={"position": position}, via=via)


def list_item_in_use(item: FundingSource | ExpenseCategory) -> bool:
    if isinstance(item, FundingSource):
        return (
            SourceFunding.objects.filter(source=item).exists()
            or Allocation.objects.filter(source=item).exists()
        )
    return Allocation.objects.filter(category=item).exists()


@transaction.atomic
def list_item_delete(
    *, actor: Any, item: FundingSource | ExpenseCategory, via: str = "web"
) -> None:
    if list_item_in_use(item):
        raise ApplicationError(
            _("%(name)s is used in a budget and cannot be deleted. Mark it as not in use instead.")
            % {"name": item.name},
            status=409,
        )
    writes.delete(actor=actor, obj=item, via=via)


# --------------------------------------------------------------------------
# fiscal years and projects


@transaction.atomic
def year_create(
    *,
    actor: Any,
    district: District,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    amounts: Mapping[FundingSource, int],
    via: str = "web",
) -> FiscalYear:
    """A fiscal year with its funding sources' amounts (original = current)."""
    if ends_on < starts_on:
        message = _("The end date must not be before the start date.")
        raise ApplicationError(message, field_errors={"ends_on": [message]})
    if FiscalYear.objects.filter(district=district, year=year).exists():
        message = _("Fiscal year %(year)s already exists.") % {"year": year}
        raise ApplicationError(message, field_errors={"year": [message]}, status=409)
    fiscal_year = writes.create(
        actor=actor,
        model=FiscalYear,
        data={"district": district, "year": year, "starts_on": starts_on, "ends_on": ends_on},
        via=via,
    )
    for source, amount in amounts.items():
        if source.district_id != district.pk:
            raise ApplicationError(_("Choose a funding source of your district."))
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ApplicationError(_("Enter the new amount in whole won (0 or more)."))
        if amount:
            writes.create(
                actor=actor,
                model=SourceFunding,
                data={
                    "fiscal_year": fiscal_year,
                    "source": source,
                    "original": amount,
                    "current": amount,
                },
                via=via,
            )
    return fiscal_year


@transaction.atomic
def year_close(*, actor: Any, fiscal_year: FiscalYear, on: dt.date, via: str = "web") -> FiscalYear:
    """Close the year: no more spending or amendments."""
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    if fiscal_year.closed_on is not None:
        raise ApplicationError(
            _("Fiscal year %(year)s is closed.") % {"year": fiscal_year.year}, status=409
        )
    return writes.update(actor=actor, obj=fiscal_year, data={"closed_on": on}, via=via)


PROJECT_FIELDS = (
    "name",
    "code",
    "description",
    "clauses",
    "runner",
    "programme",
    "settlement_programme",
    "survey",
)


def _check_project_links(fiscal_year: FiscalYear, data: Mapping[str, Any]) -> None:
    district_id = fiscal_year.district_id
    for field in ("runner", "programme", "settlement_programme", "survey"):
        obj = data.get(field)
        if obj is not None and district_of(obj) != district_id:
            message = _("Choose one of your district's.")
            raise ApplicationError(message, field_errors={field: [message]})
    for clause in data.get("clauses") or ():
        if district_of(clause) != district_id:
            message = _("Choose one of your district's.")
            raise ApplicationError(message, field_errors={"clauses": [message]})


def _check_open(fiscal_year: FiscalYear) -> None:
    if fiscal_year.closed_on is not None:
        raise ApplicationError(
            _("Fiscal year %(year)s is closed.") % {"year": fiscal_year.year}, status=409
        )


@transaction.atomic
def project_create(
    *,
    actor: Any,
    fiscal_year: FiscalYear,
    data: Mapping[str, Any],
    allocations: Mapping[tuple[int, int], int],
    via: str = "web",
) -> Project:
    """A project with its allocations ({(source id, category id): won}; zero
    cells are left out). The allocations of a source never exceed its amount."""
    _check_open(fiscal_year)
    _check_project_links(fiscal_year, data)
    fields = {k: v for k, v in data.items() if k in PROJECT_FIELDS}
    project = writes.create(
        actor=actor,
        model=Project,
        data={"district": fiscal_year.district, "fiscal_year": fiscal_year, **fields},
        via=via,
    )
    cells = {key: amount for key, amount in allocations.items() if amount}
    sources = {s.pk: s for s in FundingSource.objects.filter(district=fiscal_year.district)}
    categories = {c.pk for c in ExpenseCategory.objects.filter(district=fiscal_year.district)}
    fundings = {
        f.source_id: f
        for f in SourceFunding.objects.select_for_update().filter(fiscal_year=fiscal_year)
    }
    by_source: dict[int, int] = defaultdict(int)
    for (source_id, category_id), amount in cells.items():
        if source_id not in sources or category_id not in categories:
            raise ApplicationError(_("Choose a funding source and category of your district."))
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ApplicationError(_("Enter the new amount in whole won (0 or more)."))
        by_source[source_id] += amount
    errors = []
    for source_id, total in sorted(by_source.items()):
        funding = fundings.get(source_id)
        limit = funding.current if funding else 0
        total += _allocated(fiscal_year, source_id)
        if total > limit:
            errors.append(_over_allocated(sources[source_id].name, total, limit))
    if errors:
        raise ApplicationError(errors[0], field_errors={"__all__": errors})
    for (source_id, category_id), amount in sorted(cells.items()):
        writes.create(
            actor=actor,
            model=Allocation,
            data={
                "project": project,
                "source_id": source_id,
                "category_id": category_id,
                "original": amount,
                "current": amount,
            },
            via=via,
        )
    return project


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, data: Mapping[str, Any], via: str = "web"
) -> Project:
    """The project's description and links (allocations change only by amendments)."""
    _check_project_links(project.fiscal_year, data)
    fields = {k: v for k, v in data.items() if k in PROJECT_FIELDS}
    return writes.update(actor=actor, obj=project, data=fields, via=via)


# --------------------------------------------------------------------------
# the ledger's column mapping

LEDGER_FIELDS = (
    "spent_on",
    "project_code",
    "project_name",
    "source",
    "category",
    "amount",
    "payee",
    "description",
    "reference",
)


@transaction.atomic
def ledger_mapping_save(
    *, actor: Any, district: District, columns: Mapping[str, str], via: str = "web"
) -> LedgerMapping:
    """Which header of the accounting system's export holds which field."""
    clean = {k: " ".join(str(v).split()) for k, v in columns.items() if k in LEDGER_FIELDS and v}
    for key in ("spent_on", "source", "category", "amount"):
        if key not in clean:
            raise ApplicationError(_("Choose the column of every required field."))
    if "project_code" not in clean and "project_name" not in clean:
        raise ApplicationError(_("Choose the column of the project's name or code."))
    mapping = LedgerMapping.objects.select_for_update().filter(district=district).first()
    if mapping is None:
        return writes.create(
            actor=actor,
            model=LedgerMapping,
            data={"district": district, "columns": clean},
            via=via,
        )
    return writes.update(actor=actor, obj=mapping, data={"columns": clean}, via=via)
