"""The curriculum workbook: programmes, modules × units and cohorts, one sheet each."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mujigae.core.exports import XLSX
from mujigae.curriculum import selectors


def _sheet(wb: Workbook, title: str, headers: list[str], rows) -> None:
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)
    cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=str(h))
        c.font = bold
        cells.append(c)
    ws.append(cells)
    for row in rows:
        ws.append(list(row))


def programmes_xlsx(*, user: Any, **filters: Any) -> HttpResponse:
    programmes, module_units, cohorts = selectors.export_rows(user=user, **filters)
    sample = _("sample")
    wb = Workbook(write_only=True)
    _sheet(
        wb,
        _("Programmes"),
        [
            _("District"),
            _("Programme"),
            _("Type"),
            _("Provider"),
            _("Modules"),
            _("Total hours"),
            _("Sample data"),
        ],
        (
            [
                p.district.name,
                p.name,
                p.get_kind_display(),
                p.provider.name,
                p.n_modules,
                p.total_hours or 0,
                sample if p.is_sample else "",
            ]
            for p in programmes
        ),
    )
    _sheet(
        wb,
        _("Modules"),
        [
            _("District"),
            _("Programme"),
            _("Provider"),
            _("Order"),
            _("Module"),
            _("Unit code"),
            _("Competency unit"),
            _("Hours"),
        ],
        (
            [
                mu.module.programme.district.name,
                mu.module.programme.name,
                mu.module.programme.provider.name,
                mu.module.order,
                mu.module.name,
                mu.unit.code,
                mu.unit.name,
                mu.hours,
            ]
            for mu in module_units.iterator(chunk_size=1000)
        ),
    )
    _sheet(
        wb,
        _("Cohorts"),
        [
            _("District"),
            _("Programme"),
            _("Provider"),
            _("Year"),
            _("Enrolled"),
            _("Completed"),
            _("Completion rate (%)"),
        ],
        (
            [
                c.programme.district.name,
                c.programme.name,
                c.programme.provider.name,
                c.year,
                c.enrolled,
                c.completed,
                round(100 * c.completed / c.enrolled, 1)
                if c.completed is not None and c.enrolled
                else None,
            ]
            for c in cohorts.iterator(chunk_size=1000)
        ),
    )
    buf = BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    filename = _("curriculum") + ".xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"curriculum.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
