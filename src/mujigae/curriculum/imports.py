"""Cohort import from an xlsx or CSV file: it lands whole or not at all.

Columns (Korean or English headers, any order): programme (과정명), year (연도),
enrolled (입학/등록 인원), completed (이수 인원, may be empty), and optionally
provider (운영기관) when two providers run programmes of the same name. A row for
a programme and year that already has a cohort updates it.

Every bad row is reported (row number as in the spreadsheet, column, reason in
Korean) and nothing is saved while any row is bad. The file is read by the
shared pipeline (`core/imports.py`, docs/imports.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mujigae.core import policy, writes
from mujigae.core.imports import (
    Columns,
    ImportRejected,
    Problems,
    Row,
    RowError,
    cell_text,
    is_blank,
    open_workbook,
    parse_int,
)
from mujigae.core.models import District
from mujigae.curriculum.models import Cohort, Programme
from mujigae.curriculum.services import clean_cohort_numbers

__all__ = ["ImportRejected", "RowError", "import_cohorts"]

COLUMNS = Columns(
    {
        "programme": (
            pgettext_lazy("cohort import column", "programme"),
            {"programme", "program", "과정", "과정명", "프로그램", "교육과정"},
        ),
        "provider": (
            pgettext_lazy("cohort import column", "provider"),
            {"provider", "운영기관", "제공기관", "기관", "기관명"},
        ),
        "year": (pgettext_lazy("cohort import column", "year"), {"year", "연도", "년도", "학년도"}),
        "enrolled": (
            pgettext_lazy("cohort import column", "enrolled"),
            {"enrolled", "등록", "입학", "등록인원", "입학인원", "인원", "등록 인원"},
        ),
        "completed": (
            pgettext_lazy("cohort import column", "completed"),
            {"completed", "이수", "이수인원", "수료", "수료인원", "이수 인원"},
        ),
    }
)
REQUIRED = ("programme", "year", "enrolled")


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _number(value: Any) -> int | None | str:
    """An int, None for an empty cell, or "bad"."""
    if is_blank(value):
        return None
    number = parse_int(value)
    return "bad" if number is None else number


@transaction.atomic
def import_cohorts(
    *, actor: Any, district: District, name: str, content: bytes, via: str = "import"
) -> ImportResult:
    with open_workbook(name, content) as book:
        plan, problems = _check(actor, district, book.first_sheet())
    problems.raise_if_any()
    if not plan:
        raise ImportRejected(_("The file has no rows under the header."))
    return _land(actor, district, plan, via)


def _check(
    actor: Any, district: District, sheet: Any
) -> tuple[list[tuple[Programme, int, int, int | None]], Problems]:
    """Every row checked: the plan, and the problems (none when it may land)."""
    rows = iter(sheet)
    # the header: the first non-empty row
    header = next(rows, None)
    if header is None:
        raise ImportRejected(_("The file is empty."))
    index = COLUMNS.match(header)
    missing = [k for k in REQUIRED if k not in index]
    if missing:
        problems = Problems()
        for k in missing:
            problems.add(
                header,
                COLUMNS.label(k),
                _("The column is missing. The first row must name the columns."),
            )
        raise problems.rejected()

    programmes = list(
        policy.visible(actor, Programme)
        .filter(district=district)
        .select_related("provider", "district")
    )
    by_name: dict[str, list[Programme]] = {}
    for p in programmes:
        by_name.setdefault(p.name.strip(), []).append(p)

    def cell(row: Row, key: str) -> Any:
        return row.get(index.get(key))

    plan: list[tuple[Programme, int, int, int | None]] = []
    problems = Problems()
    seen: dict[tuple[int, int], int] = {}
    number_columns = {COLUMNS.label(k) for k in ("year", "enrolled", "completed")}
    for row in rows:
        row_errors: list[tuple[str, str]] = []  # (column, reason)
        pname = cell_text(cell(row, "programme"))
        provider = cell_text(cell(row, "provider"))
        programme = None
        if not pname:
            row_errors.append((COLUMNS.label("programme"), _("Enter the programme.")))
        else:
            candidates = by_name.get(pname, [])
            if provider:
                candidates = [p for p in candidates if p.provider.name.strip() == provider]
            if not candidates:
                row_errors.append(
                    (
                        COLUMNS.label("programme"),
                        _("No programme named “%(name)s” in this district.") % {"name": pname},
                    )
                )
            elif len(candidates) > 1:
                row_errors.append(
                    (
                        COLUMNS.label("provider"),
                        _("Several providers run “%(name)s”: add a provider column.")
                        % {"name": pname},
                    )
                )
            else:
                programme = candidates[0]
                if not policy.can_change(actor, programme):
                    row_errors.append(
                        (
                            COLUMNS.label("programme"),
                            _("You may not change the cohorts of “%(name)s”.") % {"name": pname},
                        )
                    )
                    programme = None
        values = {}
        for key in ("year", "enrolled", "completed"):
            raw = cell(row, key)
            value = _number(raw)
            if value == "bad":
                row_errors.append(
                    (COLUMNS.label(key), _("“%(value)s” is not a whole number.") % {"value": raw})
                )
            elif value is None and key != "completed":
                row_errors.append((COLUMNS.label(key), _("This cell is empty.")))
            values[key] = value
        if not any(column in number_columns for column, _reason in row_errors):
            for key, messages in clean_cohort_numbers(
                values["year"], values["enrolled"], values["completed"]
            ).items():
                row_errors.extend((COLUMNS.label(key), m) for m in messages)
        if programme is not None and isinstance(values["year"], int):
            twin = seen.get((programme.pk, values["year"]))
            if twin is not None:
                row_errors.append(
                    (
                        COLUMNS.label("year"),
                        _("Row %(row)s already gives this programme's %(year)s cohort.")
                        % {"row": twin, "year": values["year"]},
                    )
                )
            else:
                seen[(programme.pk, values["year"])] = row.number
        if row_errors:
            for column, reason in row_errors:
                problems.add(row, column, reason)
            continue
        plan.append((programme, values["year"], values["enrolled"], values["completed"]))
    return plan, problems


def _land(
    actor: Any,
    district: District,
    plan: list[tuple[Programme, int, int, int | None]],
    via: str,
) -> ImportResult:
    existing = {
        (c.programme_id, c.year): c
        for c in Cohort.objects.select_for_update().filter(
            programme__in={item[0].pk for item in plan}
        )
    }
    created = updated = unchanged = 0
    for programme, year, enrolled, completed in plan:
        cohort = existing.get((programme.pk, year))
        data = {"enrolled": enrolled, "completed": completed}
        if cohort is None:
            writes.create(
                actor=actor,
                model=Cohort,
                data={"programme": programme, "district": district, "year": year, **data},
                via=via,
            )
            created += 1
        elif (cohort.enrolled, cohort.completed) == (enrolled, completed):
            unchanged += 1
        else:
            writes.update(actor=actor, obj=cohort, data=data, via=via)
            updated += 1
    return ImportResult(created, updated, unchanged)
