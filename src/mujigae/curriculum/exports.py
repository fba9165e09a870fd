"""The curriculum workbook: programmes, modules × units and cohorts, one sheet each."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from mujigae.core.exports import XlsxWriter
from mujigae.curriculum import selectors


def programmes_xlsx(*, user: Any, **filters: Any) -> HttpResponseBase:
    programmes, module_units, cohorts = selectors.export_rows(user=user, **filters)
    sample = _("sample")
    wb = XlsxWriter()
    wb.add(
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
    wb.add(
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
    wb.add(
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
    return wb.response(_("curriculum") + ".xlsx", fallback="curriculum.xlsx")
