"""Import of graduates' status on 1 April for one school (xlsx or CSV).

Columns (Korean or English headers, any order; title rows above are fine):
졸업연도 (graduation year), 반, 번호, 성명, 상태 (취업, 진학, 입대, 제외, 미취업),
제외사유 (required for 제외), 비고. The student is the school's grade-3 record
of the school year before graduation with that class and number; the name must
match. Atomic: every bad row is listed and then nothing is saved.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mujigae.core.exceptions import ApplicationError
from mujigae.outcomes import services
from mujigae.outcomes.models import GraduateStatus
from mujigae.students.imports import (
    ImportRejected,
    RowError,
    _int,
    read_table,
    refuse_resident_numbers,
)
from mujigae.students.models import Student

MAX_ROWS = 5_000
HEADERS = {
    "year": ("졸업연도", "졸업년도", "graduation year"),
    "class_no": ("반", "class"),
    "number": ("번호", "number"),
    "name": ("성명", "이름", "name"),
    "status": ("상태", "진로", "status"),
    "reason": ("제외사유", "사유", "reason"),
    "note": ("비고", "note"),
}
REQUIRED = ("year", "class_no", "number", "name", "status")
STATUS_WORDS = {
    "취업": GraduateStatus.EMPLOYED,
    "employed": GraduateStatus.EMPLOYED,
    "진학": GraduateStatus.FURTHER_STUDY,
    "further study": GraduateStatus.FURTHER_STUDY,
    "입대": GraduateStatus.MILITARY,
    "military": GraduateStatus.MILITARY,
    "제외": GraduateStatus.EXCLUDED,
    "제외인정": GraduateStatus.EXCLUDED,
    "제외인정자": GraduateStatus.EXCLUDED,
    "excluded": GraduateStatus.EXCLUDED,
    "미취업": GraduateStatus.NOT_EMPLOYED,
    "not employed": GraduateStatus.NOT_EMPLOYED,
}
TEMPLATE_HEADERS = ["졸업연도", "반", "번호", "성명", "상태", "제외사유", "비고"]


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


_INDEX = {_norm(a).replace(" ", ""): key for key, aliases in HEADERS.items() for a in aliases}


def _column_label(key: str) -> str:
    return HEADERS[key][0]


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows[:30]):
        found = {}
        for j, cell in enumerate(row):
            key = _INDEX.get(_norm(cell).replace(" ", ""))
            if key and key not in found:
                found[key] = j
        if all(k in found for k in REQUIRED):
            return i, found
    return None


def _parse_row(number: int, values: dict[str, Any]) -> tuple[list[RowError], tuple | None]:
    """The row's errors, or its (year, class, number, status, reason, note)."""
    year = _int(values["year"])
    class_no, seat = _int(values["class_no"]), _int(values["number"])
    reason = str(values["reason"] or "").strip()
    status = STATUS_WORDS.get(_norm(values["status"]))
    errors = []
    if year is None or not 2000 <= year <= 2100:
        errors.append(RowError(number, _column_label("year"), _("Write the year, e.g. 2025.")))
    if class_no is None:
        errors.append(RowError(number, _column_label("class_no"), _("Write the class number.")))
    if seat is None:
        errors.append(RowError(number, _column_label("number"), _("Write the number.")))
    if status is None:
        message = _("Write one of 취업, 진학, 입대, 제외, 미취업.")
        errors.append(RowError(number, _column_label("status"), message))
    elif status == GraduateStatus.EXCLUDED and not reason:
        message = _("Write why the graduate is excluded.")
        errors.append(RowError(number, _column_label("reason"), message))
    if errors:
        return errors, None
    return [], (year, class_no, seat, status, reason, str(values["note"] or "").strip())


def _match_student(
    school: Any, year: int, class_no: int, seat: int, full_name: str
) -> tuple[Student | None, tuple[str, str] | None]:
    """The third-grader of the year before graduation in that seat, if the name matches."""
    student = Student.objects.filter(
        school=school, school_year=year - 1, grade=3, class_no=class_no, number=seat
    ).first()
    if student is None:
        return None, (
            _column_label("number"),
            _("No third-year student %(c)s-%(n)s of the school year %(y)s.")
            % {"c": class_no, "n": seat, "y": year - 1},
        )
    if student.name != full_name:
        return None, (
            _column_label("name"),
            _("The name does not match the student of this class and number."),
        )
    return student, None


def import_outcomes(*, actor: Any, school: Any, name: str, content: bytes) -> int:
    """Validate every row first; save all of them in one transaction, or none."""
    rows = read_table(name, content)
    refuse_resident_numbers(rows)
    header = _find_header(rows)
    if header is None:
        raise ApplicationError(
            _("No header row found: the file needs the columns 졸업연도, 반, 번호, 성명 and 상태."),
            status=422,
        )
    start, cols = header
    body = [
        (start + 2 + i, r)
        for i, r in enumerate(rows[start + 1 :])
        if any(c is not None and str(c).strip() for c in r)
    ]
    if len(body) > MAX_ROWS:
        raise ApplicationError(
            _("The file has too many rows (at most %(n)s).") % {"n": MAX_ROWS}, status=422
        )
    errors: list[RowError] = []
    planned: list[tuple[Student, str, str, str]] = []
    seen: dict[int, int] = {}

    def cell(row: list[Any], key: str) -> Any:
        j = cols.get(key)
        return row[j] if j is not None and j < len(row) else None

    for number, row in body:
        values = {key: cell(row, key) for key in HEADERS}
        row_errors, parsed = _parse_row(number, values)
        if parsed is None:
            errors.extend(row_errors)
            continue
        year, class_no, seat, status, reason, note = parsed
        student, problem = _match_student(
            school, year, class_no, seat, str(values["name"] or "").strip()
        )
        if student is not None and student.pk in seen:
            problem = (
                _column_label("number"),
                _("The same student is already in row %(row)s.") % {"row": seen[student.pk]},
            )
        if problem is not None:
            errors.append(RowError(number, *problem))
            continue
        seen[student.pk] = number
        planned.append((student, status, reason, note))
    if errors:
        raise ImportRejected(errors)
    if not planned:
        raise ApplicationError(_("The file has no rows to import."), status=422)
    with transaction.atomic():
        for student, status, reason, note in planned:
            services.graduate_record_save(
                actor=actor, student=student, status=status, exclusion_reason=reason, note=note
            )
    return len(planned)
