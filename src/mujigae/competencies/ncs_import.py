"""Import the NCS taxonomy from the official export layout (CSV or xlsx).

The file has one row per KSA item (지식·기술·태도), so a unit and its elements
repeat over many rows. Everything is read and checked first; a file with any
bad row changes nothing and every bad row is reported (sheet, row, column,
reason). A good file is upserted in one transaction with bulk operations.
See docs/ncs.md for the layout and the rules.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mujigae.competencies.models import (
    CompetencyElement,
    CompetencyUnit,
    NcsClass,
    NcsImport,
    NcsLevel,
)
from mujigae.core.exceptions import ApplicationError

# The official export's columns (NCS정보망 DB), in its order.
COLUMNS = (
    "대분류코드",
    "대분류코드명",
    "중분류코드",
    "중분류코드명",
    "소분류코드",
    "소분류코드명",
    "세분류코드",
    "세분류코드명",
    "능력단위분류번호",
    "능력단위명칭",
    "수준",
    "능력단위요소번호",
    "능력단위요소명",
    "능력단위요소수준",
    "수행준거번호",
    "수행준거",
    "지식기술태도코드",
    "지식기술태도코드명",
    "지식기술태도번호",
    "지식기술태도의의",
)
REQUIRED = (
    "대분류코드",
    "대분류코드명",
    "중분류코드",
    "중분류코드명",
    "소분류코드",
    "소분류코드명",
    "세분류코드",
    "세분류코드명",
    "능력단위분류번호",
    "능력단위명칭",
    "수준",
    "능력단위요소번호",
    "능력단위요소명",
)
CLASS_COLUMNS = (  # (code column, name column, level)
    ("대분류코드", "대분류코드명", NcsLevel.MAJOR),
    ("중분류코드", "중분류코드명", NcsLevel.MIDDLE),
    ("소분류코드", "소분류코드명", NcsLevel.MINOR),
    ("세분류코드", "세분류코드명", NcsLevel.JOB),
)
UNIT_CODE = re.compile(r"^(\d{10})_(\d{2})v(\d+)$")
DIGITS = re.compile(r"^\d+$")
MAX_ERRORS_SHOWN = 1000  # the page shows this many; the count says how many more
BATCH = 500
HEADER_SCAN_ROWS = 10  # xlsx: how far below a title row the header may be


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    record: NcsImport | None = None


class NcsImportError(ApplicationError):
    """A file that cannot be imported: `errors` lists every bad row."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message, status=422)
        self.errors = errors or []


# --------------------------------------------------------------------------
# reading


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or CP949/EUC-KR, as Korean Excel saves CSV."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp949")  # a superset of EUC-KR
    except UnicodeDecodeError as exc:
        raise NcsImportError(
            _(
                "The file's text encoding could not be read. Save it as CSV UTF-8 "
                "or as Excel (.xlsx) and try again."
            )
        ) from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


Sheet = tuple[str, list[str], Iterator[tuple[int, list[str]]]]


def _csv_sheets(raw: bytes) -> Iterator[Sheet]:
    text = _decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return
    rows = ((i, [c.strip() for c in r]) for i, r in enumerate(reader, start=2) if any(r))
    yield "CSV", [_cell(h) for h in header], rows


def _xlsx_sheets(raw: bytes) -> Iterator[Sheet]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise NcsImportError(
            _("The Excel file could not be opened. Check that it is a valid .xlsx file.")
        ) from exc
    skipped_sheets: list[tuple[str, list[str]]] = []
    data_sheets = 0
    for ws in wb.worksheets:
        it = ws.iter_rows(values_only=True)
        # The header is the first row naming NCS columns (a title row may come
        # first); a sheet without any (a cover or notes sheet) is skipped.
        header_row = None
        start = 0
        first: tuple[int, list[str]] | None = None
        for number, values in enumerate(it, start=1):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            first = first or (number, cells)
            if len(set(cells) & set(COLUMNS)) >= 3:
                header_row, start = cells, number
                break
            if number - first[0] >= HEADER_SCAN_ROWS:
                break
        if header_row is None:
            if first is not None:
                skipped_sheets.append((ws.title, first[1]))
            continue
        while header_row and not header_row[-1]:
            header_row.pop()

        def rows(it=it, start=start) -> Iterator[tuple[int, list[str]]]:
            for number, values in enumerate(it, start=start + 1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    yield number, cells

        data_sheets += 1
        yield ws.title, header_row, rows()
    if not data_sheets and skipped_sheets:
        # no sheet looks like the export: report the first one's columns
        yield skipped_sheets[0][0], skipped_sheets[0][1], iter(())


def _is_xlsx(raw: bytes) -> bool:
    return raw[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(raw))


# --------------------------------------------------------------------------
# checking


@dataclass
class _Parsed:
    classes: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    elements: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    rows: int = 0


def _class_code(raw: str, level: int, parent: str) -> tuple[str | None, str | None]:
    """The full prefix code ("19", "1903", …) from a cell that holds either the
    full prefix or only this level's two digits ("03"). Returns (code, error)."""
    if not DIGITS.match(raw):
        return None, _("The code must be digits only (for example %(example)s).") % {
            "example": "1903"[: 2 * level] if level <= 2 else "19030601"[: 2 * level]
        }
    if len(raw) <= 2:
        return parent + raw.zfill(2), None
    if len(raw) == 2 * level:
        if not raw.startswith(parent):
            return None, _(
                "The code %(code)s does not start with its parent's code %(parent)s."
            ) % {
                "code": raw,
                "parent": parent,
            }
        return raw, None
    return None, _("The code must have 2 or %(n)s digits.") % {"n": 2 * level}


def _level(raw: str) -> int | None:
    if not DIGITS.match(raw):
        return None
    value = int(raw)
    return value if 1 <= value <= 8 else None


def _level_message(raw: str) -> str:
    return _("The level must be a whole number from 1 to 8 (found: %(value)s).") % {
        "value": raw[:20]
    }


def _add_unique(seen: dict[str, None], text: str) -> None:
    if text:
        seen.setdefault(text, None)


def _check_row(
    sheet: str, number: int, row: dict[str, str], parsed: _Parsed, errors: list[RowError]
) -> None:
    before = len(errors)

    def bad(column: str, message: str) -> None:
        errors.append(RowError(sheet, number, column, message))

    for column in REQUIRED:
        if not row[column]:
            bad(column, _("This cell is empty; it is required."))
    if len(errors) > before:
        return

    parent = ""
    codes: list[str] = []
    for code_col, name_col, level in CLASS_COLUMNS:
        code, problem = _class_code(row[code_col], level, parent)
        if problem:
            bad(code_col, problem)
            return
        assert code is not None
        name = row[name_col]
        known = parsed.classes.get(code)
        if known and known[0] != name:
            bad(
                name_col,
                _("The code %(code)s has another name in an earlier row: %(name)s.")
                % {"code": code, "name": known[0]},
            )
        elif not known:
            if len(name) > 200:
                bad(name_col, _("The name is too long (at most %(n)s characters).") % {"n": 200})
            parsed.classes[code] = (name, level, parent or None)
        codes.append(code)
        parent = code
    job_code = codes[-1]

    unit_code = row["능력단위분류번호"]
    match = UNIT_CODE.match(unit_code)
    level = _level(row["수준"])
    if level is None:
        bad("수준", _level_message(row["수준"]))
    if not match:
        bad(
            "능력단위분류번호",
            _("The unit code must look like %(example)s (10 digits, _year, v and version).")
            % {"example": "1903060101_17v1"},
        )
        return
    if match.group(1)[:8] != job_code:
        bad(
            "능력단위분류번호",
            _(
                "The unit code %(code)s does not belong to the job %(job)s (its first 8 digits differ)."
            )
            % {"code": unit_code, "job": job_code},
        )
        return
    unit_name = row["능력단위명칭"]
    if len(unit_name) > 300:
        bad("능력단위명칭", _("The name is too long (at most %(n)s characters).") % {"n": 300})
    unit = parsed.units.get(unit_code)
    if unit is None:
        if len(errors) > before:
            return
        unit = parsed.units[unit_code] = {
            "name": unit_name,
            "level": level,
            "job": job_code,
            "elements": {},
        }
    else:
        if unit["name"] != unit_name:
            bad(
                "능력단위명칭",
                _("The code %(code)s has another name in an earlier row: %(name)s.")
                % {"code": unit_code, "name": unit["name"]},
            )
        if level is not None and unit["level"] != level:
            bad(
                "수준",
                _("The unit %(code)s has another level in an earlier row: %(level)s.")
                % {"code": unit_code, "level": unit["level"]},
            )

    el_code = row["능력단위요소번호"]
    el_name = row["능력단위요소명"]
    el_level_raw = row["능력단위요소수준"]
    el_level = None
    if el_level_raw:
        el_level = _level(el_level_raw)
        if el_level is None:
            bad("능력단위요소수준", _level_message(el_level_raw))
    if len(el_code) > 40:
        bad("능력단위요소번호", _("The code is too long (at most %(n)s characters).") % {"n": 40})
    if len(el_name) > 300:
        bad("능력단위요소명", _("The name is too long (at most %(n)s characters).") % {"n": 300})
    key = (unit_code, el_code)
    element = parsed.elements.get(key)
    if element is not None and element["name"] != el_name:
        bad(
            "능력단위요소명",
            _("The element %(code)s has another name in an earlier row: %(name)s.")
            % {"code": el_code, "name": element["name"]},
        )
    if len(errors) > before:
        return
    if element is None:
        element = parsed.elements[key] = {
            "name": el_name,
            "level": el_level,
            "criteria": {},
            "ksa": {},
        }
        unit["elements"][el_code] = None
    criterion = row["수행준거"]
    if criterion:
        number_ = row["수행준거번호"]
        _add_unique(element["criteria"], f"{number_} {criterion}" if number_ else criterion)
    ksa = row["지식기술태도의의"]
    if ksa:
        kind = row["지식기술태도코드명"] or row["지식기술태도코드"]
        _add_unique(element["ksa"], f"[{kind}] {ksa}" if kind else ksa)


def parse(raw: bytes, file_name: str = "") -> _Parsed:
    """Read and check a whole file. Raises NcsImportError listing every bad row."""
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        raise NcsImportError(_("The file is empty."))
    lower = file_name.lower()
    if _is_xlsx(raw):
        sheets = _xlsx_sheets(raw)
    elif lower.endswith((".xlsx", ".xlsm")):
        raise NcsImportError(
            _("The Excel file could not be opened. Check that it is a valid .xlsx file.")
        )
    elif raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or lower.endswith(".xls"):
        raise NcsImportError(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV.")
        )
    else:
        sheets = _csv_sheets(raw)

    parsed = _Parsed()
    errors: list[RowError] = []
    saw_header = False
    for sheet, header, rows in sheets:
        saw_header = True
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise NcsImportError(
                _(
                    "The sheet %(sheet)s does not have the columns of the NCS export. "
                    "Missing or renamed columns: %(columns)s."
                )
                % {"sheet": sheet, "columns": ", ".join(missing)}
            )
        index = {c: header.index(c) for c in COLUMNS}
        width = max(index.values()) + 1
        for number, cells in rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            parsed.rows += 1
            row = {c: cells[i] for c, i in index.items()}
            _check_row(sheet, number, row, parsed, errors)
    if not saw_header:
        raise NcsImportError(_("The file is empty."))
    if errors:
        raise NcsImportError(
            _("%(n)s problems were found in the file. Nothing was imported.") % {"n": len(errors)},
            errors,
        )
    if not parsed.units:
        raise NcsImportError(_("The file has a header but no rows. Nothing was imported."))
    return parsed


# --------------------------------------------------------------------------
# writing


def _unit_description(unit: dict[str, Any], elements: dict[tuple[str, str], dict]) -> str:
    parts: list[str] = []
    for el_code in unit["elements"]:
        el = elements[(unit["_code"], el_code)]
        parts.append(el["name"])
        parts.extend(el["criteria"])
        parts.extend(el["ksa"])
    return "\n".join(parts)


def _write(parsed: _Parsed, *, is_sample: bool) -> dict[str, int]:
    counts = dict.fromkeys(
        (
            "classes_created",
            "classes_updated",
            "units_created",
            "units_updated",
            "elements_created",
            "elements_updated",
            "elements_deleted",
        ),
        0,
    )
    # classification, level by level so parents have ids
    existing = {c.code: c for c in NcsClass.objects.all()}
    for level in (1, 2, 3, 4):
        new, changed = [], []
        for code, (name, lvl, parent_code) in parsed.classes.items():
            if lvl != level:
                continue
            parent_id = existing[parent_code].pk if parent_code else None
            obj = existing.get(code)
            if obj is None:
                new.append(
                    NcsClass(
                        code=code, name=name, level=lvl, parent_id=parent_id, is_sample=is_sample
                    )
                )
            elif (obj.name, obj.level, obj.parent_id, obj.is_sample) != (
                name,
                lvl,
                parent_id,
                is_sample,
            ):
                obj.name, obj.level, obj.parent_id, obj.is_sample = name, lvl, parent_id, is_sample
                changed.append(obj)
        NcsClass.objects.bulk_create(new, batch_size=BATCH)
        NcsClass.objects.bulk_update(
            changed, ["name", "level", "parent", "is_sample"], batch_size=BATCH
        )
        counts["classes_created"] += len(new)
        counts["classes_updated"] += len(changed)
        if new:
            existing.update(
                {c.code: c for c in NcsClass.objects.filter(level=level, is_sample=is_sample)}
            )

    # units
    units = {u.code: u for u in CompetencyUnit.objects.all()}
    new_units, changed_units = [], []
    for code, unit in parsed.units.items():
        unit["_code"] = code
        job_id = existing[unit["job"]].pk
        description = _unit_description(unit, parsed.elements)
        obj = units.get(code)
        values = (unit["name"], unit["level"], job_id, description, is_sample)
        if obj is None:
            new_units.append(
                CompetencyUnit(
                    code=code,
                    name=unit["name"],
                    level=unit["level"],
                    job_id=job_id,
                    description=description,
                    is_sample=is_sample,
                )
            )
        elif (obj.name, obj.level, obj.job_id, obj.description, obj.is_sample) != values:
            obj.name, obj.level, obj.job_id, obj.description, obj.is_sample = values
            changed_units.append(obj)
    CompetencyUnit.objects.bulk_create(new_units, batch_size=BATCH)
    CompetencyUnit.objects.bulk_update(
        changed_units, ["name", "level", "job", "description", "is_sample"], batch_size=BATCH
    )
    counts["units_created"], counts["units_updated"] = len(new_units), len(changed_units)
    unit_ids = dict(CompetencyUnit.objects.values_list("code", "id"))

    # elements: the file is the truth for the units it contains
    file_unit_ids = {unit_ids[c] for c in parsed.units}
    stored: dict[tuple[int, str], CompetencyElement] = {}
    ids = sorted(file_unit_ids)
    for start in range(0, len(ids), BATCH):
        for el in CompetencyElement.objects.filter(unit_id__in=ids[start : start + BATCH]):
            stored[(el.unit_id, el.code)] = el
    new_els, changed_els = [], []
    wanted: set[tuple[int, str]] = set()
    for (unit_code, el_code), el in parsed.elements.items():
        key = (unit_ids[unit_code], el_code)
        wanted.add(key)
        criteria = "\n".join(el["criteria"])
        knowledge = "\n".join(el["ksa"])
        obj = stored.get(key)
        if obj is None:
            new_els.append(
                CompetencyElement(
                    unit_id=key[0],
                    code=el_code,
                    name=el["name"],
                    level=el["level"],
                    criteria=criteria,
                    knowledge=knowledge,
                )
            )
        elif (obj.name, obj.level, obj.criteria, obj.knowledge) != (
            el["name"],
            el["level"],
            criteria,
            knowledge,
        ):
            obj.name, obj.level, obj.criteria, obj.knowledge = (
                el["name"],
                el["level"],
                criteria,
                knowledge,
            )
            changed_els.append(obj)
    stale = [el.pk for key, el in stored.items() if key not in wanted]
    for start in range(0, len(stale), BATCH):
        CompetencyElement.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    CompetencyElement.objects.bulk_create(new_els, batch_size=BATCH)
    CompetencyElement.objects.bulk_update(
        changed_els, ["name", "level", "criteria", "knowledge"], batch_size=BATCH
    )
    counts["elements_created"] = len(new_els)
    counts["elements_updated"] = len(changed_els)
    counts["elements_deleted"] = len(stale)
    return counts
