"""Formatting of gap figures: 1,234 / +12 / 83% / 1.25, "—" when undefined."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from mujigae.core.numbers import percent

register = template.Library()


@register.filter
def metric(value, name: str) -> str:
    """One figure as text; None is "—" (undefined, e.g. coverage without demand)."""
    if value is None:
        return "—"
    if name == "gap":
        return ("+" if value > 0 else "") + intcomma(value)
    if name == "coverage":
        return percent(value * 100, places=0)  # the shared formatter (core.numbers)
    if name == "lq":
        return f"{value:,.2f}"
    return intcomma(value)


@register.filter
def cell_value(cell, name: str):
    return None if cell is None else getattr(cell, name)
