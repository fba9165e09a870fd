"""Writes of the entered indicators: a value the district's coordinator enters
for an `entered` indicator of a year's framework, with its evidence.

Refused (Korean, 422, nothing written) when the value is out of the
indicator's range, when evidence is required and missing, when the evidence
is not a document of the district the coordinator can see, and once the
district's report of that year is submitted (frozen: a correction needs a new
version of the report first).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, numbers
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.reports.models import AnnualReport, EnteredValue, Indicator, Unit

PERCENT_RANGE = (Decimal("0"), Decimal("100"))


def year_frozen(district_id: int, framework_id: int) -> bool:
    """Is the district's latest report of that framework submitted? (Then the
    year's figures, narrative and entered values no longer change.)"""
    latest = (
        AnnualReport.objects.filter(district_id=district_id, framework_id=framework_id)
        .order_by("-version")
        .values_list("status", flat=True)
        .first()
    )
    return latest == AnnualReport.Status.SUBMITTED


def bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    lo, hi = indicator.min_value, indicator.max_value
    if indicator.unit == Unit.PERCENT:
        lo = PERCENT_RANGE[0] if lo is None else lo
        hi = PERCENT_RANGE[1] if hi is None else hi
    elif lo is None:
        lo = Decimal("0")  # counts, amounts and hours are never negative
    return lo, hi


def _plain(value: Decimal) -> str:
    return numbers.quantity(value)


def check_value(indicator: Indicator, value: Decimal) -> str | None:
    """The Korean reason `value` is refused for `indicator`, or None."""
    lo, hi = bounds(indicator)
    if lo is not None and hi is not None and not (lo <= value <= hi):
        return _("Enter a value between %(lo)s and %(hi)s.") % {
            "lo": _plain(lo),
            "hi": _plain(hi),
        }
    if lo is not None and value < lo:
        return _("Enter a value of at least %(lo)s.") % {"lo": _plain(lo)}
    if hi is not None and value > hi:
        return _("Enter a value of at most %(hi)s.") % {"hi": _plain(hi)}
    if indicator.unit in (Unit.COUNT, Unit.WON) and value != value.to_integral_value():
        return _("Enter a whole number.")
    return None


def entered_value_set(
    *,
    actor: Any,
    district: District,
    indicator: Indicator,
    value: Decimal,
    note: str = "",
    evidence: Any = None,
) -> EnteredValue:
    """Set (create or replace) the district's value of an entered indicator."""
    if indicator.kind != Indicator.Kind.ENTERED:
        raise ApplicationError(_("This indicator is computed by mujigae; it cannot be entered."))
    problem = check_value(indicator, value)
    if problem:
        raise ApplicationError(problem, field_errors={"value": [problem]})
    if indicator.evidence_required and evidence is None:
        msg = _("This indicator needs an evidence document: choose one from the library.")
        raise ApplicationError(msg, field_errors={"evidence": [msg]})
    if evidence is not None and evidence.district_id != district.pk:
        msg = _("Choose a document of your district.")
        raise ApplicationError(msg, field_errors={"evidence": [msg]})
    with transaction.atomic():
        District.objects.select_for_update().filter(pk=district.pk).first()
        if year_frozen(district.pk, indicator.area.framework_id):
            raise ApplicationError(
                _(
                    "The report of %(year)s has been submitted: its values can no longer "
                    "change. Make a new version of the report to correct them."
                )
                % {"year": indicator.area.framework.year}
            )
        row = EnteredValue.objects.filter(indicator=indicator, district=district).first()
        before = audit.snapshot(row, ["value", "note", "evidence"]) if row else {}
        if row is None:
            row = EnteredValue(indicator=indicator, district=district)
        row.value = value
        row.note = note
        row.evidence = evidence
        row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        row.entered_at = timezone.now()
        row.save()
        after = audit.snapshot(row, ["value", "note", "evidence"])
        audit.record(
            actor=actor,
            action="update" if before else "create",
            obj=row,
            changes=audit.diff(before, after),
        )
    return row
