"""Import of NEIS-style class lists: layout, encodings, dates, refusal, idempotence."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook

from mujigae.core.models import AuditEntry
from mujigae.students.imports import ImportRejected, import_students, parse_date
from mujigae.students.models import Student

HEADER = ["학년", "반", "번호", "성명", "생년월일", "성별", "학과", "연락처"]


def neis_xlsx(rows, *, header=HEADER, title=True, serial_dates=False) -> bytes:
    """A class list as NEIS exports it: title rows, a merged 학년/반 cell, dates."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["2025학년도 1학기 학생 명렬표"])
        ws.merge_cells("A1:H1")
        ws.append(["학교명: 시험고등학교", None, None, None, "출력일: 2025.03.04"])
        ws.append([])
    ws.append(header)
    first = ws.max_row + 1
    for row in rows:
        ws.append(row)
    if rows and title:
        # 학년 and 반 merged down the class, as NEIS prints them
        ws.merge_cells(f"A{first}:A{first + len(rows) - 1}")
        ws.merge_cells(f"B{first}:B{first + len(rows) - 1}")
    if serial_dates:
        for r in range(first, ws.max_row + 1):
            ws.cell(r, 5).number_format = "General"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(world, name, content, year=2025):
    return import_students(
        actor=world.users["school"],
        school=world.school,
        school_year=year,
        name=name,
        content=content,
    )


GOOD = [
    [3, 1, 1, "홍길동", "2008.03.05", "남", "로봇제어과", "010-1234-5678"],
    [None, None, 2, "김영희", 39512, "여", "로봇제어과", ""],  # Excel serial = 2008-03-05
    [None, None, 3, "남궁민수", "20080712", "남", "협동로봇과", "01098765432"],
]


def test_parse_date_formats():
    want = dt.date(2008, 3, 5)
    for value in ("2008.03.05", "2008. 3. 5.", "2008-03-05", "2008/3/5", "20080305", "080305"):
        assert parse_date(value) == want, value
    assert parse_date(39512) == want
    assert parse_date(20080305) == want
    assert parse_date(dt.datetime(2008, 3, 5, 0, 0)) == want
    assert parse_date("2008.02.30") is None
    assert parse_date("어제") is None


def test_good_neis_xlsx_with_title_rows_and_merged_cells(world):
    result = run(world, "명렬표.xlsx", neis_xlsx(GOOD, serial_dates=True))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    students = {s.number: s for s in Student.objects.filter(school=world.school)}
    assert students[2].grade == 3 and students[2].class_no == 1  # merged cells carried down
    assert students[2].birth_date == dt.date(2008, 3, 5)  # the Excel serial
    assert students[3].phone == "010-9876-5432"
    assert students[1].school_year == 2025 and students[1].district == world.district
    # the audit log holds no personal values
    entries = AuditEntry.objects.filter(object_type="students.Student")
    assert entries.count() == 3
    text = " ".join(f"{e.object_repr} {e.changes}" for e in entries)
    assert "홍길동" not in text and "2008" not in text and "5678" not in text


def test_reimport_updates_instead_of_duplicating(world):
    run(world, "a.xlsx", neis_xlsx(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][6] = "협동로봇과"  # department changed
    result = run(world, "a.xlsx", neis_xlsx(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Student.objects.filter(school=world.school).count() == 3
    assert Student.objects.get(school=world.school, number=1).major == "협동로봇과"


def test_every_bad_row_is_listed_and_nothing_is_saved(world):
    rows = [
        [3, 1, 1, "홍길동", "2008.03.05", "남", "", ""],
        [3, 1, 2, "", "2008.13.01", "남", "", "123"],  # no name, bad date, bad phone
        [4, 1, 3, "이철수", "2008.01.01", "남", "", ""],  # grade 4
        [3, 1, 1, "박민지", "2008.05.05", "여", "", ""],  # number 1 twice
        [3, "가", 5, "최유리", "1950.01.01", "여", "", ""],  # class, implausible birth
    ]
    with pytest.raises(ImportRejected) as exc:
        run(world, "bad.xlsx", neis_xlsx(rows, title=False))
    got = {(e.row, e.column) for e in exc.value.errors}
    assert got == {
        (3, "성명"),
        (3, "생년월일"),
        (3, "연락처"),
        (4, "학년"),
        (5, "번호"),
        (6, "반"),
        (6, "생년월일"),
    }
    reasons = " ".join(e.reason for e in exc.value.errors)
    assert "비어" in reasons  # Korean reasons
    assert Student.objects.count() == 0


def test_resident_registration_number_column_refuses_the_file(world):
    header = ["학년", "반", "번호", "성명", "주민등록번호", "생년월일"]
    rows = [[3, 1, 1, "홍길동", "080305-3123456", "2008.03.05"]]
    with pytest.raises(ImportRejected) as exc:
        run(world, "rrn.xlsx", neis_xlsx(rows, header=header, title=False))
    assert "주민등록번호" in exc.value.message
    assert Student.objects.count() == 0


def test_resident_number_hidden_in_a_date_column_refuses_the_file(world):
    rows = [HEADER, [3, 1, 1, "홍길동", "080305-3123456", "남", "", ""]]
    with pytest.raises(ImportRejected) as exc:
        run(world, "rrn.csv", csv_bytes(rows))
    assert "주민등록번호" in exc.value.message
    assert not Student.objects.exists()


@pytest.mark.parametrize("encoding", ["cp949", "utf-8-sig", "utf-8"])
def test_csv_in_korean_encodings(world, encoding):
    rows = [
        ["2025학년도 3학년 1반 명렬표"],
        [],
        ["번호", "성명", "생년월일", "학과"],
        [1, "홍길동", "2008.03.05", "로봇제어과"],
        [2, "김영희", "20080304", "로봇제어과"],
    ]
    result = run(world, "list.csv", csv_bytes(rows, encoding))
    assert result.created == 2
    s = Student.objects.get(number=1)
    assert (s.name, s.grade, s.class_no, s.major) == ("홍길동", 3, 1, "로봇제어과")


def test_file_without_a_header_is_refused_in_korean(world):
    with pytest.raises(ImportRejected) as exc:
        run(world, "x.csv", csv_bytes([["a", "b"], [1, 2]]))
    assert "머리글" in exc.value.errors[0].reason or "열" in exc.value.errors[0].reason


def test_other_mentions_of_주민_do_not_refuse_the_file(world):
    rows = [
        ["번호", "성명", "생년월일", "학년", "반", "비고"],
        [1, "홍길동", "2008.03.05", 3, 1, "주민센터 봉사"],
    ]
    assert run(world, "ok.csv", csv_bytes(rows)).created == 1


@pytest.mark.parametrize("header", ["주민번호", "주민 등록 번호", "RRN"])
def test_every_spelling_of_the_rrn_column_is_refused(world, header):
    rows = [
        ["번호", "성명", "생년월일", "학년", "반", header],
        [1, "홍길동", "2008.03.05", 3, 1, ""],
    ]
    with pytest.raises(ImportRejected):
        run(world, "rrn.csv", csv_bytes(rows))
