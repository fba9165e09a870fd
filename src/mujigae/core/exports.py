"""The one spreadsheet writer: every xlsx and CSV download of mujigae goes
through here, so none can be turned against the person who opens it.

What it guarantees (docs/exports.md):

- Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
  tab or carriage return, also after leading blanks: OWASP "CSV injection") is
  written with a leading apostrophe, in CSV and in xlsx alike.
- In xlsx every text is a string cell (openpyxl would store a text starting
  with "=" as a formula and "#N/A" as an error); numbers, dates and booleans
  keep their type, so a negative number stays a number.
- Control characters never make a download fail: they are removed as they are
  at every input edge (`core.text.clean`), CRLF becomes LF.
- Dates and times are Asia/Seoul; file names are sent as RFC 5987
  (`filename*=UTF-8''…`) with an ASCII fallback, so Korean names survive.
- Memory stays bounded: rows may be any iterator (use `.iterator()`); the
  write-only workbook keeps rows in temporary files, and `stream=True` sends the
  finished file from disk. CSV is always streamed, in UTF-8 with a BOM for Excel.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import math
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mujigae.core.text import clean

# Column formats (`formats={column index: format}` on a sheet): a rate kept as
# a number, shown as a percentage. PERCENT_POINTS for figures already ×100
# (61.2 → "61.2%"), PERCENT for fractions (0.612 → "61.2%").
PERCENT_POINTS = '0.0"%"'
PERCENT = "0.0%"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BLANKS = " \t\r\n\u3000"
# Characters Excel refuses in a sheet name (and openpyxl raises on).
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]")


# ------------------------------------------------------------------ values
def neutralise(text: str) -> str:
    """`text` as it may appear in a spreadsheet: cleaned, and with a leading
    apostrophe when a spreadsheet would otherwise read it as a formula."""
    text = clean(text)  # first: "\x07=1+1" is a formula once cleaned; a CR is now LF
    if text.startswith((*FORMULA_STARTS, "\n")) or text.lstrip(_BLANKS).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def xlsx_value(value: Any) -> Any:
    """A Python value as an xlsx cell holds it (text: see `Sheet`)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float | Decimal):
        return value if _finite(value) else None  # Excel cannot store NaN or infinity
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    return neutralise(str(value))  # text, lazy translations, choices, anything else


def csv_value(value: Any) -> Any:
    """A Python value as a CSV field."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float | Decimal):
        return value if _finite(value) else ""
    if isinstance(value, bool | int | dt.date | dt.time | dt.timedelta):
        return value
    return neutralise(str(value))


def attachment(filename: str, fallback: str) -> str:
    """Content-Disposition for a download; RFC 5987 so Korean names survive
    every browser, `fallback` (ASCII) for the few that ignore `filename*`."""
    return (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean(filename), safe='')}"
    )


# -------------------------------------------------------------------- xlsx
class Sheet:
    """One worksheet of a write-only workbook: bold header rows and data rows."""

    def __init__(self, wb: Workbook, title: str, formats: Mapping[int, str] | None = None):
        self.ws = wb.create_sheet(title=unique_title(sheet_title(title), wb.sheetnames))
        self.bold = Font(bold=True)
        self.formats = dict(formats or {})  # column index (0-based) → number format

    def _cell(self, value: Any, bold: bool = False, number_format: str | None = None) -> Any:
        value = xlsx_value(value)
        numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        fmt = number_format if numeric else None
        if not isinstance(value, str) and not bold and fmt is None:
            return value
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, never an error cell
        if bold:
            cell.font = self.bold
        if fmt:
            cell.number_format = fmt
        return cell

    def header(self, values: Iterable[Any]) -> None:
        self.ws.append([self._cell(v, bold=True) for v in values])

    def row(self, values: Iterable[Any]) -> None:
        if not self.formats:
            self.ws.append([self._cell(v) for v in values])
            return
        self.ws.append(
            [self._cell(v, number_format=self.formats.get(i)) for i, v in enumerate(values)]
        )

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.row(values)


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no `\\ / ? * [ ] :`, no apostrophe at either
    end, at most 31 characters, never empty."""
    title = _BAD_TITLE.sub(" ", clean(str(title))).replace("\n", " ").replace("\t", " ")
    return title.strip().strip("'")[:31].strip() or "Sheet"


def unique_title(title: str, taken: Iterable[str]) -> str:
    """`title`, or `title (2)`, `(3)`… when a sheet already has it (Excel
    compares sheet names without case), still at most 31 characters."""
    used = {t.casefold() for t in taken}
    candidate, n = title, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f" ({n})"
        candidate = title[: 31 - len(suffix)].rstrip() + suffix
    return candidate


class XlsxWriter:
    """A workbook built sheet by sheet, then answered as a download."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)

    def sheet(
        self,
        title: str,
        headers: Sequence[Any] | None = None,
        *,
        formats: Mapping[int, str] | None = None,
    ) -> Sheet:
        """`formats`: {column index: number format} for the numbers of a column
        (e.g. `PERCENT_POINTS`); text cells keep the default."""
        sheet = Sheet(self.workbook, title, formats)
        if headers is not None:
            sheet.header(headers)
        return sheet

    def add(
        self,
        title: str,
        headers: Sequence[Any],
        rows: Iterable[Iterable[Any]],
        *,
        formats: Mapping[int, str] | None = None,
    ) -> Sheet:
        sheet = self.sheet(title, headers, formats=formats)
        sheet.rows(rows)
        return sheet

    def response(
        self, filename: str, *, fallback: str = "export.xlsx", stream: bool = False
    ) -> HttpResponseBase:
        """The download. `stream`: write the file to a temporary file and send it
        from there (for exports that can grow large), else from memory."""
        if not self.workbook.worksheets:
            self.sheet("Sheet")  # a workbook needs one sheet
        if stream:
            tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 — FileResponse closes it
            self.workbook.save(tmp)
            tmp.seek(0)
            response: HttpResponseBase = FileResponse(tmp, content_type=XLSX)
        else:
            buf = BytesIO()
            self.workbook.save(buf)
            response = HttpResponse(buf.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = attachment(filename, fallback)
        return response


def xlsx_response(
    filename: str,
    sheet: str,
    headers: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    fallback: str = "export.xlsx",
    stream: bool = False,
    formats: Mapping[int, str] | None = None,
) -> HttpResponseBase:
    """A one-sheet workbook download: a bold header row, then `rows`
    (`formats`: number formats per column index, see `XlsxWriter.sheet`)."""
    writer = XlsxWriter()
    writer.add(sheet, headers, rows, formats=formats)
    return writer.response(filename, fallback=fallback, stream=stream)


# --------------------------------------------------------------------- csv
class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """UTF-8 lines (the first with a BOM, so Excel reads Korean right)."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8 + writer.writerow([csv_value(h) for h in headers]).encode("utf-8")
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row]).encode("utf-8")


def csv_response(
    filename: str,
    headers: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    fallback: str = "export.csv",
) -> StreamingHttpResponse:
    """A streamed CSV download: one line per row as `rows` yields it."""
    response = StreamingHttpResponse(csv_lines(headers, rows), content_type=CSV)
    response["Content-Disposition"] = attachment(filename, fallback)
    return response
