"""One import pipeline for every uploaded table (xlsx or CSV): docs/imports.md.

Reading (`open_workbook`): CSV in UTF-8, UTF-8 with BOM or CP949/EUC-KR, and
xlsx read with openpyxl in read-only (streaming) mode; hidden sheets are
ignored, a merged cell's value counts for every cell it covers (so merged
header cells and merged 학년/반 cells work), numbers Excel stores as text and
text it stores as numbers are both understood by `parse_int` / `cell_text`,
Excel serial dates by `parse_date`. `.xls` is refused with a message saying
what to do. Every text cell is cleaned (`clean_text`): full-width ASCII and
odd spaces become plain ones, control characters other than newline and tab
are dropped, leading and trailing spaces are stripped; Hangul is never touched.

Refusals raise one error type, `ImportRejected` (an ApplicationError): 400 for
a file we cannot read, 413 for a file over a limit, 422 for a file we read but
refuse (a resident registration number anywhere, missing columns, bad rows —
`errors` lists every bad row as (sheet, row, column, Korean reason)). Limits
come from settings (`Limits.from_settings`) and bound the memory a file can
take, whatever it holds. Importers check their own rows, collect problems with
`Problems`, and write in one transaction only when there are none.

The upload pages share `upload_page` (one view helper: the upload stays in
memory and is cut at the size limit, CSRF is checked after that, every refusal
is a Korean 4xx page) and the error table `core/_import_errors.html`.

Core imports no app module.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import struct
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core.exceptions import ApplicationError

# --------------------------------------------------------------------------
# limits

MAX_ERRORS_KEPT = 1_000  # row errors kept (and shown); the count says how many more
MAX_LINE_CHARS = 256 * 1024  # one physical line of a CSV file
MAX_ZIP_DIRECTORY = 256 * 1024  # bytes of an xlsx's zip directory (~2,000 parts)
MAX_ZIP_RATIO = 100  # unpacked ÷ packed size of any part over 1 MiB
MAX_TEXT_RUN = 1024 * 1024  # bytes between two tags of a sheet's XML (Excel: 32,767 chars a cell)
MAX_XML_CELLS_IN_ROW = 16_384  # Excel's own column limit
MAX_MERGED_RANGES = 10_000
MIN_ROW_POSITIONS = 65_536  # a sheet may run this far (empty rows included) whatever max_rows is
HEADER_SEARCH_ROWS = 30  # title rows above a table's header
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one import may hold. `max_rows` counts non-empty rows of every
    sheet; `max_unzipped_bytes` is the xlsx's unpacked size, of which the
    parts openpyxl loads whole (shared strings, styles, workbook) may take a
    sixteenth; the worksheets are streamed."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_unzipped_bytes: int

    @classmethod
    def from_settings(cls, **overrides: int) -> Limits:
        values = {
            "max_bytes": settings.MUJIGAE_IMPORT_MAX_BYTES,
            "max_rows": settings.MUJIGAE_IMPORT_MAX_ROWS,
            "max_columns": settings.MUJIGAE_IMPORT_MAX_COLUMNS,
            "max_unzipped_bytes": settings.MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def max_loaded_part_bytes(self) -> int:
        return self.max_unzipped_bytes // 16

    @property
    def max_row_positions(self) -> int:
        """How far down a sheet may run, empty rows included."""
        return max(2 * self.max_rows, MIN_ROW_POSITIONS)

    @property
    def max_merged_area(self) -> int:
        return max(1_000_000, 10 * self.max_rows)


def format_size(n: int) -> str:
    """5242880 → "5MB", 1572864 → "1.5MB", 512000 → "500KB"."""
    if n >= 1024 * 1024 or n == 0:
        return f"{n / 2**20:.1f}".rstrip("0").rstrip(".") + "MB"
    return f"{n / 1024:.0f}KB"


# --------------------------------------------------------------------------
# errors


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet ("" for a CSV file or a one-sheet workbook), the
    row as the spreadsheet numbers it, the column's name, a Korean reason."""

    sheet: str
    row: int
    column: str
    reason: str


class ImportRejected(ApplicationError):
    """The file was refused and nothing was written. `errors` lists the bad
    rows (the first MAX_ERRORS_KEPT; `total` counts them all); a refusal of
    the whole file has none. Status: 400 unreadable, 413 over a limit, 422
    read but refused."""

    def __init__(
        self,
        message: str | None = None,
        *,
        errors: Iterable[RowError] = (),
        total: int | None = None,
        status: int = 422,
    ):
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else total
        if message is None:
            message = _(
                "Nothing was imported: %(n)s problems. Correct the file and upload it again."
            ) % {"n": f"{self.total:,}"}
        super().__init__(message, status=status)


class Problems:
    """Collects the bad rows of a file: every one is counted, the first
    MAX_ERRORS_KEPT are kept for the page."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.total = 0

    def add(self, row: Row | int, column: Any, reason: str, *, sheet: str = "") -> None:
        self.total += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            if isinstance(row, Row):
                sheet, row = row.sheet, row.number
            self.errors.append(RowError(sheet, row, str(column or ""), str(reason)))

    def __len__(self) -> int:
        return self.total

    def rejected(self, message: str | None = None) -> ImportRejected:
        return ImportRejected(message, errors=self.errors, total=self.total)

    def raise_if_any(self, message: str | None = None) -> None:
        if self.total:
            raise self.rejected(message)


def _refuse(message: str, status: int) -> ImportRejected:
    return ImportRejected(message, status=status)


def too_large(max_bytes: int) -> ImportRejected:
    return _refuse(
        _("The file is too large: at most %(limit)s.") % {"limit": format_size(max_bytes)}, 413
    )


# --------------------------------------------------------------------------
# cleaning values


def _cleaning_table() -> dict[int, Any]:
    import unicodedata

    table: dict[int, Any] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        if chr(code) not in "\t\n":
            table[code] = None  # control characters
    for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
        table[code] = None  # zero-width characters and stray byte-order marks
    for code in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[code] = " "  # no-break, thin, ideographic … spaces
    for code in (0x2028, 0x2029):
        table[code] = "\n"
    # Full-width ASCII (what a Korean IME types in 전각 mode): NFKC, and only
    # here, because NFKC elsewhere changes Korean text (ㄱ → ᄀ, ㈜ → (株)).
    for code in range(0xFF01, 0xFF5F):
        table[code] = unicodedata.normalize("NFKC", chr(code))
    return table


_CLEAN = _cleaning_table()


def clean_text(text: str) -> str:
    """Full-width ASCII → ASCII, odd spaces → space, line breaks → "\\n",
    control characters (but newline and tab) dropped, ends stripped. Hangul
    syllables and jamo, ㈜, ①, Ⅱ and the like are left exactly as typed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CLEAN).strip()


def _clean_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value) or None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0" (Excel stores 3 as 3.0
    and turns the code 03 into 3), dates as 2025-03-04, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


_WHOLE = re.compile(
    r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+))(?:\.0*)?\s*(?:학년|반|번|명|년|건|개|회|시간)?"
)


def parse_int(value: Any) -> int | None:
    """A whole number from 3, 3.0, "3", "003", "1,200", "３" (full-width),
    "12.0" or a number with its Korean counter ("3학년", "2반", "05번",
    "20명", "2025년"); None when the cell is empty or holds anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    match = _WHOLE.fullmatch(clean_text(value)) if isinstance(value, str) else None
    return int(match.group(1).replace(",", "")) if match else None


EXCEL_SERIAL_MAX = 80_000  # 2119-01-10: larger numbers are not dates
_DATE_TEXT = re.compile(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*일?")


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number (39512 = 2008-03-05, the
    number a date shows when its cell is formatted as General), or text:
    2008.03.05, 2008. 3. 5., 2008-03-05, 2008/3/5, 2008년 3월 5일, 20080305,
    080305 (two-digit years are this century unless that is in the future).
    None when it is none of these or not a real day (2025-02-30)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        n = int(value)
        if 19_000_101 <= n <= 29_991_231:  # 20080305 typed as a number
            return parse_date(str(n))
        if 1 <= n <= EXCEL_SERIAL_MAX:
            from openpyxl.utils.datetime import from_excel

            return from_excel(n).date()
        return None
    text = clean_text(str(value)).rstrip(".").strip()
    try:
        match = _DATE_TEXT.fullmatch(text)
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{6}", text):
            year = int(text[:2])
            century = 2000 if year <= timezone.localdate().year % 100 else 1900
            return dt.date(century + year, int(text[2:4]), int(text[4:]))
        if re.fullmatch(r"\d{1,5}(\.0+)?", text):
            return parse_date(int(float(text)))
    except ValueError:
        return None
    return None


# --------------------------------------------------------------------------
# resident registration numbers (주민등록번호)

_RRN_WORDS = re.compile(
    r"주민\s*(?:등록\s*)?번호|외국인\s*등록\s*번호|resident\s*registration\s*(?:number|no)|\brrns?\b",
    re.IGNORECASE,
)
# 6 digits (YYMMDD), an optional dash or spaces, then 7 digits, the first 1–8.
_RRN_TEXT = re.compile(r"(?<![0-9])([0-9]{6})[\s\-‐‑‒–—―−]*([1-8])[0-9]{6}(?![0-9])")
# the two halves in two neighbouring cells (앞자리 | 뒷자리)
_RRN_SPLIT = re.compile(r"(?:^|\x00)([0-9]{6})\x00([1-8])[0-9]{6}(?=\x00|$)")


def _birth_date_valid(yymmdd: str, gender: str) -> bool:
    century = 1900 if gender in "1256" else 2000
    try:
        dt.date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return False
    return True


def _rrn_in(text: str) -> bool:
    return any(_birth_date_valid(m[1], m[2]) for m in _RRN_TEXT.finditer(text))


def _rrn_split(joined: str) -> bool:
    return any(_birth_date_valid(m[1], m[2]) for m in _RRN_SPLIT.finditer(joined))


def rrn_number_in(text: str) -> bool:
    """True for text holding a resident registration number in any written form
    (the numbers only, not the words: "주민등록번호는 받지 않습니다" is fine).
    What every typed form value is checked with (core.input_middleware)."""
    return _rrn_in(clean_text(text))


def looks_like_rrn(text: str) -> bool:
    """True for text holding a resident registration number in any written
    form (080305-3123456, 0803053123456, 080305 - 3123456, full-width digits)
    or naming one (주민등록번호, 주민번호, RRN …). A 13-digit run counts only
    when its first six digits are a real YYMMDD and the seventh is 1–8, so
    phone, business-registration and account numbers and dates pass."""
    text = clean_text(text)
    return bool(_RRN_WORDS.search(text)) or _rrn_in(text)


def _scan_form(value: Any) -> str:
    """How a cell takes part in the row's scan: text as it is; a number as
    Excel would have shown it with its leading zeros (Excel drops the 0 of a
    2000s birth year: 0503054123456 is stored as 503054123456)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if 10**11 <= value < 10**13:
            return f"{value:013d}"
        if 10**4 <= value < 10**6:
            return f"{value:06d}"
        return str(value)
    return ""


def _rrn_column(cells: Sequence[Any]) -> int | None:
    """The index of the first cell holding or naming a resident registration
    number, or None (one scan of the whole row, then cell by cell on a hit)."""
    joined = "\x00".join(_scan_form(v) for v in cells)
    if not (_RRN_WORDS.search(joined) or _rrn_in(joined) or _rrn_split(joined)):
        return None
    for i, value in enumerate(cells):
        text = _scan_form(value)
        if _RRN_WORDS.search(text) or _rrn_in(text):
            return i
        if i + 1 < len(cells) and _rrn_split(text + "\x00" + _scan_form(cells[i + 1])):
            return i
    return 0


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _rrn_refusal(where: str) -> ImportRejected:
    return _refuse(
        _(
            "This file holds a resident registration number (주민등록번호) or a column for "
            "one (%(where)s). We never keep them, so nothing was imported. Delete that "
            "column and upload the file again."
        )
        % {"where": where},
        422,
    )


# --------------------------------------------------------------------------
# rows and sheets


@dataclass(frozen=True)
class Row:
    """A non-empty row: its sheet ("" in a CSV file or a one-sheet workbook),
    its number as the spreadsheet shows it, its cleaned cells (None for an
    empty cell; empty cells at the end dropped)."""

    sheet: str
    number: int
    cells: tuple[Any, ...]

    def get(self, index: int | None) -> Any:
        if index is None or not 0 <= index < len(self.cells):
            return None
        return self.cells[index]


class Sheet:
    """One sheet of the file, read once, row by row (`for row in sheet`)."""

    def __init__(
        self,
        book: Workbook,
        name: str,
        label: str,
        raw: Callable[[], tuple[Iterator[Sequence[Any]], _Merges | None]],
    ):
        self._book = book
        self.name = name
        self.label = label  # what errors show as the sheet
        self._raw = raw
        self._rows: Iterator[Row] | None = None
        self.done = False

    def __iter__(self) -> Iterator[Row]:
        if self._rows is None:
            values, merges = self._raw()
            self._rows = self._book._rows(self, values, merges)
        return self._iterate()

    def _iterate(self) -> Iterator[Row]:
        assert self._rows is not None
        yield from self._rows
        self.done = True

    def drain(self) -> None:
        """Read what is left (the file's checks run on every row)."""
        if not self.done:
            for _row in self:
                pass


class _Merges:
    """Merged cells of a sheet: the top-left value fills the whole range."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self._starts: dict[int, list[list[Any]]] = defaultdict(list)
        for min_col, min_row, max_col, max_row in ranges:
            self._starts[min_row].append([min_col, max_col, max_row, None])
        self._active: list[list[Any]] = []

    def fill(self, position: int, cells: list[Any], max_columns: int) -> None:
        new = self._starts.pop(position, None)
        if new:
            for merge in new:
                first = merge[0] - 1
                merge[3] = cells[first] if first < len(cells) else None
            self._active.extend(new)
        if not self._active:
            return
        self._active = [m for m in self._active if m[2] >= position]
        for min_col, max_col, _max_row, value in self._active:
            if value is None:
                continue
            high = min(max_col, max_columns)  # a merge alone never makes a row too wide
            if len(cells) < high:
                cells.extend([None] * (high - len(cells)))
            for c in range(min_col - 1, high):
                if cells[c] is None:
                    cells[c] = value


class Workbook:
    """An uploaded file, checked and opened but not yet read: iterate
    `sheets()` (every visible sheet, streamed) or take `first_sheet()`, then
    `finish()` — or use it as a context manager, which finishes on a clean
    exit. Finishing reads what the importer did not, so a resident
    registration number on a later sheet or below the table still refuses the
    file before anything is written."""

    def __init__(self, name: str, content: bytes, limits: Limits):
        self.name = name
        self.limits = limits
        self._rows_read = 0
        self._sheets: list[Sheet] = []
        self._archive: Any = None
        self._open(content)

    # -- public

    def sheets(self) -> Iterator[Sheet]:
        previous: Sheet | None = None
        for sheet in self._sheets:
            if previous is not None:
                previous.drain()
            yield sheet
            previous = sheet
        if previous is not None:
            previous.drain()

    def first_sheet(self) -> Sheet:
        return self._sheets[0]

    def finish(self) -> None:
        for sheet in self._sheets:
            sheet.drain()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.finish()

    # -- opening

    def _open(self, content: bytes) -> None:
        name = self.name.lower()
        if _rrn_in(clean_text(self.name)):
            raise _refuse(
                _(
                    "The file name holds a resident registration number (주민등록번호). "
                    "Rename the file and upload it again."
                ),
                422,
            )
        if len(content) > self.limits.max_bytes:
            raise too_large(self.limits.max_bytes)
        if _BLANK.fullmatch(content):  # (no copy of the content)
            raise _refuse(_("The file is empty."), 400)
        if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE file: .xls, or encrypted
            if name.endswith((".xlsx", ".xlsm")):
                raise _refuse(
                    _(
                        "This Excel file is password-protected or in the old .xls format. "
                        "Remove the password, save it as .xlsx or CSV and upload it again."
                    ),
                    400,
                )
            raise _refuse(_xls_message(), 400)
        if content[:4] == b"PK\x03\x04":
            self._open_xlsx(content)
        elif name.endswith((".xls", ".xlsb")):
            raise _refuse(_xls_message(), 400)
        elif name.endswith((".xlsx", ".xlsm")):
            raise _refuse(_not_xlsx_message(), 400)
        elif name.endswith((".csv", ".txt")):
            self._open_csv(content)
        else:
            raise _refuse(_("Choose a CSV (.csv) or Excel (.xlsx) file."), 400)

    def _open_csv(self, content: bytes) -> None:
        if b"\x00" in content:  # UTF-16, or not text at all
            raise _refuse(_encoding_message(), 400)
        encoding = _csv_encoding(content)

        def records() -> Iterator[list[str]]:
            stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
            reader = csv.reader(_lines(stream))
            row = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise _refuse(
                        _(
                            "The CSV file could not be read from row %(row)s on: a quotation "
                            'mark (") is not closed, or a cell is too long.'
                        )
                        % {"row": f"{row + 1:,}"},
                        400,
                    ) from exc
                row += 1
                yield record

        self._sheets = [Sheet(self, "", "", lambda: (records(), None))]

    def _open_xlsx(self, content: bytes) -> None:
        limits = self.limits
        directory = _zip_directory_size(content)
        if directory is None:
            raise _refuse(_not_xlsx_message(), 400)
        if directory > MAX_ZIP_DIRECTORY:
            raise _refuse(_unpacks_message(limits), 413)
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise _refuse(_not_xlsx_message(), 400) from exc
        total = loaded = 0
        for info in infos:
            total += info.file_size
            if _is_loaded_whole(info.filename):
                loaded += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
                info.compress_size, 1
            ):
                raise _refuse(_unpacks_message(limits), 413)
        if total > limits.max_unzipped_bytes:
            raise _refuse(_unpacks_message(limits), 413)
        if loaded > limits.max_loaded_part_bytes:
            raise _refuse(
                _(
                    "The workbook's shared text or styles are too large (more than %(limit)s). "
                    "Copy the table into a new workbook (values only) and upload that."
                )
                % {"limit": format_size(limits.max_loaded_part_bytes)},
                413,
            )
        # Every sheet's XML is checked (and its merged cells collected) before
        # openpyxl sees it: openpyxl walks a whole sheet when opening it if the
        # sheet does not declare its size.
        self._archive = archive
        merged = {
            info.filename: self._scan_sheet_xml(info.filename)
            for info in infos
            if _is_sheet_part(info.filename)
        }
        from openpyxl import load_workbook

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(
                    io.BytesIO(content), read_only=True, data_only=True, keep_links=False
                )
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise _refuse(_not_xlsx_message(), 400) from exc
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise _refuse(
                _(
                    "The workbook has no visible sheet. Unhide the sheet with the table "
                    "and upload it again."
                ),
                422,
            )
        several = len(visible) > 1
        for index, ws in enumerate(visible, start=1):
            title = ws.title
            if looks_like_rrn(title):
                raise _rrn_refusal(_("the name of sheet %(n)s") % {"n": index})
            # the path of a read-only sheet in the zip (a private name of openpyxl 3.x)
            ranges = merged.get(getattr(ws, "_worksheet_path", ""), [])
            self._sheets.append(Sheet(self, title, title if several else "", _xlsx_raw(ws, ranges)))

    def _scan_sheet_xml(self, path: str) -> list[tuple[int, int, int, int]]:
        """One pass over a sheet's XML before openpyxl parses it: refuse what
        would make the parser hold too much (a row of more cells than Excel
        allows, megabytes of text in one cell, too many rows, too many merged
        ranges) and collect the merged ranges, which read-only mode does not
        report."""
        from openpyxl.utils.cell import range_boundaries

        limits = self.limits
        rows = cells_in_row = 0
        refs: list[bytes] = []
        carry = b""
        try:
            with self._archive.open(path) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    data = carry + chunk
                    if chunk:
                        cut = data.rfind(b"<")
                        if cut <= 0:
                            if len(data) > MAX_TEXT_RUN:
                                raise _refuse(_long_cell_message(""), 413)
                            carry = data
                            continue
                        data, carry = data[:cut], data[cut:]
                    if max(map(len, data.split(b"<"))) > MAX_TEXT_RUN:
                        raise _refuse(_long_cell_message(""), 413)
                    parts = _XML_ROW.split(data)
                    cells_in_row += len(_XML_CELL.findall(parts[0]))
                    for part in parts[1:]:
                        if cells_in_row > MAX_XML_CELLS_IN_ROW:
                            break
                        rows += 1
                        cells_in_row = len(_XML_CELL.findall(part))
                    if cells_in_row > MAX_XML_CELLS_IN_ROW:
                        raise _refuse(
                            _("A row of %(sheet)s has more than %(n)s cells.")
                            % {"sheet": _sheet_words(""), "n": f"{MAX_XML_CELLS_IN_ROW:,}"},
                            413,
                        )
                    if rows > limits.max_row_positions:
                        raise _refuse(_too_far_message("", limits), 413)
                    refs.extend(_XML_MERGE.findall(data))
                    if len(refs) > MAX_MERGED_RANGES:
                        raise _refuse(_merges_message(""), 413)
                    if not chunk:
                        break
        except ImportRejected:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged part (bad CRC, truncated)
            raise _refuse(_damaged_message(), 400) from exc
        ranges = []
        area = 0
        for ref in refs:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
            except ValueError:
                continue
            if min_row is None or max_row is None or min_col is None or max_col is None:
                continue
            max_col = min(max_col, limits.max_columns)
            max_row = min(max_row, limits.max_row_positions)
            area += max(0, max_row - min_row + 1) * max(0, max_col - min_col + 1)
            ranges.append((min_col, min_row, max_col, max_row))
        if area > limits.max_merged_area:
            raise _refuse(_merges_message(""), 413)
        return ranges

    # -- the row pipeline, the same for CSV and xlsx

    def _rows(
        self, sheet: Sheet, raw: Iterator[Sequence[Any]], merges: _Merges | None
    ) -> Iterator[Row]:
        limits = self.limits
        for position, values in enumerate(raw, start=1):
            if position > limits.max_row_positions:
                raise _refuse(_too_far_message(sheet.name, limits), 413)
            cells = [_clean_value(v) for v in values] if values else []
            if merges is not None:
                merges.fill(position, cells, limits.max_columns)
            while cells and cells[-1] is None:
                cells.pop()
            if not cells:
                continue
            if len(cells) > limits.max_columns:
                raise _refuse(
                    _(
                        "Row %(row)s has %(count)s columns; at most %(n)s are read. Delete the "
                        "unused columns to the right of the table."
                    )
                    % {
                        "row": f"{position:,}",
                        "count": f"{len(cells):,}",
                        "n": f"{limits.max_columns:,}",
                    },
                    413,
                )
            column = _rrn_column(cells)
            if column is not None:
                where = {"row": f"{position:,}", "column": _column_letter(column)}
                if sheet.label:
                    where["sheet"] = sheet.label
                    text = _("sheet %(sheet)s, row %(row)s, column %(column)s") % where
                else:
                    text = _("row %(row)s, column %(column)s") % where
                raise _rrn_refusal(text)
            self._rows_read += 1
            if self._rows_read > limits.max_rows:
                raise _refuse(
                    _("The file has too many rows: at most %(n)s. Split it into smaller files.")
                    % {"n": f"{limits.max_rows:,}"},
                    413,
                )
            yield Row(sheet.label, position, tuple(cells))


_BLANK = re.compile(rb"(?:\xef\xbb\xbf)?\s*")
_TAG_PREFIX = rb"<(?:[A-Za-z_][\w.\-]*:)?"
_XML_ROW = re.compile(_TAG_PREFIX + rb"row[\s>/]")
_XML_CELL = re.compile(_TAG_PREFIX + rb"c[\s>/]")
_XML_MERGE = re.compile(
    _TAG_PREFIX
    + rb"mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7}:[A-Za-z]{1,3}[0-9]{1,7})[\"']"
)


def _is_sheet_part(part: str) -> bool:
    return part.startswith("xl/worksheets/") and part.endswith(".xml") and "/_rels/" not in part


def _xlsx_raw(
    ws: Any, ranges: list[tuple[int, int, int, int]]
) -> Callable[[], tuple[Iterator[Sequence[Any]], _Merges | None]]:
    def values() -> Iterator[Sequence[Any]]:
        ws.reset_dimensions()  # no padding to a declared (maybe hostile) size
        it = ws.iter_rows(values_only=True)
        while True:
            try:
                row = next(it)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a damaged part
                raise _refuse(_damaged_message(), 400) from exc
            yield row

    def raw() -> tuple[Iterator[Sequence[Any]], _Merges | None]:
        return values(), (_Merges(ranges) if ranges else None)

    return raw


def _is_loaded_whole(part: str) -> bool:
    """Parts openpyxl (read-only) parses whole: everything XML but the worksheets."""
    if part.startswith("xl/worksheets/") and "/_rels/" not in part:
        return False
    return part.endswith((".xml", ".rels"))


def _zip_directory_size(content: bytes) -> int | None:
    """The size of the zip's central directory from its end record (read
    before zipfile builds one object per entry), or None if there is none."""
    tail = content[-(65_535 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, size = struct.unpack("<HL", tail[at + 10 : at + 16])
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # zip64: never needed by a table we take
        return MAX_ZIP_DIRECTORY + 1
    return size


def _lines(stream: io.TextIOWrapper) -> Iterator[str]:
    number = 0
    while True:
        line = stream.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise _refuse(
                _(
                    "Line %(row)s of the CSV file is longer than %(n)s characters. Check that "
                    "the file is a table saved as CSV."
                )
                % {"row": f"{number:,}", "n": f"{MAX_LINE_CHARS:,}"},
                413,
            )
        yield line


def _csv_encoding(content: bytes) -> str:
    """UTF-8 (with or without BOM), else CP949 (a superset of EUC-KR, what
    Korean Excel writes): checked slice by slice, never decoded whole."""
    for encoding in ("utf-8-sig", "cp949"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(content), _CHUNK):
                decoder.decode(content[start : start + _CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _refuse(_encoding_message(), 400)


def _sheet_words(title: str) -> str:
    return _("the sheet “%(sheet)s”") % {"sheet": title} if title else _("the file")


def _xls_message() -> str:
    return _(
        "Old Excel files (.xls) cannot be read. Open the file in Excel, save it as "
        "Excel Workbook (.xlsx) or CSV, and upload it again."
    )


def _not_xlsx_message() -> str:
    return _(
        "The file could not be opened as an Excel workbook (.xlsx). Check that it is a real "
        ".xlsx file (not a PDF or another file renamed), or save it again from Excel."
    )


def _damaged_message() -> str:
    return _(
        "The Excel file is damaged and could not be read to the end. Save it again from "
        "Excel and upload it again."
    )


def _encoding_message() -> str:
    return _(
        "The file's text encoding could not be read. Save it as CSV UTF-8 or as Excel "
        "(.xlsx) and try again."
    )


def _unpacks_message(limits: Limits) -> str:
    return _(
        "The Excel file unpacks to more data than an import takes (at most %(limit)s). "
        "Split the table into smaller files, or save it again from Excel."
    ) % {"limit": format_size(limits.max_unzipped_bytes)}


def _long_cell_message(title: str) -> str:
    return _("A cell of %(sheet)s holds more text than Excel allows in one cell.") % {
        "sheet": _sheet_words(title)
    }


def _too_far_message(title: str, limits: Limits) -> str:
    return _(
        "%(sheet)s goes on past row %(n)s. Delete the empty or unused rows below the "
        "table, or split the file."
    ) % {"sheet": _sheet_words(title), "n": f"{limits.max_row_positions:,}"}


def _merges_message(title: str) -> str:
    return _("%(sheet)s has too many merged cells. Unmerge the cells and upload it again.") % {
        "sheet": _sheet_words(title)
    }


def open_workbook(name: str, content: bytes, *, limits: Limits | None = None) -> Workbook:
    """Check and open an uploaded file (raises ImportRejected); read it with
    `sheets()` / `first_sheet()` and `finish()`, or as a context manager."""
    return Workbook(name or "", content, limits or Limits.from_settings())


# --------------------------------------------------------------------------
# headers


def header_text(value: Any) -> str:
    """A header cell for matching: cleaned, lower case, without spaces, "_" or "."."""
    return re.sub(r"[\s_.]+", "", clean_text(cell_text(value)).lower())


class Columns:
    """The columns an importer reads: key → (label shown in errors, names a
    header may use). Matching ignores case, spaces, "_" and "."."""

    def __init__(self, spec: dict[str, tuple[Any, Iterable[str]]]):
        self._labels = {key: label for key, (label, _names) in spec.items()}
        self._index = {}
        for key, (_label, names) in spec.items():
            for name in names:
                self._index.setdefault(header_text(name), key)

    def key(self, value: Any) -> str | None:
        return self._index.get(header_text(value))

    def match(self, row: Row) -> dict[str, int]:
        """key → the first column of `row` naming it."""
        found: dict[str, int] = {}
        for i, value in enumerate(row.cells):
            key = self.key(value)
            if key is not None and key not in found:
                found[key] = i
        return found

    def label(self, key: str) -> str:
        return str(self._labels[key])


def find_header(
    rows: Iterator[Row],
    columns: Columns,
    accept: Callable[[dict[str, int]], bool],
    *,
    within: int = HEADER_SEARCH_ROWS,
) -> tuple[list[Row], Row, dict[str, int]] | None:
    """The header: the first of the first `within` non-empty rows whose
    columns `accept` takes. Returns (the rows above it, the header row, key →
    column), or None; the rows below are what is left of `rows`."""
    above: list[Row] = []
    for row in rows:
        index = columns.match(row)
        if accept(index):
            return above, row, index
        above.append(row)
        if len(above) >= within:
            return None
    return None


# --------------------------------------------------------------------------
# the upload page (one view helper for every import page)


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _upload_handler(request: Any, max_bytes: int) -> Any:
    from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload

    class InMemory(MemoryFileUploadHandler):
        """Uploads stay in memory, never in a temporary file (a refused file —
        one with resident registration numbers — leaves no trace on disk), and
        reading stops at the limit: the rest of the request is read and
        dropped, the request is flagged, the page says so."""

        received = 0

        def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
            self.activated = True

        def receive_data_chunk(self, raw_data, start):
            self.received += len(raw_data)
            if self.received > max_bytes:
                request.import_too_large = True
                raise StopUpload(connection_reset=False)
            return super().receive_data_chunk(raw_data, start)

    return InMemory(request)


def upload_page(
    request: Any,
    *,
    template: str,
    form: Callable[[Any, Any], Any],
    land: Callable[[Any, Upload], Any],
    done: Callable[[Any], Any],
    limits: Limits | None = None,
    context: Callable[[], dict[str, Any]] | None = None,
    field: str = "file",
) -> Any:
    """An import page: GET shows the form; POST reads the upload (in memory,
    cut at `limits.max_bytes`), checks CSRF, validates `form(data, files)`,
    calls `land(form, Upload)` (the app's service: it raises ImportRejected or
    ApplicationError, or returns a result) and answers `done(result)` (a
    redirect). Every refusal renders `template` with the form, its message
    and the error table, and a 4xx: 400 invalid form or unreadable file, 413
    too large, 422 refused content. The view must be `@csrf_exempt`: CSRF is
    checked here, once the upload handler is in place."""
    from django.core.exceptions import (
        ImproperlyConfigured,
        RequestDataTooBig,
        TooManyFieldsSent,
        TooManyFilesSent,
    )
    from django.views.decorators.csrf import csrf_protect

    limits = limits or Limits.from_settings()
    try:
        request.upload_handlers = [_upload_handler(request, limits.max_bytes)]
    except AttributeError as exc:
        raise ImproperlyConfigured(
            "upload_page() must run in a @csrf_exempt view (the upload was already read)."
        ) from exc
    page = _UploadPage(template, form, land, done, limits, context, field)
    try:
        return csrf_protect(page)(request)
    except RequestDataTooBig:
        return page.refused(request, too_large(limits.max_bytes).message, 413)
    except (TooManyFieldsSent, TooManyFilesSent):
        message = _("The form sent too many fields or files. Send one file at a time.")
        return page.refused(request, message, 400)


@dataclass
class _UploadPage:
    template: str
    form: Callable[[Any, Any], Any]
    land: Callable[[Any, Upload], Any]
    done: Callable[[Any], Any]
    limits: Limits
    context: Callable[[], dict[str, Any]] | None
    field: str

    def __call__(self, request: Any) -> Any:
        from mujigae.core.forms import INVALID_STATUS, apply_application_error

        if request.method != "POST":
            return self.render(request, self.form(None, None), 200)
        form = self.form(request.POST, request.FILES)
        if getattr(request, "import_too_large", False):
            form.is_valid()
            form.errors.pop(self.field, None)
            form.add_error(self.field, too_large(self.limits.max_bytes).message)
            return self.render(request, form, 413)
        if not form.is_valid():
            return self.render(request, form, INVALID_STATUS)
        upload = form.cleaned_data[self.field]
        content = upload.file.getvalue() if hasattr(upload.file, "getvalue") else upload.read()
        try:
            result = self.land(form, Upload(upload.name or "", content))
        except ImportRejected as exc:
            where = self.field if not exc.errors and self.field in form.fields else None
            form.add_error(where, exc.message)
            return self.render(request, form, exc.status, exc)
        except ApplicationError as exc:
            apply_application_error(form, exc)
            return self.render(request, form, exc.status)
        return self.done(result)

    def refused(self, request: Any, message: str, status: int) -> Any:
        """The page with `message` above an empty form (the request could not be read)."""
        from django.forms.utils import ErrorDict

        form = self.form(None, None)
        form._errors = ErrorDict({"__all__": form.error_class([message], error_class="nonfield")})
        return self.render(request, form, status)

    def render(
        self, request: Any, form: Any, status: int, rejected: ImportRejected | None = None
    ) -> Any:
        from django.shortcuts import render

        errors = rejected.errors if rejected else []
        total = rejected.total if rejected else 0
        ctx = {
            "form": form,
            "import_errors": errors,
            "import_errors_total": total,
            "import_errors_hidden": total - len(errors),
            "import_errors_sheet": any(e.sheet for e in errors),
            "import_limits": self.limits,
            "import_max_size": format_size(self.limits.max_bytes),
        }
        if self.context is not None:
            ctx.update(self.context())
        return render(request, self.template, ctx, status=status)
