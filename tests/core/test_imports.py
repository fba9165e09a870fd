"""The one import pipeline (core/imports.py, docs/imports.md): formats, cleaning,
resident registration numbers, limits, hostile files with their memory measured,
and the four upload pages answering a bad file with a Korean 4xx and the error
table, writing nothing."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook as OpenpyxlWorkbook

from mujigae.core import imports
from mujigae.core.imports import (
    Columns,
    ImportRejected,
    Limits,
    Problems,
    clean_text,
    find_header,
    looks_like_rrn,
    open_workbook,
    parse_date,
    parse_int,
)

MB = 1024 * 1024
# The bound docs/imports.md states: reading any file, however hostile, holds at
# most this much memory beyond the uploaded bytes themselves (default limits).
MEMORY_BOUND = 64 * MB


@pytest.fixture(autouse=True)
def korean():
    with translation.override("ko"):
        yield


def read_all(name: str, content: bytes, limits: Limits | None = None) -> list[list]:
    """Every row of every visible sheet, as (sheet, number, cells)."""
    out = []
    with open_workbook(name, content, limits=limits) as book:
        for sheet in book.sheets():
            out.extend((r.sheet, r.number, list(r.cells)) for r in sheet)
    return out


def refused(name: str, content: bytes, limits: Limits | None = None) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        read_all(name, content, limits)
    return info.value


def peak_memory(fn) -> int:
    """Bytes allocated at the peak while `fn` runs (its inputs are built before)."""
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def xlsx(*sheets, hidden=(), merges=()) -> bytes:
    """A workbook: each sheet a list of rows; `hidden` sheet indexes; `merges`
    (sheet index, "A1:B2")."""
    wb = OpenpyxlWorkbook()
    wb.remove(wb.active)
    for i, rows in enumerate(sheets):
        ws = wb.create_sheet(f"시트{i + 1}")
        for row in rows:
            ws.append(row)
        if i in hidden:
            ws.sheet_state = "hidden"
    for i, ref in merges:
        wb.worksheets[i].merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    return "\r\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding)


# --------------------------------------------------------------------------
# formats


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_csv_in_every_korean_encoding_reads_the_same(encoding):
    rows = [["성명", "학과"], ["홍길동", "로봇제어과"], ["김영희", "전자과"]]
    content = csv_bytes(rows, encoding)
    if encoding == "utf-8-sig":
        assert content.startswith(codecs.BOM_UTF8)
    assert [cells for _s, _n, cells in read_all("a.csv", content)] == rows


def test_cp949_only_characters_are_read():
    # 똠, 햏 and 뷁 are in CP949 but not in EUC-KR: Korean Excel writes them
    content = csv_bytes([["성명"], ["똠햏뷁"]], "cp949")
    assert read_all("a.csv", content)[1][2] == ["똠햏뷁"]


def test_a_csv_in_another_encoding_is_refused_in_korean():
    error = refused("a.csv", csv_bytes([["성명"], ["홍길동"]], "utf-16"))
    assert error.status == 400 and "인코딩" in error.message


def test_quoted_cells_with_commas_and_line_breaks():
    content = '성명,비고\r\n홍길동,"줄1\r\n줄2, 쉼표"\r\n'.encode()
    assert read_all("a.csv", content)[1] == ("", 2, ["홍길동", "줄1\n줄2, 쉼표"])


def test_xlsx_title_rows_above_the_header_and_row_numbers_as_excel_shows_them():
    content = xlsx(
        [
            ["2025학년도 3학년 1반 명렬표"],
            [],
            ["번호", "성명", "생년월일"],
            [1, "홍길동", dt.datetime(2008, 3, 5)],
        ]
    )
    columns = Columns(
        {
            "number": ("번호", {"번호"}),
            "name": ("성명", {"성명"}),
            "birth": ("생년월일", {"생년월일"}),
        }
    )
    with open_workbook("a.xlsx", content) as book:
        rows = iter(book.first_sheet())
        above, header, index = find_header(rows, columns, lambda found: "name" in found)
        body = list(rows)
    assert [r.number for r in above] == [1] and header.number == 3
    assert index == {"number": 0, "name": 1, "birth": 2}
    assert body[0].number == 4 and body[0].get(index["birth"]) == dt.datetime(2008, 3, 5)


def test_merged_header_cells_and_merged_body_cells_count_for_every_cell_they_cover():
    rows = [
        ["학적", None, "인적 사항", None],  # C1:D1 merged over two columns
        ["학년", "반", "성명", "이름(영문)"],
        [3, 1, "홍길동", "Hong"],
        [None, None, "김영희", "Kim"],  # 학년 and 반 merged down the class
    ]
    content = xlsx(rows, merges=[(0, "A1:B1"), (0, "C1:D1"), (0, "A3:A4"), (0, "B3:B4")])
    got = read_all("a.xlsx", content)
    assert got[0][2] == ["학적", "학적", "인적 사항", "인적 사항"]
    assert got[3][2] == [3, 1, "김영희", "Kim"]


def test_a_header_merged_down_over_two_header_rows_is_found_on_the_second():
    rows = [["번호", "인적 사항", None], [None, "성명", "생년월일"], [1, "홍길동", "2008.03.05"]]
    content = xlsx(rows, merges=[(0, "A1:A2"), (0, "B1:C1")])
    columns = Columns({k: (k, {k}) for k in ("번호", "성명", "생년월일")})
    with open_workbook("a.xlsx", content) as book:
        found = find_header(iter(book.first_sheet()), columns, lambda f: len(f) == 3)
    assert found is not None and found[1].number == 2
    assert found[2] == {"번호": 0, "성명": 1, "생년월일": 2}


def test_excel_serial_dates_and_date_cells():
    want = dt.date(2008, 3, 5)
    assert parse_date(39512) == want  # a date cell formatted as General
    assert parse_date(39512.0) == want
    assert parse_date("39512") == want  # …then saved as CSV
    assert parse_date(dt.datetime(2008, 3, 5)) == want
    for text in ("2008.03.05", "2008. 3. 5.", "2008-03-05", "2008/3/5", "2008년 3월 5일"):
        assert parse_date(text) == want, text
    assert parse_date("20080305") == want and parse_date(20080305) == want
    assert parse_date("2025.02.30") is None and parse_date("어제") is None
    # through a workbook: a date cell arrives as a date, a serial as a number
    content = xlsx([["날짜", "일련번호"], [dt.datetime(2008, 3, 5), 39512]])
    row = read_all("a.xlsx", content)[1][2]
    assert [parse_date(v) for v in row] == [want, want]


def test_numbers_stored_as_text_and_codes_stored_as_numbers():
    for text, want in [
        ("1,200", 1200),
        ("003", 3),
        ("３", 3),
        ("12.0", 12),
        ("20명", 20),
        ("3학년", 3),
        (" 7 ", 7),
    ]:
        assert parse_int(text) == want, text
    for bad in ("1.5", "삼", "", None, "1,20", True):
        assert parse_int(bad) is None, bad
    content = xlsx([["코드", "인원", "분류"], ["0012", "1,200", 3.0]])
    row = read_all("a.xlsx", content)[1][2]
    assert row == ["0012", "1,200", 3]  # the text keeps its zeros; 3.0 is the whole 3
    assert imports.cell_text(row[2]) == "3" and parse_int(row[1]) == 1200


def test_hidden_sheets_are_ignored_even_when_they_hold_a_resident_number():
    content = xlsx(
        [["성명"], ["홍길동"]],
        [["주민등록번호"], ["080305-3123456"]],
        [["성명"], ["김영희"]],
        hidden={1},
    )
    rows = read_all("a.xlsx", content)
    assert {sheet for sheet, _n, _c in rows} == {"시트1", "시트3"}
    assert ["김영희"] in [cells for _s, _n, cells in rows]


def test_a_workbook_with_every_sheet_hidden_is_refused():
    # openpyxl will not save such a workbook; Excel will (with the window hidden)
    members = []
    for name, data, crc, size in _members(xlsx([["성명"], ["홍길동"]])):
        if name == "xl/workbook.xml":
            xml = zlib.decompress(data, -15).replace(b'state="visible"', b'state="hidden"')
            data, crc, size = _deflate(xml), zlib.crc32(xml), len(xml)
        members.append((name, data, crc, size))
    error = refused("a.xlsx", zip_bytes(members))
    assert error.status == 422 and "숨기기" in error.message


def test_a_one_sheet_workbook_and_a_csv_name_no_sheet_in_errors():
    assert read_all("a.xlsx", xlsx([["성명"]]))[0][0] == ""
    assert read_all("a.csv", b"a,b\n")[0][0] == ""


@pytest.mark.parametrize(
    "name, content",
    [
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ("list.xls", b"<html>Excel 2003 XML</html>"),
        ("list.xlsb", b"anything"),
    ],
)
def test_old_excel_files_are_refused_saying_what_to_do(name, content):
    error = refused(name, content)
    assert error.status == 400
    assert ".xls" in error.message and ".xlsx" in error.message and "CSV" in error.message


def test_a_password_protected_xlsx_says_so():
    error = refused("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert error.status == 400 and "암호" in error.message


# --------------------------------------------------------------------------
# cleaning


def test_full_width_characters_and_odd_spaces_become_plain():
    assert clean_text("　ＡＢＣ１２３－４５\u00a0(주)\u3000") == "ABC123-45 (주)"
    assert clean_text("  홍길동  ") == "홍길동"
    assert clean_text("0１0-１２３４-５６７８") == "010-1234-5678"


def test_control_characters_are_dropped_but_newline_and_tab_kept():
    assert clean_text("a\x00b\x07c\x1bd\x7fe\u200bf") == "abcdef"
    assert clean_text("첫 줄\r\n둘째\t줄\r셋째") == "첫 줄\n둘째\t줄\n셋째"


def test_hangul_and_korean_symbols_are_untouched():
    syllables = "".join(chr(c) for c in range(0xAC00, 0xD7A4))  # all 11,172
    jamo = "".join(chr(c) for c in range(0x3131, 0x318F))  # ㄱ … ㆎ (NFKC would change these)
    half_width = "".join(chr(c) for c in range(0xFFA0, 0xFFDD))  # ﾡ … (NFKC would too)
    symbols = "㈜①Ⅱ㎡℃№"
    for text in (syllables, jamo, half_width, symbols):
        assert clean_text(text) == text.strip()


def test_cells_are_cleaned_and_an_empty_one_is_none():
    content = xlsx([["  ＡＢＣ　", "   ", "\u200b"], ["홍길동"]])
    assert read_all("a.xlsx", content)[0][2] == ["ABC"]  # trailing empty cells dropped
    content = "ＡＢＣ,\x07벨\x1b,  ,\r\n".encode()
    assert read_all("a.csv", content)[0][2] == ["ABC", "벨"]


# --------------------------------------------------------------------------
# errors


def test_problems_keep_a_thousand_rows_and_count_them_all():
    problems = Problems()
    for n in range(2, 2_502):
        problems.add(n, "성명", "이 칸이 비어 있습니다.", sheet="1반")
    error = problems.rejected()
    assert len(error.errors) == imports.MAX_ERRORS_KEPT and error.total == 2_500
    assert error.errors[0] == imports.RowError("1반", 2, "성명", "이 칸이 비어 있습니다.")
    assert (
        error.status == 422 and "2,500" in error.message and "가져오지 않았습니다" in error.message
    )


# --------------------------------------------------------------------------
# resident registration numbers


@pytest.mark.parametrize(
    "text",
    [
        "080305-3123456",
        "0803053123456",
        "080305 3123456",
        "080305 - 3123456",
        "080305–3123456",  # an en dash from a word processor
        "０８０３０５－３１２３４５６",  # full width
        "주민번호: 950101-1234567 (확인용)",
        "050305-4123456",
        "990101-5123456",  # a foreign resident (5–8)
    ],
)
def test_a_resident_number_in_any_written_form_is_found(text):
    assert looks_like_rrn(text)


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",  # a mobile number
        "01012345678",
        "02-1234-5678",
        "123-45-67890",  # a business registration number
        "1234567890",
        "2008-03-05",  # dates
        "20080305",
        "2025.03.04 14:00",
        "081305-3123456",  # month 13: not a date of birth
        "080230-3123456",  # 30 February
        "080305-9123456",  # 9 is no 7th digit
        "20250305123456",  # a 14-digit timestamp
        "110-123-456789",  # an account number
        "1234-5678-9012-3456",  # a card number
        "주민센터 봉사",
    ],
)
def test_numbers_that_only_look_similar_are_not_resident_numbers(text):
    assert not looks_like_rrn(text)


@pytest.mark.parametrize(
    "rows",
    [
        [["성명", "주민등록번호"], ["홍길동", ""]],  # a header, empty column
        [["성명", "주민 등록 번호"], ["홍길동", "x"]],
        [["성명", "RRN"], ["홍길동", "x"]],
        [["성명", "외국인등록번호"], ["홍길동", "x"]],
        [["성명", "비고"], ["홍길동", "080305-3123456"]],  # a value, with the dash
        [["성명", "비고"], ["홍길동", "0803053123456"]],  # without
        [["성명", "앞자리", "뒷자리"], ["홍길동", "080305", "3123456"]],  # split in two cells
    ],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_resident_number_anywhere_refuses_the_file_without_echoing_it(rows, kind):
    content = csv_bytes(rows) if kind == "csv" else xlsx(rows)
    error = refused(f"a.{kind}", content)
    assert error.status == 422 and "주민등록번호" in error.message
    assert not error.errors
    for digits in ("080305", "3123456", "0803053123456"):
        assert digits not in error.message


def test_a_resident_number_excel_stored_as_a_number_is_found():
    # 13 digits, and 12 when Excel dropped the leading 0 of a 2000s birth year
    for number in (8003053123456, 503054123456):
        error = refused("a.xlsx", xlsx([["성명", "번호"], ["홍길동", number]]))
        assert "주민등록번호" in error.message and str(number) not in error.message
    # as Excel writes a large number in the XML: 8.003053123456E12
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><v>8.003053123456E12</v></c></row></sheetData>'
        b"</worksheet>"
    )
    assert "주민등록번호" in refused("a.xlsx", xlsx_with_sheet_xml(sheet)).message


def test_the_refusal_names_where_the_number_is():
    error = refused("a.csv", csv_bytes([["성명", "비고"], ["홍길동", "080305-3123456"]]))
    assert "2행 B열" in error.message
    content = xlsx([["성명"], ["홍길동"]], [["비고"], ["x"], ["080305-3123456"]])
    assert "시트 시트2, 3행 A열" in refused("a.xlsx", content).message


def test_a_resident_number_below_what_the_importer_read_still_refuses_the_file():
    content = xlsx([["성명"], ["홍길동"]], [["비고"], ["080305-3123456"]])
    with pytest.raises(ImportRejected) as info, open_workbook("a.xlsx", content) as book:
        next(iter(book.first_sheet()))  # the importer reads one row of sheet 1
    assert "주민등록번호" in info.value.message


def test_a_resident_number_in_the_file_name_or_a_sheet_name_refuses_it():
    assert "파일 이름" in refused("홍길동_080305-3123456.csv", b"a\n1\n").message
    wb = OpenpyxlWorkbook()
    wb.active.title = "0803053123456"
    buf = io.BytesIO()
    wb.save(buf)
    error = refused("a.xlsx", buf.getvalue())
    assert "주민등록번호" in error.message and "0803053123456" not in error.message


# --------------------------------------------------------------------------
# limits (settings, read through the strict parsers of settings.py)


def test_limits_come_from_settings(settings):
    settings.MUJIGAE_IMPORT_MAX_BYTES = 1000
    settings.MUJIGAE_IMPORT_MAX_ROWS = 3
    settings.MUJIGAE_IMPORT_MAX_COLUMNS = 4
    error = refused("a.csv", b"a\n" * 600)
    assert error.status == 413 and "최대 1KB" in error.message
    error = refused("a.csv", b"a\n" * 4)
    assert error.status == 413 and "최대 3행" in error.message
    error = refused("a.csv", b"a,b,c,d,e\n")
    assert error.status == 413 and "5개" in error.message and "최대 4개" in error.message
    assert read_all("a.csv", b"a,b,c,d,,,,\n")[0][2] == ["a", "b", "c", "d"]


def test_a_bad_setting_stops_the_server(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from mujigae.settings import env_int

    monkeypatch.setenv("MUJIGAE_IMPORT_MAX_BYTES", "5MB")
    with pytest.raises(ImproperlyConfigured):
        env_int("MUJIGAE_IMPORT_MAX_BYTES", 1)


# --------------------------------------------------------------------------
# hostile files: a Korean 4xx, never a 500, in bounded memory


@pytest.mark.parametrize(
    "name, content",
    [("a.csv", b""), ("a.csv", codecs.BOM_UTF8 + b" \r\n"), ("a.xlsx", b""), ("a", b"\n")],
)
def test_an_empty_file(name, content):
    error = refused(name, content)
    assert error.status == 400 and "비어" in error.message


def test_a_pdf_renamed_xlsx_and_other_files():
    error = refused("a.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert error.status == 400 and ".xlsx" in error.message and "PDF" in error.message
    assert refused("a.pdf", b"%PDF-1.4").status == 400
    assert refused("a.xlsx", b"PK\x03\x04 not really a zip").status == 400
    assert refused("a.csv", b"%PDF-1.4\x00\x01binary").status == 400


def _deflate_segment(block: bytes) -> bytes:
    """Deflate data for `block` that can be repeated: it neither refers back
    to what came before it nor ends the stream."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)


_END_OF_DEFLATE = zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def zip_bytes(entries) -> bytes:
    """A zip from (name, raw deflate data, crc, declared size) — sizes need
    not be honest, which zipfile cannot write."""
    out = io.BytesIO()
    directory = []
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
            )
        )
        out.write(encoded + data)
        directory.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in directory:
        out.write(record)
    size = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), size, start, 0)
    )
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _members(content: bytes) -> list[tuple[str, bytes, int, int]]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        out = []
        for info in z.infolist():
            raw = z.read(info.filename)
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            out.append((info.filename, c.compress(raw) + c.flush(), zlib.crc32(raw), len(raw)))
        return out


def xlsx_with_sheet_xml(sheet: bytes) -> bytes:
    """A real workbook whose first sheet's XML is `sheet`."""
    members = _members(xlsx([["x"]]))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = c.compress(sheet) + c.flush()
    return zip_bytes(
        [
            (n, packed, zlib.crc32(sheet), len(sheet))
            if n == "xl/worksheets/sheet1.xml"
            else (n, d, crc, s)
            for n, d, crc, s in members
        ]
    )


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """An honest xlsx of ~2 MB whose sheet XML inflates to 2 GiB (declared so)."""
    block = b" " * (16 * MB)
    repeats = 128
    segment = _deflate_segment(block)
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    members = _members(xlsx([["x"]]))
    return zip_bytes(
        [
            (n, segment * repeats + _END_OF_DEFLATE, crc, len(block) * repeats)
            if n == "xl/worksheets/sheet1.xml"
            else (n, d, c, s)
            for n, d, c, s in members
        ]
    )


def test_an_xlsx_that_inflates_to_gigabytes_is_refused_before_parsing(zip_bomb):
    assert len(zip_bomb) < 5 * MB
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 2 * 1024 * MB
    errors = []

    def read():
        with pytest.raises(ImportRejected) as info:
            read_all("bomb.xlsx", zip_bomb)
        errors.append(info.value)

    peak = peak_memory(read)
    assert errors[0].status == 413 and "압축을 풀면" in errors[0].message
    assert peak < MEMORY_BOUND, peak


def test_an_xlsx_that_lies_about_its_size_is_read_only_as_far_as_it_says(settings):
    """Declared 1 KB, inflates to 256 MB: zipfile stops at the declared size."""
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    repeats = 4096
    segment = _deflate_segment(row)
    members = _members(xlsx([["x"]]))
    liar = zip_bytes(
        [
            (n, segment * repeats + _END_OF_DEFLATE, 0, 1024)
            if n == "xl/worksheets/sheet1.xml"
            else (n, d, c, s)
            for n, d, c, s in members
        ]
    )
    errors = []

    def read():
        with pytest.raises(ImportRejected) as info:
            read_all("liar.xlsx", liar)
        errors.append(info.value)

    peak = peak_memory(read)
    assert errors[0].status == 400
    assert peak < MEMORY_BOUND, peak


def test_ten_thousand_columns(settings):
    content = csv_bytes([["a"] * 10_000])
    error = refused("wide.csv", content)
    assert error.status == 413 and "10,000" in error.message
    wide = xlsx([[f"c{i}" for i in range(10_000)]])
    errors = []

    def read():
        with pytest.raises(ImportRejected) as info:
            read_all("wide.xlsx", wide)
        errors.append(info.value)

    peak = peak_memory(read)
    assert errors[0].status == 413 and "10,000" in errors[0].message
    assert peak < MEMORY_BOUND, peak


def test_a_row_with_more_cells_than_excel_allows_is_refused_before_parsing():
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(20_000))
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )
    error = refused("a.xlsx", xlsx_with_sheet_xml(sheet))
    assert error.status == 413 and "16,384" in error.message


def test_hundreds_of_thousands_of_empty_rows_are_not_walked_through():
    rows = b"".join(b'<row r="%d"/>' % i for i in range(1, 300_001))
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    content = xlsx_with_sheet_xml(sheet)
    errors = []

    def read():
        with pytest.raises(ImportRejected) as info:
            read_all("a.xlsx", content)
        errors.append(info.value)

    peak = peak_memory(read)
    assert errors[0].status == 413 and "65,536" in errors[0].message
    assert peak < MEMORY_BOUND, peak


def _hangul_noise(n: int, seed: int = 12345) -> bytes:
    """n syllables that do not compress much (a zip would refuse a part that does)."""
    x, out = seed, []
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2**31
        out.append(chr(0xAC00 + x % 11172))
    return "".join(out).encode()


def test_megabytes_of_text_in_one_cell_are_refused_before_parsing():
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + _hangul_noise(400_000)
        + b"</t></is></c></row></sheetData></worksheet>"
    )
    error = refused("a.xlsx", xlsx_with_sheet_xml(sheet))
    assert error.status == 413 and "글자" in error.message


def test_a_zip_of_thousands_of_parts_is_refused_before_zipfile_lists_them():
    parts = [(f"xl/media/{i:05d}.bin", b"\x03\x00", 0, 0) for i in range(5_000)]
    error = refused("a.xlsx", zip_bytes(_members(xlsx([["x"]])) + parts))
    assert error.status == 413


def test_shared_strings_larger_than_their_share_are_refused(settings):
    """openpyxl loads the shared strings whole (about 8 times their size in
    memory), so they get a sixteenth of the unzipped limit."""
    settings.MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES = 16 * MB  # parts read whole: 1 MB
    strings = b"".join(b"<si><t>" + _hangul_noise(20, seed=i) + b"</t></si>" for i in range(30_000))
    table = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + strings
        + b"</sst>"
    )
    assert len(table) > 1 * MB
    members = _members(xlsx([["x"]]))
    members.append(("xl/sharedStrings.xml", _deflate(table), zlib.crc32(table), len(table)))
    error = refused("a.xlsx", zip_bytes(members))
    assert error.status == 413 and "새 통합 문서" in error.message


def _with_shared_strings(table: bytes) -> bytes:
    members = []
    for name, data, crc, size in _members(xlsx([["x"]])):
        if name == "[Content_Types].xml":
            xml = zlib.decompress(data, -15).replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
            data, crc, size = _deflate(xml), zlib.crc32(xml), len(xml)
        members.append((name, data, crc, size))
    members.append(("xl/sharedStrings.xml", _deflate(table), zlib.crc32(table), len(table)))
    return zip_bytes(members)


def test_shared_strings_at_their_share_stay_in_bounds(settings):
    """The worst a file within the limits can do: shared strings (read whole)
    just under their cap, all one syllable long — the most Python objects per
    byte. Scaled down (a 256 KB cap) to keep the test quick; the factor it
    checks (10×) puts the default 4 MB cap under 40 MB (docs/imports.md)."""
    settings.MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES = 4 * MB  # parts read whole: 256 KB
    cap = 256 * 1024
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings, size, i = [], len(head) + 40_000, 0  # the other parts read whole: ~20 KB
    while size < cap:
        item = b"<si><t>" + chr(0xAC00 + i % 11172).encode() + b"</t></si>"
        strings.append(item)
        size += len(item)
        i += 1
    content = _with_shared_strings(head + b"".join(strings) + b"</sst>")
    rows = []
    peak = peak_memory(lambda: rows.extend(read_all("a.xlsx", content)))
    assert rows == [("", 1, ["x"])]
    assert peak < 10 * cap, peak


def test_a_csv_with_a_50_mb_line():
    line = b"a" * (50 * MB)
    error = refused("line.csv", line)  # the default limit refuses it by size
    assert error.status == 413 and "파일이 너무 큽니다" in error.message
    # and with a limit that lets it in (the NCS file's), the line limit does
    roomy = Limits.from_settings(max_bytes=64 * MB)
    errors = []

    def read():
        with pytest.raises(ImportRejected) as info:
            read_all("line.csv", line, roomy)
        errors.append(info.value)

    peak = peak_memory(read)
    assert errors[0].status == 413 and "262,144" in errors[0].message
    assert peak < MEMORY_BOUND, peak


def test_an_unclosed_quote_is_a_korean_400_not_a_runaway():
    content = b'a,b\n1,"' + b"x\n" * 200_000
    error = refused("a.csv", content)
    assert error.status == 400 and "따옴표" in error.message


def test_the_largest_file_the_default_limits_take_stays_in_bounds():
    """A 5 MB CSV, read through: the memory reading takes while streaming
    (an importer keeps what it needs of each row)."""
    row = "홍길동,로봇제어과,2008.03.05,010-1234-5678,비고 " + "가" * 300
    n = 5_000
    content = ("\n".join(f"{i},{row}" for i in range(n))).encode()
    assert len(content) <= 5 * MB
    counted = []

    def read():
        with open_workbook("big.csv", content) as book:
            counted.append(sum(1 for _row in book.first_sheet()))

    peak = peak_memory(read)
    assert counted == [n]
    assert peak < MEMORY_BOUND, peak


# --------------------------------------------------------------------------
# the four upload pages: one helper, one error table


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


PAGES = {
    # page: (role, extra form fields, a file with one bad row)
    "students:student_import": (
        "school",
        lambda w: {"school": w.school.pk, "school_year": 2025},
        csv_bytes([["번호", "성명", "생년월일", "학년", "반"], [1, "", "2008.03.05", 3, 1]]),
    ),
    "curriculum:cohort_import": (
        "coordinator",
        lambda w: {},
        csv_bytes([["과정명", "연도", "입학인원"], ["없는 과정", 2025, 10]]),
    ),
    "outcomes:graduate_import": (
        "school",
        lambda w: {"school": w.school.pk},
        csv_bytes([["졸업연도", "반", "번호", "성명", "상태"], [2025, 1, 1, "없는사람", "취업"]]),
    ),
    "competencies:taxonomy_import": (
        "coordinator",
        lambda w: {},
        None,  # built below from the NCS layout
    ),
}


def _nothing_written() -> None:
    from mujigae.competencies.models import CompetencyUnit, NcsImport
    from mujigae.curriculum.models import Cohort
    from mujigae.outcomes.models import GraduateRecord
    from mujigae.students.models import Student

    assert not Student.objects.exists()
    assert not Cohort.objects.exists()
    assert not GraduateRecord.objects.exists()
    assert not CompetencyUnit.objects.exists() and not NcsImport.objects.exists()


def _bad_file(page: str) -> bytes:
    content = PAGES[page][2]
    if content is None:
        from tests.competencies.ncs_files import good_rows, to_csv

        rows = good_rows()
        rows[0]["수준"] = "10"
        content = to_csv(rows)
    return content


@pytest.mark.parametrize("page", PAGES)
def test_every_import_page_answers_a_bad_file_with_the_error_table(page, world, client_for):
    role, fields, _content = PAGES[page]
    client = client_for(role)
    assert client.get(reverse(page)).status_code == 200
    data = {**fields(world), "file": _upload("bad.csv", _bad_file(page))}
    response = client.post(reverse(page), data)
    assert response.status_code == 422
    html = response.content.decode()
    table = html.split('data-testid="import-errors"')[1].split("</table>")[0]
    assert table.count('<td class="num">') == 1  # one bad row, with its row number
    assert "아무것도 저장하지 않았습니다" in html and "가져오지 않았습니다" in html
    _nothing_written()


@pytest.mark.parametrize("page", PAGES)
def test_every_import_page_refuses_a_resident_number_in_korean(page, world, client_for):
    role, fields, _content = PAGES[page]
    content = csv_bytes([["성명", "주민등록번호"], ["홍길동", "080305-3123456"]])
    data = {**fields(world), "file": _upload("rrn.csv", content)}
    response = client_for(role).post(reverse(page), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "주민등록번호" in html and "080305" not in html and "3123456" not in html
    _nothing_written()


@pytest.mark.parametrize("page", PAGES)
def test_every_import_page_refuses_a_30_mb_upload_with_a_korean_413(page, world, client_for):
    """The upload is cut at the limit (5 MB; the NCS page's is 100 MB, set
    lower here) and never held whole: measured around the request, the
    server side holds less than the bound beyond the request body itself."""
    from django.test.client import BOUNDARY, encode_multipart

    role, fields, _content = PAGES[page]
    client = client_for(role)
    body = encode_multipart(
        BOUNDARY, {**fields(world), "file": _upload("big.csv", b"a," * (15 * MB))}
    )
    responses = []

    def post():
        # the body is sent as it is (the client encodes only its own constant)
        content_type = "multipart/form-data; boundary=" + BOUNDARY
        responses.append(client.post(reverse(page), body, content_type=content_type))

    with _ncs_limit_mb(5):
        peak = peak_memory(post)
    response = responses[0]
    assert response.status_code == 413
    html = response.content.decode()
    assert "파일이 너무 큽니다(최대 5MB)" in html
    assert peak - len(body) < MEMORY_BOUND, peak  # the test client copies the body once
    _nothing_written()


class _ncs_limit_mb:
    def __init__(self, mb: int):
        self.mb = mb

    def __enter__(self):
        from django.test import override_settings

        self.override = override_settings(MUJIGAE_NCS_IMPORT_MAX_MB=self.mb)
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()


def test_a_too_large_form_post_is_a_korean_413_not_djangos_generic_page(world, client_for):
    """More form data than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): Django raises
    RequestDataTooBig; the page answers in Korean."""
    body = "school=1&note=" + "x" * (3 * MB)
    response = client_for("school").post(
        reverse("students:student_import"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "파일이 너무 큽니다" in response.content.decode()
    _nothing_written()


def test_too_many_form_fields_are_a_korean_400(world, client_for):
    body = "&".join(f"f{i}=1" for i in range(1_500))
    response = client_for("school").post(
        reverse("students:student_import"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "한 번에 하나씩" in response.content.decode()


def test_the_upload_page_still_checks_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["school"])
    content = csv_bytes(
        [["번호", "성명", "생년월일", "학년", "반"], [1, "홍길동", "2008.03.05", 3, 1]]
    )
    response = client.post(
        reverse("students:student_import"),
        {"school": world.school.pk, "school_year": 2025, "file": _upload("a.csv", content)},
    )
    assert response.status_code == 403
    _nothing_written()


def test_an_unreadable_file_is_shown_on_the_file_field_with_a_400(world, client_for):
    response = client_for("coordinator").post(
        reverse("curriculum:cohort_import"), {"file": _upload("a.xlsx", b"%PDF-1.4")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "엑셀 통합 문서(.xlsx)로 열 수 없습니다" in html
    assert 'data-testid="import-errors"' not in html  # no rows to list


def test_a_header_only_file_is_a_korean_422_on_every_importer(world, client_for):
    response = client_for("coordinator").post(
        reverse("curriculum:cohort_import"),
        {"file": _upload("a.csv", b"programme,year,enrolled\n")},
    )
    assert response.status_code == 422 and "데이터 행이 없습니다" in response.content.decode()
