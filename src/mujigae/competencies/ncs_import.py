"""Import the NCS taxonomy from the official export layout (CSV or xlsx).

The file has one row per KSA item (지식·기술·태도), so a unit and its elements
repeat over many rows. The file is read by the shared pipeline
(`core/imports.py`, docs/imports.md) with the NCS limits (`import_limits`);
everything is read and checked first; a file with any bad row changes nothing
and every bad row is reported (sheet, row, column, reason). A good file is
upserted in one transaction with bulk operations. See docs/ncs.md for the
layout and the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from mujigae.competencies.models import (
    CompetencyElement,
    CompetencyUnit,
    NcsClass,
    NcsImport,
    NcsLevel,
)
from mujigae.core.imports import (
    ImportRejected,
    Limits,
    Problems,
    Row,
    RowError,
    cell_text,
    open_workbook,
)

__all__ = ["COLUMNS", "ImportRejected", "RowError", "import_limits", "parse"]

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
BATCH = 500
HEADER_SCAN_ROWS = 10  # how far below a title row the header may be


def import_limits() -> Limits:
    """The NCS file's limits: a national export is far larger than a class list
    (coordinators only). An xlsx may unpack to sixteen times the upload limit."""
    max_bytes = settings.MUJIGAE_NCS_IMPORT_MAX_MB * 1024 * 1024
    return Limits.from_settings(
        max_bytes=max_bytes,
        max_rows=settings.MUJIGAE_NCS_IMPORT_MAX_ROWS,
        max_unzipped_bytes=max(settings.MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES, 16 * max_bytes),
    )


@dataclass
class ImportResult:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    record: NcsImport | None = None


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
    sheet: str, number: int, row: dict[str, str], parsed: _Parsed, errors: Problems
) -> None:
    before = len(errors)

    def bad(column: str, message: str) -> None:
        errors.add(number, column, message, sheet=sheet)

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


def _header(rows: Iterator[Row]) -> tuple[Row | None, Row | None]:
    """(the header: the first row naming at least three NCS columns within the
    first HEADER_SCAN_ROWS rows, the first row) — a sheet without such a row
    (a cover or notes sheet) has no header."""
    first = None
    for count, row in enumerate(rows, start=1):
        first = first or row
        if len({cell_text(v) for v in row.cells} & set(COLUMNS)) >= 3:
            return row, first
        if count >= HEADER_SCAN_ROWS:
            break
    return None, first


def parse(raw: bytes, file_name: str = "") -> _Parsed:
    """Read and check a whole file. Raises ImportRejected listing every bad row."""
    parsed = _Parsed()
    problems = Problems()
    saw_header = False
    first_seen: Row | None = None
    with open_workbook(file_name, raw, limits=import_limits()) as book:
        for sheet in book.sheets():
            rows = iter(sheet)
            header, first = _header(rows)
            first_seen = first_seen or first
            if header is None:
                continue  # a cover sheet
            saw_header = True
            names = [cell_text(v) for v in header.cells]
            _check_columns(sheet.name, names)
            index = {c: names.index(c) for c in COLUMNS}
            for row in rows:
                parsed.rows += 1
                values = {c: cell_text(row.get(i)) for c, i in index.items()}
                _check_row(row.sheet, row.number, values, parsed, problems)
    if not saw_header:
        if first_seen is None:
            raise ImportRejected(_("The file is empty."))
        # no sheet looks like the export: name the columns it lacks
        _check_columns(first_seen.sheet, [cell_text(v) for v in first_seen.cells])
    problems.raise_if_any()
    if not parsed.units:
        raise ImportRejected(_("The file has a header but no rows. Nothing was imported."))
    return parsed


def _check_columns(sheet: str, names: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        message = (
            _(
                "The sheet %(sheet)s does not have the columns of the NCS export. "
                "Missing or renamed columns: %(columns)s."
            )
            % {"sheet": sheet, "columns": ", ".join(missing)}
            if sheet
            else _(
                "The file does not have the columns of the NCS export. Missing or renamed "
                "columns: %(columns)s."
            )
            % {"columns": ", ".join(missing)}
        )
        raise ImportRejected(message)


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
