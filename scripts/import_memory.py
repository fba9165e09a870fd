"""Measure the memory reading hostile and large files takes (docs/imports.md).

    .venv/bin/python scripts/import_memory.py

Peak of what reading allocates (tracemalloc), the file's bytes built before.
The same files as tests/core/test_imports.py, which asserts the bound."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mujigae.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from mujigae.core.imports import ImportRejected, Limits, open_workbook  # noqa: E402
from tests.core import test_imports as t  # noqa: E402

MB = 1024 * 1024


def measure(label: str, name: str, content: bytes, limits: Limits | None = None) -> None:
    outcome = []

    def read() -> None:
        try:
            with open_workbook(name, content, limits=limits) as book:
                for sheet in book.sheets():
                    for _row in sheet:
                        pass
            outcome.append("read")
        except ImportRejected as exc:
            outcome.append(str(exc.status))

    start = time.perf_counter()
    peak = t.peak_memory(read)
    seconds = time.perf_counter() - start
    print(
        f"{label:58s} {len(content) / MB:7.2f} MB  {outcome[0]:>4}"
        f"  peak {peak / MB:6.2f} MB  {seconds:5.1f} s"
    )


def main() -> None:
    print(f"{'file':58s} {'size':>10}  {'answer':>4}  {'peak':>14}  {'time':>7}")
    measure("xlsx whose sheet XML inflates to 2 GiB (declared)", "b.xlsx", t.zip_bomb.__wrapped__())
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    segment = t._deflate_segment(row)
    liar = t.zip_bytes(
        [
            (n, segment * 4096 + t._END_OF_DEFLATE, 0, 1024)
            if n == "xl/worksheets/sheet1.xml"
            else (n, d, c, s)
            for n, d, c, s in t._members(t.xlsx([["x"]]))
        ]
    )
    measure("xlsx declaring 1 KB that inflates to 256 MB", "l.xlsx", liar)
    measure("10,000 columns, xlsx", "w.xlsx", t.xlsx([[f"c{i}" for i in range(10_000)]]))
    measure("10,000 columns, CSV", "w.csv", t.csv_bytes([["a"] * 10_000]))
    rows = b"".join(b'<row r="%d"/>' % i for i in range(1, 1_000_001))
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    measure("1,000,000 empty rows", "e.xlsx", t.xlsx_with_sheet_xml(sheet))
    measure("50 MB CSV, one line (default limits)", "l.csv", b"a" * (50 * MB))
    measure(
        "50 MB CSV, one line (64 MB limit)",
        "l.csv",
        b"a" * (50 * MB),
        Limits.from_settings(max_bytes=64 * MB),
    )
    measure("30 MB CSV (default limits)", "b.csv", b"a," * (15 * MB))
    line = "홍길동,로봇제어과,2008.03.05,010-1234-5678,비고 " + "가" * 55
    big = "\n".join(f"{i},{line}" for i in range(20_000)).encode()
    measure("CSV of 20,000 rows, read to the end", "big.csv", big)
    wb = Workbook()
    for i in range(20_000):
        wb.active.append([i, "홍길동", "로봇제어과", "2008.03.05", "010-1234-5678", "가" * 40])
    buf = io.BytesIO()
    wb.save(buf)
    measure("xlsx of 20,000 rows x 6, read to the end", "big.xlsx", buf.getvalue())
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings, size, i = [], len(head) + 40_000, 0
    while size < 4 * MB:
        item = b"<si><t>" + chr(0xAC00 + i % 11172).encode() + b"</t></si>"
        strings.append(item)
        size += len(item)
        i += 1
    table = head + b"".join(strings) + b"</sst>"
    measure(
        f"shared strings just under the 4 MB cap ({i:,} one-syllable strings)",
        "s.xlsx",
        t._with_shared_strings(table),
    )


if __name__ == "__main__":
    main()
