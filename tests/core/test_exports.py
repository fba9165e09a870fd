"""The one spreadsheet writer (core.exports): what it guarantees to every export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mujigae.core.exports import (
    FORMULA_STARTS,
    XlsxWriter,
    csv_response,
    neutralise,
    sheet_title,
    xlsx_response,
)
from tests.spreadsheets import assert_no_formula, body, csv_rows, workbook

ATTACKS = [
    '=HYPERLINK("http://evil.example","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",  # blanks first: some spreadsheets trim them
    "\u3000=1+1",  # a full-width space, as a Korean keyboard types it
    "\x07=1+1",  # a formula once the control character is removed
]


def _row(response) -> list:
    wb = workbook(response)
    return [(c.value, c.data_type) for c in next(wb.active.iter_rows(min_row=2, max_row=2))]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_text_is_neutralised_in_xlsx(text):
    wb = workbook(xlsx_response("시험.xlsx", "시트", ["값"], [[text]]))
    assert_no_formula(wb)
    cell = wb.active["A2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'")
    assert cell.value.lstrip("'").strip() == text.replace("\x07", "").strip()


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_text_is_neutralised_in_csv(text):
    rows = csv_rows(csv_response("시험.csv", ["값"], [[text]]))
    assert rows[1][0].startswith("'")
    assert not rows[1][0].startswith(tuple("=+-@"))


def test_numbers_dates_and_plain_text_keep_their_type():
    when = timezone.make_aware(dt.datetime(2025, 3, 1, 0, 30), dt.UTC)
    row = [-5, Decimal("-2.5"), 3.25, True, dt.date(2025, 8, 8), when, "홍길동", "#N/A", None]
    got = _row(xlsx_response("x.xlsx", "s", ["a"] * len(row), [row]))
    assert got[0] == (-5, "n")  # a negative number stays a number
    assert got[1] == (-2.5, "n")
    assert got[2] == (3.25, "n")
    assert got[3] == (True, "b")
    assert got[4][0] == dt.datetime(2025, 8, 8) and got[4][1] == "d"
    assert got[5][0] == dt.datetime(2025, 3, 1, 9, 30)  # Asia/Seoul, no offset
    assert got[6] == ("홍길동", "s")
    assert got[7] == ("#N/A", "s")  # openpyxl would make it an error cell
    rows = csv_rows(csv_response("x.csv", ["a"] * len(row), [row]))
    assert rows[1] == ["-5", "-2.5", "3.25", "True", "2025-08-08", "2025-03-01 09:30"] + [
        "홍길동",
        "#N/A",
        "",
    ]


def test_text_that_only_looks_like_a_number_is_neutralised_but_kept():
    # A phone number typed with a country code is text, not a formula to run.
    assert neutralise("+82-10-1234-5678") == "'+82-10-1234-5678"
    assert neutralise("가-나") == "가-나"
    assert neutralise("a=b") == "a=b"


def test_control_characters_never_break_a_download():
    every = "".join(chr(i) for i in range(32)) + "\x7f\x85\ud800\ufffe"
    row = [f"앞{every}뒤", every, gettext_lazy("Name")]
    wb = workbook(xlsx_response("x.xlsx", "s", [f"머리{every}"], [row]))
    for value in (c.value for c in wb.active["A"] + wb.active["B"] + wb.active["C"]):
        assert value is None or not ILLEGAL_CHARACTERS_RE.search(value)
    assert wb.active["A1"].value == "머리\t\n\n"
    assert wb.active["A2"].value == "앞\t\n\n뒤"  # tab and newlines stay, CR became LF
    assert wb.active["C2"].value in ("Name", "이름")
    rows = csv_rows(csv_response("x.csv", ["h"], [row]))
    assert rows[1][0] == "앞\t\n\n뒤"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(st.text(max_size=40))
def test_any_text_round_trips_as_text(text):
    wb = workbook(xlsx_response("x.xlsx", "s", ["h"], [[text, -1]]))
    assert_no_formula(wb)
    cell = wb.active["A2"]
    if cell.value is not None:
        assert cell.data_type == "s"
        assert not cell.value.startswith(FORMULA_STARTS)
    assert wb.active["B2"].value == -1


def test_file_names_are_rfc_5987_with_an_ascii_fallback():
    response = xlsx_response("학생 명단/2025\x07.xlsx", "s", ["h"], [], fallback="students.xlsx")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="students.xlsx"; ')
    assert "filename*=UTF-8''%ED%95%99%EC%83%9D%20%EB%AA%85%EB%8B%A8%2F2025.xlsx" in disposition
    response = csv_response("설문.csv", ["h"], [])
    assert response["Content-Disposition"].endswith("filename*=UTF-8''%EC%84%A4%EB%AC%B8.csv")


def test_sheet_titles_excel_refuses_are_made_acceptable():
    assert sheet_title("a/b:c*d?[e]\\f") == "a b c d  e  f"
    assert sheet_title("'인용'") == "인용"
    assert sheet_title("\x07") == "Sheet"
    assert len(sheet_title("가" * 40)) == 31
    writer = XlsxWriter()
    writer.add("q1/2", ["h"], [[1]])
    writer.add("q1/2", ["h"], [[2]])  # the same title twice: both sheets kept
    writer.add("Q1 2", ["h"], [[3]])  # Excel compares names without case
    writer.add("가" * 40, ["h"], [[4]])
    writer.add("가" * 40, ["h"], [[5]])  # a long title keeps its number within 31
    wb = workbook(writer.response("x.xlsx"))
    assert wb.sheetnames == ["q1 2", "q1 2 (2)", "Q1 2 (3)", "가" * 31, "가" * 27 + " (2)"]


def test_streamed_and_in_memory_workbooks_are_the_same_file_kind():
    for stream in (False, True):
        writer = XlsxWriter()
        sheet = writer.sheet("결과", ["이름", "점수"])
        sheet.rows([f"학생{i}", i] for i in range(1000))  # a generator, written as it comes
        response = writer.response("결과.xlsx", stream=stream)
        assert response.streaming is stream
        raw = body(response)
        assert zipfile.is_zipfile(io.BytesIO(raw))
        ws = load_workbook(io.BytesIO(raw), read_only=True).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0] == ("이름", "점수") and rows[-1] == ("학생999", 999)


def test_csv_streams_row_by_row():
    produced = []

    def rows():
        for i in range(3):
            produced.append(i)
            yield [i, f"={i}"]

    response = csv_response("x.csv", ["n", "f"], rows())
    assert produced == []  # nothing is read before the response is sent
    lines = iter(response.streaming_content)
    assert next(lines).startswith(b"\xef\xbb\xbf")
    assert next(lines) == b"0,'=0\r\n" and produced == [0]
