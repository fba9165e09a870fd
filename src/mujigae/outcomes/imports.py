"""Import of graduates' status on 1 April for one school (xlsx or CSV).

Columns (Korean or English headers, any order; title rows above are fine):
졸업연도 (graduation year), 반, 번호, 성명, 상태 (취업, 진학, 입대, 제외, 미취업),
제외사유 (required for 제외), 비고. The student is the school's grade-3 record
of the school year before graduation with that class and number; the name must
match. Atomic: every bad row is listed and then nothing is saved. The file is
read by the shared pipeline (`core/imports.py`, docs/imports.md).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mujigae.core.imports import (
    Columns,
    ImportRejected,
    Problems,
    Row,
    RowError,
    cell_text,
    find_header,
    open_workbook,
    parse_int,
)
from mujigae.outcomes import services
from mujigae.outcomes.models import GraduateStatus
from mujigae.students.models import Student

__all__ = ["ImportRejected", "RowError", "import_outcomes"]

HEADERS = {
    "year": ("졸업연도", "졸업년도", "graduation year"),
    "class_no": ("반", "class"),
    "number": ("번호", "number"),
    "name": ("성명", "이름", "name"),
    "status": ("상태", "진로", "status"),
    "reason": ("제외사유", "사유", "reason"),
    "note": ("비고", "note"),
}
COLUMNS = Columns({key: (names[0], names) for key, names in HEADERS.items()})
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


def _column_label(key: str) -> str:
    return COLUMNS.label(key)


def _parse_row(row: Row, values: dict[str, Any]) -> tuple[list[tuple[str, str]], tuple | None]:
    """The row's problems as (column, reason), or its (year, class, number,
    status, reason, note)."""
    year = parse_int(values["year"])
    class_no, seat = parse_int(values["class_no"]), parse_int(values["number"])
    reason = cell_text(values["reason"])
    status = STATUS_WORDS.get(" ".join(cell_text(values["status"]).lower().split()))
    errors = []
    if year is None or not 2000 <= year <= 2100:
        errors.append((_column_label("year"), _("Write the year, e.g. 2025.")))
    if class_no is None:
        errors.append((_column_label("class_no"), _("Write the class number.")))
    if seat is None:
        errors.append((_column_label("number"), _("Write the number.")))
    if status is None:
        errors.append((_column_label("status"), _("Write one of 취업, 진학, 입대, 제외, 미취업.")))
    elif status == GraduateStatus.EXCLUDED and not reason:
        errors.append((_column_label("reason"), _("Write why the graduate is excluded.")))
    if errors:
        return errors, None
    return [], (year, class_no, seat, status, reason, cell_text(values["note"]))


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
    with open_workbook(name, content) as book:
        planned, problems = _check(school, book.first_sheet())
    problems.raise_if_any()
    if not planned:
        raise ImportRejected(_("The file has no rows to import."))
    with transaction.atomic():
        for student, status, reason, note in planned:
            services.graduate_record_save(
                actor=actor, student=student, status=status, exclusion_reason=reason, note=note
            )
    return len(planned)


def _check(school: Any, sheet: Any) -> tuple[list[tuple[Student, str, str, str]], Problems]:
    rows = iter(sheet)
    header = find_header(rows, COLUMNS, lambda found: all(k in found for k in REQUIRED))
    if header is None:
        raise ImportRejected(
            _("No header row found: the file needs the columns 졸업연도, 반, 번호, 성명 and 상태.")
        )
    _above, _header, cols = header
    problems = Problems()
    planned: list[tuple[Student, str, str, str]] = []
    seen: dict[int, int] = {}
    for row in rows:
        values = {key: row.get(cols.get(key)) for key in HEADERS}
        row_errors, parsed = _parse_row(row, values)
        if parsed is None:
            for column, reason in row_errors:
                problems.add(row, column, reason)
            continue
        year, class_no, seat, status, reason, note = parsed
        student, problem = _match_student(school, year, class_no, seat, cell_text(values["name"]))
        if student is not None and student.pk in seen:
            problem = (
                _column_label("number"),
                _("The same student is already in row %(row)s.") % {"row": seen[student.pk]},
            )
        if problem is not None:
            problems.add(row, *problem)
            continue
        seen[student.pk] = row.number
        planned.append((student, status, reason, note))
    return planned, problems
