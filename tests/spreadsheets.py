"""Reading downloads back as a user's spreadsheet would, for the export tests."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

# What a company can type into a text field to attack the coordinator who
# exports it, and a control character pasted from a word processor.
FORMULA = '=HYPERLINK("http://evil.example","클릭")'
BELL = "경고\x07음"
BELL_CLEAN = "경고음"


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def workbook(response):
    """The xlsx of a download, loaded in full (so formulas show as data_type "f")."""
    return load_workbook(io.BytesIO(body(response)))


def cells(wb) -> list:
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def texts(wb) -> list[str]:
    return [c.value for c in cells(wb) if isinstance(c.value, str)]


def assert_no_formula(wb) -> None:
    formulas = [c.value for c in cells(wb) if c.data_type == "f"]
    assert formulas == [], formulas


def assert_neutralised(wb, text: str = FORMULA) -> None:
    """`text` is in the workbook, only as a string cell with a leading apostrophe."""
    assert_no_formula(wb)
    hits = [c for c in cells(wb) if isinstance(c.value, str) and text in c.value]
    assert hits, f"{text!r} not exported"
    for c in hits:
        assert c.data_type == "s", (c.coordinate, c.data_type)
        assert c.value.startswith("'"), c.value


def csv_rows(response) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
