"""Cohort import from an xlsx or CSV file: it lands whole or not at all.

Columns (Korean or English headers, any order): programme (과정명), year (연도),
enrolled (입학/등록 인원), completed (이수 인원, may be empty), and optionally
provider (운영기관) when two providers run programmes of the same name. A row for
a programme and year that already has a cohort updates it.

Every bad row is reported (row number as in the spreadsheet, column, reason in
Korean) and nothing is saved while any row is bad.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mujigae.core import policy, writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.curriculum.models import Cohort, Programme
from mujigae.curriculum.services import clean_cohort_numbers

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = {
    "programme": pgettext_lazy("cohort import column", "programme"),
    "provider": pgettext_lazy("cohort import column", "provider"),
    "year": pgettext_lazy("cohort import column", "year"),
    "enrolled": pgettext_lazy("cohort import column", "enrolled"),
    "completed": pgettext_lazy("cohort import column", "completed"),
}
HEADER_ALIASES = {
    "programme": {"programme", "program", "과정", "과정명", "프로그램", "교육과정"},
    "provider": {"provider", "운영기관", "제공기관", "기관", "기관명"},
    "year": {"year", "연도", "년도", "학년도"},
    "enrolled": {"enrolled", "등록", "입학", "등록인원", "입학인원", "인원", "등록 인원"},
    "completed": {"completed", "이수", "이수인원", "수료", "수료인원", "이수 인원"},
}
REQUIRED = ("programme", "year", "enrolled")


@dataclass
class RowError:
    row: int
    column: str
    reason: str


class ImportRejected(ApplicationError):
    """The file was refused; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        super().__init__(
            _("Nothing was imported: %(n)s problems. Correct the file and upload it again.")
            % {"n": len(errors)},
            status=422,
        )
        self.errors = errors


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _header_key(text: Any) -> str | None:
    norm = str(text or "").strip().lower().replace("_", " ")
    compact = norm.replace(" ", "")
    for key, aliases in HEADER_ALIASES.items():
        if norm in aliases or compact in {a.replace(" ", "") for a in aliases}:
            return key
    return None


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """The rows of the first sheet (xlsx) or of the CSV (UTF-8 or CP949)."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(_("The file is too large (at most 5 MB)."), status=413)
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook
            raise ApplicationError(
                _("The file could not be read as an Excel workbook (.xlsx)."), status=400
            ) from exc
        ws = wb.worksheets[0]
        return [list(row) for row in ws.iter_rows(values_only=True)]
    if name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "cp949"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ApplicationError(
                _("The CSV file must be saved as UTF-8 or CP949 (Korean Excel)."), status=400
            )
        return [row for row in csv.reader(io.StringIO(text))]
    raise ApplicationError(_("Upload an .xlsx or .csv file."), status=400)


def _int(value: Any) -> int | None | str:
    """An int, None for an empty cell, or "bad"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else "bad"
    text = str(value).strip().replace(",", "")
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.lstrip("-").isdigit() else "bad"


def _label(key: str) -> str:
    return str(COLUMNS[key])


@transaction.atomic
def import_cohorts(
    *, actor: Any, district: District, name: str, content: bytes, via: str = "import"
) -> ImportResult:
    rows = read_table(name, content)
    errors: list[RowError] = []
    # header row: the first non-empty row
    start = 0
    while start < len(rows) and not any(str(c or "").strip() for c in rows[start]):
        start += 1
    if start >= len(rows):
        raise ImportRejected([RowError(1, "", _("The file is empty."))])
    header = rows[start]
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _header_key(cell)
        if key and key not in index:
            index[key] = i
    missing = [k for k in REQUIRED if k not in index]
    if missing:
        raise ImportRejected(
            [
                RowError(
                    start + 1,
                    _label(k),
                    _("The column is missing. The first row must name the columns."),
                )
                for k in missing
            ]
        )
    body = rows[start + 1 :]
    if len(body) > MAX_ROWS:
        raise ImportRejected(
            [RowError(start + 2, "", _("At most %(n)s rows at a time.") % {"n": MAX_ROWS})]
        )

    programmes = list(
        policy.visible(actor, Programme)
        .filter(district=district)
        .select_related("provider", "district")
    )
    by_name: dict[str, list[Programme]] = {}
    for p in programmes:
        by_name.setdefault(p.name.strip(), []).append(p)

    def cell(row: list[Any], key: str) -> Any:
        i = index.get(key)
        return row[i] if i is not None and i < len(row) else None

    plan: list[tuple[Programme, int, int, int | None]] = []
    seen: dict[tuple[int, int], int] = {}
    for offset, row in enumerate(body):
        number = start + 2 + offset  # as the spreadsheet numbers it
        if not any(str(c if c is not None else "").strip() for c in row):
            continue
        row_errors: list[RowError] = []
        pname = str(cell(row, "programme") or "").strip()
        provider = str(cell(row, "provider") or "").strip()
        programme = None
        if not pname:
            row_errors.append(RowError(number, _label("programme"), _("Enter the programme.")))
        else:
            candidates = by_name.get(pname, [])
            if provider:
                candidates = [p for p in candidates if p.provider.name.strip() == provider]
            if not candidates:
                row_errors.append(
                    RowError(
                        number,
                        _label("programme"),
                        _("No programme named “%(name)s” in this district.") % {"name": pname},
                    )
                )
            elif len(candidates) > 1:
                row_errors.append(
                    RowError(
                        number,
                        _label("provider"),
                        _("Several providers run “%(name)s”: add a provider column.")
                        % {"name": pname},
                    )
                )
            else:
                programme = candidates[0]
                if not policy.can_change(actor, programme):
                    row_errors.append(
                        RowError(
                            number,
                            _label("programme"),
                            _("You may not change the cohorts of “%(name)s”.") % {"name": pname},
                        )
                    )
                    programme = None
        values = {}
        for key in ("year", "enrolled", "completed"):
            raw = cell(row, key)
            value = _int(raw)
            if value == "bad":
                row_errors.append(
                    RowError(
                        number,
                        _label(key),
                        _("“%(value)s” is not a whole number.") % {"value": raw},
                    )
                )
            elif value is None and key != "completed":
                row_errors.append(RowError(number, _label(key), _("This cell is empty.")))
            values[key] = value
        if not any(
            e.column in (_label("year"), _label("enrolled"), _label("completed"))
            for e in row_errors
        ):
            for key, messages in clean_cohort_numbers(
                values["year"], values["enrolled"], values["completed"]
            ).items():
                row_errors.extend(RowError(number, _label(key), m) for m in messages)
        if programme is not None and isinstance(values["year"], int):
            twin = seen.get((programme.pk, values["year"]))
            if twin is not None:
                row_errors.append(
                    RowError(
                        number,
                        _label("year"),
                        _("Row %(row)s already gives this programme's %(year)s cohort.")
                        % {"row": twin, "year": values["year"]},
                    )
                )
            else:
                seen[(programme.pk, values["year"])] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        plan.append((programme, values["year"], values["enrolled"], values["completed"]))
    if errors:
        raise ImportRejected(errors)
    if not plan:
        raise ImportRejected([RowError(start + 2, "", _("The file has no rows under the header."))])

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
