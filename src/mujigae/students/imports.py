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

The file is read by the shared pipeline (`core/imports.py`, docs/imports.md):
formats, limits, cleaning, merged cells, and the refusal of any file holding a
resident registration number (주민등록번호), whose content is never stored. A student's seat (school, school year, grade, class,
number) is the key: importing the same list again updates the students.
"""

from __future__ import annotations

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
from mujigae.core.imports import (
    Columns,
    ImportRejected,
    Problems,
    Row,
    RowError,
    find_header,
    is_blank,
    open_workbook,
    parse_date,
    parse_int,
)
from mujigae.partners.models import Organisation
from mujigae.students.masking import format_phone
from mujigae.students.models import PERSONAL_FIELDS, Student

__all__ = ["ImportRejected", "RowError", "import_students", "parse_date", "validate_rows"]

COLUMNS = Columns(
    {
        "school_year": (
            pgettext_lazy("student import column", "school year"),
            {"학년도", "school year", "schoolyear"},
        ),
        "grade": (pgettext_lazy("student import column", "grade"), {"학년", "grade"}),
        "class_no": (pgettext_lazy("student import column", "class"), {"반", "class", "학급"}),
        "number": (
            pgettext_lazy("student import column", "number"),
            {"번호", "번", "출석번호", "number", "no", "no."},
        ),
        "name": (
            pgettext_lazy("student import column", "name"),
            {"성명", "이름", "학생명", "학생성명", "성 명", "name"},
        ),
        "birth_date": (
            pgettext_lazy("student import column", "date of birth"),
            {"생년월일", "생일", "birth date", "date of birth", "birthday", "birthdate"},
        ),
        "major": (
            pgettext_lazy("student import column", "department"),
            {"학과", "전공", "계열", "학과명", "department", "major"},
        ),
        "phone": (
            pgettext_lazy("student import column", "phone"),
            {"연락처", "휴대전화", "휴대폰", "전화번호", "학생연락처", "학생 연락처", "phone"},
        ),
        "email": (
            pgettext_lazy("student import column", "email"),
            {"이메일", "전자우편", "email", "e-mail"},
        ),
        "student_no": (
            pgettext_lazy("student import column", "student number"),
            {"학번", "student number", "student no"},
        ),
    }
)
REQUIRED = ("number", "name", "birth_date")  # grade and class: a column or a title row
TITLE_CLASS = re.compile(r"([1-3])\s*학년\s*(\d{1,2})\s*반")
HANGUL_OR_LETTERS = re.compile(r"^[가-힣A-Za-z][가-힣A-Za-z .·-]*$")


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _is_header(index: dict[str, int]) -> bool:
    return "name" in index and ("number" in index or "birth_date" in index)


@dataclass
class Planned:
    row: int
    seat: tuple[int, int, int, int]  # school year, grade, class, number
    values: dict[str, Any]


def validate_rows(rows: Any, *, school_year: int) -> list[Planned]:
    """Check every row of a sheet; raise ImportRejected listing every problem,
    or return the plan."""
    rows = iter(rows)
    found = find_header(rows, COLUMNS, _is_header)
    if found is None:
        problems = Problems()
        problems.add(
            1,
            "",
            _(
                "No header row found: one of the first rows must name the columns "
                "(번호, 성명, 생년월일, …)."
            ),
        )
        raise problems.rejected()
    above, header, index = found
    # grade and class from a title row ("3학년 1반"), when there is no column
    title_grade = title_class = None
    for row in above:
        for value in row.cells:
            match = TITLE_CLASS.search(str(value or ""))
            if match:
                title_grade, title_class = int(match.group(1)), int(match.group(2))
    problems = Problems()
    for key in REQUIRED:
        if key not in index:
            problems.add(header, COLUMNS.label(key), _("The column is missing."))
    for key, title_value in (("grade", title_grade), ("class_no", title_class)):
        if key not in index and title_value is None:
            problems.add(
                header,
                COLUMNS.label(key),
                _("The column is missing (or write it above the table, e.g. “3학년 1반”)."),
            )
    problems.raise_if_any()

    def cell(row: Row, key: str) -> Any:
        return row.get(index.get(key))

    today = timezone.localdate()
    plan: list[Planned] = []
    seen: dict[tuple[int, int, int, int], int] = {}
    carry: dict[str, Any] = {"grade": title_grade, "class_no": title_class}
    for row in rows:
        # a repeated header (NEIS prints one per page) is skipped
        if COLUMNS.key(cell(row, "name")) == "name":
            continue
        before = len(problems)

        def err(key: str, reason: str, _row: Row = row) -> None:
            problems.add(_row, COLUMNS.label(key), reason)

        values: dict[str, Any] = {}
        seat: dict[str, int] = {}
        for key, low, high in (
            ("school_year", 2000, today.year + 1),
            ("grade", 1, 3),
            ("class_no", 1, 99),
            ("number", 1, 99),
        ):
            raw = cell(row, key)
            if is_blank(raw):
                if key == "school_year":
                    seat[key] = school_year
                    continue
                # a class list may give 학년 and 반 on the first row of a class only
                if key in carry and carry[key] is not None:
                    seat[key] = carry[key]
                    continue
                err(key, _("This cell is empty."))
                continue
            value = parse_int(raw)
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
        birth = None if is_blank(raw) else parse_date(raw)
        if is_blank(raw):
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
        if len(problems) == before and len(seat) == 4:
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
                seen[key4] = row.number
                plan.append(Planned(row.number, key4, values))
    problems.raise_if_any()
    if not plan:
        raise ImportRejected(_("The file has no rows under the header."))
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
    request: Any = None,
) -> ImportResult:
    """Import a class list for `school` (the caller checked the actor may).
    The students added and changed are written to the access log ("input",
    "change"; purpose: the record), from `request`'s address when given."""
    from mujigae.students.models import AccessPurpose
    from mujigae.students.services import personal_data_access_record

    with open_workbook(name, content) as book:
        plan = validate_rows(book.first_sheet(), school_year=school_year)
    years = {p.seat[0] for p in plan}
    existing = {
        (s.school_year, s.grade, s.class_no, s.number): s
        for s in Student.objects.select_for_update().filter(school=school, school_year__in=years)
    }
    created = updated = unchanged = 0
    entered: list[Student] = []
    changed_rows: list[Student] = []
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
            entered.append(student)
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
        changed_rows.append(student)
    for action, rows in (("input", entered), ("change", changed_rows)):
        if rows:
            personal_data_access_record(
                request_or_actor=request if request is not None else actor,
                students=rows,
                action=action,
                purpose=AccessPurpose.RECORDS,
            )
    return ImportResult(created, updated, unchanged)
