"""The xlsx writer formats a column's numbers when asked (rates as percent)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from mujigae.core.exports import PERCENT, PERCENT_POINTS, XlsxWriter


def test_column_formats_apply_to_numbers_only():
    writer = XlsxWriter()
    writer.add(
        "비율",
        ["학교", "졸업자", "취업률", "비율"],
        [["가 고교", 12, 61.2, 0.5], ["나 고교", 3, "—", None]],
        formats={2: PERCENT_POINTS, 3: PERCENT},
    )
    response = writer.response("rates.xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["C2"].value == 61.2 and ws["C2"].number_format == '0.0"%"'
    assert ws["D2"].value == 0.5 and ws["D2"].number_format == "0.0%"
    assert ws["B2"].number_format == "General"  # a count stays a count
    assert ws["C3"].value == "—" and ws["C3"].data_type == "s"  # text stays text
