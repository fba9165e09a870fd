"""Import of the execution ledger (집행내역) an office's accounting system
exports (e.g. K-에듀파인), as xlsx or CSV, into one fiscal year.

The file is read by the shared pipeline (`core/imports.py`, docs/imports.md):
title rows above the header, CP949 CSV, merged cells, serial dates, and the
refusal of resident registration numbers come from there. Which column holds
which field is the district's `LedgerMapping` (header text per field), chosen
once on the first import and reused; without one, the usual Korean headers
are recognised and offered as a guess.

Every row is checked first (date in the year, amount a positive whole number
of won, the project, source and category known, an allocation for the three),
then all rows together against the room rules (`services.room_problems`, the
same function every spending path uses) inside the writing transaction: any
problem and nothing is saved. Rows already imported (same `import_key`: the
reference number, or a digest of the row) are skipped and counted, as are
repeats inside the file. See docs/budget.md.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mujigae.budget import services
from mujigae.budget.forms import LEDGER_LABELS, parse_won
from mujigae.budget.models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    LedgerMapping,
    Project,
    Spending,
    SpendingOrigin,
)
from mujigae.core import audit
from mujigae.core.imports import (
    Columns,
    ImportRejected,
    Problems,
    Row,
    cell_text,
    find_header,
    header_text,
    open_workbook,
    parse_date,
)
from mujigae.partners.models import Organisation

REQUIRED = ("spent_on", "source", "category", "amount")
# the usual headers of Korean accounting exports, for the first guess
USUAL_HEADERS: dict[str, tuple[str, ...]] = {
    "spent_on": ("집행일자", "지출일자", "집행일", "지급일자", "일자", "date"),
    "project_code": ("사업코드", "세부사업코드", "project code"),
    "project_name": ("사업명", "세부사업명", "단위사업명", "project"),
    "source": ("재원", "재원명", "funding source", "source"),
    "category": ("비목", "통계목", "비목(통계목)", "통계목명", "category"),
    "amount": ("집행액", "집행금액", "지출액", "금액", "amount"),
    "payee": ("거래처", "지급처", "거래처명", "채주", "payee"),
    "description": ("적요", "내용", "description"),
    "reference": ("전표번호", "지출결의번호", "결의번호", "reference"),
}
TEMPLATE_HEADERS = [
    "집행일자",
    "사업코드",
    "사업명",
    "재원",
    "비목",
    "집행액",
    "거래처",
    "적요",
    "전표번호",
]
TEMPLATE_MAPPING = dict(zip(services.LEDGER_FIELDS, TEMPLATE_HEADERS, strict=True))
BATCH = 1000
HEADER_ROWS = 30


class NeedsMapping(ImportRejected):
    """The file's columns are not known yet: the page asks which header holds
    which field (`headers`: the file's header cells, `guess`: field → header)."""

    def __init__(self, message: str, headers: list[str], guess: dict[str, str]):
        super().__init__(message, status=422)
        self.headers = headers
        self.guess = guess


@dataclass
class Result:
    imported: int = 0
    total: int = 0
    already: int = 0
    repeated: int = 0
    mapping_saved: bool = False
    fiscal_year: Any = None


@dataclass
class _Plan:
    rows: list[tuple[Row, Spending]] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)  # import_key -> row number


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return header_text(name)


def _mapping_columns(mapping: dict[str, str]) -> Columns:
    return Columns({key: (LEDGER_LABELS[key], {mapping[key]}) for key in mapping})


def _mapping_complete(index: dict[str, int], mapping: dict[str, str]) -> bool:
    return (
        all(k in index for k in mapping)
        and all(k in index for k in REQUIRED)
        and ("project_code" in index or "project_name" in index)
    )


USUAL = Columns({key: (LEDGER_LABELS[key], names) for key, names in USUAL_HEADERS.items()})


def _header_cells(row: Row) -> list[str]:
    return [cell_text(c) for c in row.cells if cell_text(c)]


def _ask(rows: list[Row]) -> NeedsMapping:
    """The file's likely header row (the one naming most usual fields, else the
    first with three or more cells) and a guess of each field's column."""
    best, best_count = None, 0
    for row in rows:
        count = len(USUAL.match(row))
        if count > best_count:
            best, best_count = row, count
    if best is None:
        best = next((r for r in rows if len(_header_cells(r)) >= 3), None)
    if best is None:
        return NeedsMapping(
            _("No header row found: the ledger needs a row naming its columns."), [], {}
        )
    guess = {key: cell_text(best.cells[i]) for key, i in USUAL.match(best).items()}
    return NeedsMapping(
        _(
            "Choose which column of the file holds each field, then choose the file again "
            "and import. The choice is saved for the next imports."
        ),
        _header_cells(best),
        guess,
    )


def _digest(values: list[Any]) -> str:
    text = "\x1f".join(str(v) for v in values)
    return "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def import_ledger(
    *,
    actor: Any,
    fiscal_year: FiscalYear,
    name: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
    save_mapping: bool = False,
) -> Result:
    """Read, check and save the ledger; `mapping` (field → header text) is the
    one chosen on the page, else the district's saved one."""
    fiscal_year = FiscalYear.objects.select_related("district").get(pk=fiscal_year.pk)
    district = fiscal_year.district
    if fiscal_year.closed_on is not None:
        raise ImportRejected(_("Fiscal year %(year)s is closed.") % {"year": fiscal_year.year})
    stored = LedgerMapping.objects.filter(district=district).first()
    if not mapping:
        mapping = dict(stored.columns) if stored else {}
    result = Result(fiscal_year=fiscal_year)
    incomplete = bool(mapping) and not _mapping_complete(dict.fromkeys(mapping, 0), mapping)
    with open_workbook(name, content) as book:
        rows = iter(book.first_sheet())
        found = None
        if mapping and not incomplete:
            columns = _mapping_columns(mapping)
            found = find_header(rows, columns, lambda index: _mapping_complete(index, mapping))
        if found is None:
            top: list[Row] = []
            with open_workbook(name, content) as again:  # the top again, to offer the columns
                for row in again.first_sheet():
                    top.append(row)
                    if len(top) > HEADER_ROWS:
                        break
            asked = _ask(top)
            if incomplete:
                asked.message = _(
                    "Choose the column of the date, the funding source, the category, the "
                    "amount and the project's code or name, then choose the file again."
                )
                asked.guess = mapping
            raise asked
        _above, _header, index = found
        if save_mapping:
            services.ledger_mapping_save(actor=actor, district=district, columns=mapping)
            result.mapping_saved = True
        problems, plan = Problems(), _Plan()
        lookups = _Lookups(fiscal_year, actor)
        for row in rows:
            result.total += 1
            _check_row(row, index, lookups, problems, plan, result, fiscal_year)
    if not result.total:
        raise ImportRejected(_("The file has no rows to import."))
    _drop_already_imported(district.pk, plan, result)
    with transaction.atomic():
        locked = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
        if locked.closed_on is not None:
            raise ImportRejected(_("Fiscal year %(year)s is closed.") % {"year": locked.year})
        additions: dict[int, int] = defaultdict(int)
        last_row: dict[tuple[str, int], Row] = {}
        for row, spending in plan.rows:
            additions[spending.allocation_id] += spending.amount
            last_row[("a", spending.allocation_id)] = row
            last_row[("s", spending.source_id)] = row
        if additions:
            for problem in services.room_problems(fiscal_year, additions):
                where = (
                    ("a", problem.allocation_id)
                    if problem.allocation_id is not None
                    else ("s", problem.source_id)
                )
                row = last_row.get(where)
                problems.add(row if row else 0, LEDGER_LABELS["amount"], problem.message)
        problems.raise_if_any()
        Spending.objects.bulk_create([s for _row, s in plan.rows], batch_size=BATCH)
        result.imported = len(plan.rows)
        audit.record(
            actor=actor,
            action="create",
            obj=fiscal_year,
            changes={
                "ledger_import": [
                    None,
                    {
                        "file": name[:200],
                        "rows": result.total,
                        "imported": result.imported,
                        "skipped": result.already + result.repeated,
                    },
                ]
            },
        )
    return result


class _Lookups:
    """The year's projects (by code and by name), the district's sources,
    categories and organisations (by name), the allocations (by the three)."""

    def __init__(self, fiscal_year: FiscalYear, actor: Any):
        self.actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        district_id = fiscal_year.district_id
        projects = list(Project.objects.filter(fiscal_year=fiscal_year))
        self.by_code = {_key(p.code): p for p in projects if p.code}
        self.by_name = {_key(p.name): p for p in projects}
        self.sources = {
            _key(s.name): s for s in FundingSource.objects.filter(district_id=district_id)
        }
        self.categories = {
            _key(c.name): c for c in ExpenseCategory.objects.filter(district_id=district_id)
        }
        self.allocations = {
            (a.project_id, a.source_id, a.category_id): a
            for a in Allocation.objects.filter(project__fiscal_year=fiscal_year).select_related(
                "project"
            )
        }
        self.organisations = dict(
            (_key(name), pk)
            for pk, name in Organisation.objects.filter(district_id=district_id).values_list(
                "pk", "name"
            )
        )


def _check_row(
    row: Row,
    index: dict[str, int],
    lookups: _Lookups,
    problems: Problems,
    plan: _Plan,
    result: Result,
    fiscal_year: FiscalYear,
) -> None:
    def value(key: str) -> Any:
        return row.get(index.get(key))

    bad = 0

    def problem(key: str, reason: str) -> None:
        nonlocal bad
        bad += 1
        problems.add(row, LEDGER_LABELS[key], reason)

    day = parse_date(value("spent_on"))
    if day is None:
        problem("spent_on", _("Write the date, e.g. 2026-03-05."))
    else:
        outside = services.check_date(fiscal_year, day)
        if outside:
            problem("spent_on", outside)
    amount, reason = parse_won(value("amount"))
    if reason:
        problem("amount", reason)
    code, project_name = cell_text(value("project_code")), cell_text(value("project_name"))
    project = None
    if code and "project_code" in index:
        project = lookups.by_code.get(_key(code))
        if project is None:
            problem(
                "project_code",
                _("No project with the code %(code)s in %(year)s.")
                % {"code": code, "year": fiscal_year.year},
            )
    elif project_name:
        project = lookups.by_name.get(_key(project_name))
        if project is None:
            problem(
                "project_name",
                _("No project named %(name)s in %(year)s.")
                % {"name": project_name, "year": fiscal_year.year},
            )
    else:
        key = "project_code" if "project_code" in index else "project_name"
        problem(key, _("Write the project's code or name."))
    unknown = {
        "source": _("Unknown funding source %(name)s: use a name of the district's list."),
        "category": _("Unknown expense category %(name)s: use a name of the district's list."),
    }
    found = {}
    for key, names in (("source", lookups.sources), ("category", lookups.categories)):
        name = cell_text(value(key))
        found[key] = names.get(_key(name))
        if found[key] is None:
            problem(key, unknown[key] % {"name": name or "—"})
    source, category = found["source"], found["category"]
    if bad:
        return
    allocation = lookups.allocations.get((project.pk, source.pk, category.pk))
    if allocation is None:
        problem(
            "category",
            _("%(project)s has no allocation from %(source)s for %(category)s.")
            % {"project": project, "source": source.name, "category": category.name},
        )
        return
    payee = cell_text(value("payee"))[:200]
    description = cell_text(value("description"))[:300]
    reference = cell_text(value("reference"))[:60]
    if reference:
        import_key = "ref:" + reference
    else:
        import_key = _digest(
            [day.isoformat(), project.pk, source.pk, category.pk, amount, payee, description]
        )
    if import_key in plan.keys:
        result.repeated += 1
        return
    plan.keys[import_key] = row.number
    plan.rows.append(
        (
            row,
            services.spending_row(
                allocation,
                spent_on=day,
                amount=amount,
                payee_organisation_id=lookups.organisations.get(_key(payee)) if payee else None,
                payee_name=payee,
                description=description,
                reference=reference,
                origin=SpendingOrigin.IMPORT,
                import_key=import_key[:100],
                created_by_id=lookups.actor_id,
            ),
        )
    )


def _drop_already_imported(district_id: int, plan: _Plan, result: Result) -> None:
    keys = list(plan.keys)
    seen: set[str] = set()
    for start in range(0, len(keys), BATCH):
        seen.update(
            Spending.objects.filter(
                district_id=district_id, import_key__in=keys[start : start + BATCH]
            ).values_list("import_key", flat=True)
        )
    if seen:
        before = len(plan.rows)
        plan.rows = [(row, s) for row, s in plan.rows if s.import_key not in seen]
        result.already = before - len(plan.rows)
