"""Student import from a NEIS-style class list (xlsx or CSV): whole or not at all.

The layout we take (docs/students.md): any number of title rows above the table
(학교명, "2025학년도 3학년 1반" …), then one header row naming the columns,
then one row per student. Columns, in any order, Korean or English:

    학년, 반, 번호, 성명 (required; 학년 and 반 may instead be given once in a
    title row such as "3학년 1반", and a merged 학년/반 cell counts for the rows
    below it), 생년월일 (required: 2008.03.05, 2008. 3. 5., 2008-03-05,
    20080305, 080305 or an Excel date), 학과 (optional), 연락처 (optional,
    the student's mobile), 이메일 (optional), 학번 (optional), 학년도 (optional;
    otherwise the year chosen on the form). 성별 and anything else is ignored and
    never stored.

A column that looks like a resident registration number (주민등록번호), or any
cell that holds one, makes us refuse the whole file before anything else; its
content is never stored. A student's seat (school, school year, grade, class,
number) is the key: importing the same list again updates the students.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mujigae.core import audit
from mujigae.core.exceptions import ApplicationError
from mujigae.partners.models import Organisation
from mujigae.students.masking import format_phone
from mujigae.students.models import PERSONAL_FIELDS, Student

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
HEADER_SEARCH_ROWS = 30  # title rows above the table

COLUMNS = {
    "school_year": pgettext_lazy("student import column", "school year"),
    "grade": pgettext_lazy("student import column", "grade"),
    "class_no": pgettext_lazy("student import column", "class"),
    "number": pgettext_lazy("student import column", "number"),
    "name": pgettext_lazy("student import column", "name"),
    "birth_date": pgettext_lazy("student import column", "date of birth"),
    "major": pgettext_lazy("student import column", "department"),
    "phone": pgettext_lazy("student import column", "phone"),
    "email": pgettext_lazy("student import column", "email"),
    "student_no": pgettext_lazy("student import column", "student number"),
}
HEADER_ALIASES = {
    "school_year": {"학년도", "school year", "schoolyear"},
    "grade": {"학년", "grade"},
    "class_no": {"반", "class", "학급"},
    "number": {"번호", "번", "출석번호", "number", "no", "no."},
    "name": {"성명", "이름", "학생명", "학생성명", "성 명", "name"},
    "birth_date": {"생년월일", "생일", "birth date", "date of birth", "birthday", "birthdate"},
    "major": {"학과", "전공", "계열", "학과명", "department", "major"},
    "phone": {"연락처", "휴대전화", "휴대폰", "전화번호", "학생연락처", "학생 연락처", "phone"},
    "email": {"이메일", "전자우편", "email", "e-mail"},
    "student_no": {"학번", "student number", "student no"},
}
REQUIRED = ("number", "name", "birth_date")  # grade and class: a column or a title row
# A resident registration number: 6 digits, a dash, then 7 digits starting 1-8.
RRN = re.compile(r"(?<!\d)\d{6}\s*-\s*[1-8]\d{6}(?!\d)")
RRN_HEADER = re.compile(
    r"주민\s*(등록)?\s*번호|주민등록|resident\s*registration|\brrn\b", re.IGNORECASE
)
TITLE_CLASS = re.compile(r"([1-3])\s*학년\s*(\d{1,2})\s*반")
HANGUL_OR_LETTERS = re.compile(r"^[가-힣A-Za-z][가-힣A-Za-z .·-]*$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class RowError:
    row: int
    column: str
    reason: str


class ImportRejected(ApplicationError):
    """The file was refused; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError], message: str | None = None):
        super().__init__(
            message
            or _("Nothing was imported: %(n)s problems. Correct the file and upload it again.")
            % {"n": len(errors)},
            status=422,
        )
        self.errors = errors


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "").strip().lower().replace("_", " "))


_ALIAS_INDEX = {_norm(a): key for key, aliases in HEADER_ALIASES.items() for a in aliases}


def _header_key(text: Any) -> str | None:
    return _ALIAS_INDEX.get(_norm(text))


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """The rows of the first sheet (xlsx) or of the CSV (UTF-8, UTF-8 with BOM or CP949)."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(_("The file is too large (at most 5 MB)."), status=413)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            ws = wb.worksheets[0]
            return [list(row) for row in ws.iter_rows(values_only=True)]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook
            raise ApplicationError(
                _("The file could not be read as an Excel workbook (.xlsx)."), status=400
            ) from exc
    if lower.endswith(".csv"):
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
        return list(csv.reader(io.StringIO(text)))
    if lower.endswith(".xls"):
        raise ApplicationError(
            _("Old Excel files (.xls) cannot be read: save the file as .xlsx and upload it again."),
            status=400,
        )
    raise ApplicationError(_("Upload an .xlsx or .csv file."), status=400)


def refuse_resident_numbers(rows: list[list[Any]]) -> None:
    """Refuse the whole file if it holds resident registration numbers. Runs
    before anything else; nothing of the file is kept."""
    found: list[int] = []
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if cell is None:
                continue
            text = str(cell)
            if RRN_HEADER.search(text) or RRN.search(text):
                found.append(number)
                break
    if found:
        shown = ", ".join(str(n) for n in found[:10]) + (" …" if len(found) > 10 else "")
        raise ImportRejected(
            [],
            _(
                "This file contains resident registration numbers (주민등록번호) "
                "(rows %(rows)s). We never store them: nothing was imported. Delete that "
                "column from the file and upload it again."
            )
            % {"rows": shown},
        )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _int(value: Any) -> int | None:
    """A whole number from 3, 3.0, "3", "3학년", "2반", "05번"; None if there is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    match = re.fullmatch(r"0*(\d{1,4})(?:\.0)?\s*(학년|반|번)?", text)
    return int(match.group(1)) if match else None


def parse_date(value: Any) -> dt.date | None:
    """2008.03.05, 2008. 3. 5., 2008-03-05, 2008/3/5, 20080305, 080305, an Excel
    serial (39512) or a date cell. None if it is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        n = int(value)
        if 19_000_101 <= n <= 29_991_231:  # 20080305 typed as a number
            return parse_date(str(n))
        if 1 <= n <= 80_000:
            return EXCEL_EPOCH + dt.timedelta(days=n)
        return None
    text = str(value).strip().rstrip(".").strip()
    try:
        match = re.fullmatch(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*일?", text)
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{6}", text):  # YYMMDD: students are born after 2000
            year = int(text[:2])
            century = 2000 if year <= timezone.localdate().year % 100 else 1900
            return dt.date(century + year, int(text[2:4]), int(text[4:]))
        if re.fullmatch(r"\d{5}(\.0)?", text):
            return parse_date(int(float(text)))
    except ValueError:
        return None
    return None


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """The header row (its index) and column positions: the first of the top
    rows that names the number and name columns."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        index: dict[str, int] = {}
        for j, cell in enumerate(row):
            key = _header_key(cell)
            if key and key not in index:
                index[key] = j
        if "name" in index and ("number" in index or "birth_date" in index):
            return i, index
    return None


def _label(key: str) -> str:
    return str(COLUMNS[key])


@dataclass
class Planned:
    row: int
    seat: tuple[int, int, int, int]  # school year, grade, class, number
    values: dict[str, Any]


def validate_rows(rows: list[list[Any]], *, school_year: int) -> list[Planned]:
    """Check every row; raise ImportRejected listing every problem, or return the plan."""
    refuse_resident_numbers(rows)
    found = _find_header(rows)
    if found is None:
        raise ImportRejected(
            [
                RowError(
                    1,
                    "",
                    _(
                        "No header row found: one of the first rows must name the columns "
                        "(번호, 성명, 생년월일, …)."
                    ),
                )
            ]
        )
    start, index = found
    # grade and class from a title row ("3학년 1반"), when there is no column
    title_grade = title_class = None
    for row in rows[:start]:
        for cell in row:
            match = TITLE_CLASS.search(str(cell or ""))
            if match:
                title_grade, title_class = int(match.group(1)), int(match.group(2))
    errors: list[RowError] = []
    for key in REQUIRED:
        if key not in index:
            errors.append(RowError(start + 1, _label(key), _("The column is missing.")))
    for key, title_value in (("grade", title_grade), ("class_no", title_class)):
        if key not in index and title_value is None:
            errors.append(
                RowError(
                    start + 1,
                    _label(key),
                    _("The column is missing (or write it above the table, e.g. “3학년 1반”)."),
                )
            )
    if errors:
        raise ImportRejected(errors)
    body = rows[start + 1 :]
    if len(body) > MAX_ROWS:
        raise ImportRejected(
            [RowError(start + 2, "", _("At most %(n)s rows at a time.") % {"n": MAX_ROWS})]
        )

    def cell(row: list[Any], key: str) -> Any:
        i = index.get(key)
        return row[i] if i is not None and i < len(row) else None

    today = timezone.localdate()
    plan: list[Planned] = []
    seen: dict[tuple[int, int, int, int], int] = {}
    carry: dict[str, Any] = {"grade": title_grade, "class_no": title_class}
    for offset, row in enumerate(body):
        number = start + 2 + offset  # as the spreadsheet numbers it
        if all(_blank(c) for c in row):
            continue
        # a repeated header (NEIS prints one per page) is skipped
        if _header_key(cell(row, "name")) == "name":
            continue
        errs: list[RowError] = []

        def err(key: str, reason: str, _number: int = number, _errs: list = errs) -> None:
            _errs.append(RowError(_number, _label(key), reason))

        values: dict[str, Any] = {}
        seat: dict[str, int] = {}
        for key, low, high in (
            ("school_year", 2000, today.year + 1),
            ("grade", 1, 3),
            ("class_no", 1, 99),
            ("number", 1, 99),
        ):
            raw = cell(row, key)
            if _blank(raw):
                if key == "school_year":
                    seat[key] = school_year
                    continue
                # merged cells (학년, 반) hold their value in the first row only
                if key in carry and carry[key] is not None:
                    seat[key] = carry[key]
                    continue
                err(key, _("This cell is empty."))
                continue
            value = _int(raw)
            if value is None:
                err(key, _("“%(value)s” is not a whole number.") % {"value": raw})
            elif not low <= value <= high:
                err(key, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
            else:
                seat[key] = value
                if key in carry:
                    carry[key] = value
        name = str(cell(row, "name") or "").strip()
        if not name:
            err("name", _("This cell is empty."))
        elif len(name) > 50 or not HANGUL_OR_LETTERS.match(name):
            err("name", _("“%(value)s” does not look like a name.") % {"value": name[:50]})
        values["name"] = name
        raw = cell(row, "birth_date")
        birth = None if _blank(raw) else parse_date(raw)
        if _blank(raw):
            err("birth_date", _("This cell is empty."))
        elif birth is None:
            err(
                "birth_date",
                _("“%(value)s” is not a date (write it as 2008.03.05 or 20080305).")
                % {"value": raw},
            )
        elif not (today.year - 30 <= birth.year <= today.year - 10):
            err(
                "birth_date",
                _("%(date)s is not a plausible date of birth for a high-school student.")
                % {"date": birth.isoformat()},
            )
        values["birth_date"] = birth
        for key, limit in (("major", 100), ("student_no", 20)):
            text = str(cell(row, key) or "").strip()
            if len(text) > limit:
                err(key, _("At most %(n)s characters.") % {"n": limit})
            if text:
                values[key] = text
        phone = str(cell(row, "phone") or "").strip()
        if phone:
            digits = re.sub(r"\D", "", phone)
            if not (digits.startswith("01") and len(digits) in (10, 11)):
                err("phone", _("“%(value)s” is not a mobile phone number.") % {"value": phone})
            else:
                values["phone"] = format_phone(digits)
        email = str(cell(row, "email") or "").strip()
        if email:
            try:
                validate_email(email)
                values["email"] = email
            except ValidationError:
                err("email", _("“%(value)s” is not an email address.") % {"value": email})
        if not errs and len(seat) == 4:
            key4 = (seat["school_year"], seat["grade"], seat["class_no"], seat["number"])
            twin = seen.get(key4)
            if twin is not None:
                err(
                    "number",
                    _(
                        "Row %(row)s already has grade %(grade)s, class %(class)s, number %(number)s."
                    )
                    % {"row": twin, "grade": key4[1], "class": key4[2], "number": key4[3]},
                )
            else:
                seen[key4] = number
                plan.append(Planned(number, key4, values))
        errors.extend(errs)
    if errors:
        raise ImportRejected(errors)
    if not plan:
        raise ImportRejected([RowError(start + 2, "", _("The file has no rows under the header."))])
    return plan


def _redacted(fields: list[str]) -> dict[str, list[str]]:
    """Audit changes without personal values (the audit log is read more widely)."""
    return {f: ["…", "…"] if f in PERSONAL_FIELDS else ["", ""] for f in fields}


@transaction.atomic
def import_students(
    *,
    actor: Any,
    school: Organisation,
    school_year: int,
    name: str,
    content: bytes,
    is_sample: bool = False,
) -> ImportResult:
    """Import a class list for `school` (the caller checked the actor may)."""
    rows = read_table(name, content)
    plan = validate_rows(rows, school_year=school_year)
    years = {p.seat[0] for p in plan}
    existing = {
        (s.school_year, s.grade, s.class_no, s.number): s
        for s in Student.objects.select_for_update().filter(school=school, school_year__in=years)
    }
    created = updated = unchanged = 0
    for item in plan:
        student = existing.get(item.seat)
        if student is None:
            year, grade, class_no, number = item.seat
            student = Student(
                district_id=school.district_id,
                school=school,
                school_year=year,
                grade=grade,
                class_no=class_no,
                number=number,
                is_sample=is_sample,
                **item.values,
            )
            student.save()
            audit.record(
                actor=actor,
                action="create",
                obj=student,
                changes=_redacted(["name", "birth_date", *item.values]),
                via="import",
            )
            created += 1
            continue
        changed = [f for f, v in item.values.items() if getattr(student, f) != v]
        if not changed:
            unchanged += 1
            continue
        for f in changed:
            setattr(student, f, item.values[f])
        student.save()
        audit.record(
            actor=actor, action="update", obj=student, changes=_redacted(changed), via="import"
        )
        updated += 1
    return ImportResult(created, updated, unchanged)
