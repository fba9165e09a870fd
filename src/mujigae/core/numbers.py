"""Numbers as Korean writes them, for every page and export: 1,234명, 80.0%.

The unit sticks to the number (25명, 80.0%, not "25.0 명" or "80.0 %"); a whole
count shows no decimals (25명, not 25.0명); a rate keeps one decimal (80.0%).
A unit written in Latin letters keeps a space ("25 kg" reads as "25 kg" in
either language). None is "—" (undefined). Pure Python (no Django import):
usable from templates (core's `mujigae` tags), views and exports alike.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

UNDEFINED = "—"


def _round(number: Decimal, places: int) -> Decimal:
    """Half up, as the ministry and the budget pages round (55.25 → 55.3)."""
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _number(value: Any, places: int) -> str:
    """`value` with thousands separators and at most `places` decimals, no
    trailing ".0" on a whole number."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{_round(number, places):,.{places}f}".rstrip("0").rstrip(".")


def quantity(value: Any, unit: str = "", places: int = 1) -> str:
    """25 → "25명" with unit "명"; 2.5 → "2.5명"; 25.0 → "25명"; 1234 → "1,234"."""
    if value is None or value == "":
        return UNDEFINED
    try:
        text = _number(value, places)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)
    unit = (unit or "").strip()
    if not unit:
        return text
    gap = " " if unit[0].isascii() and unit[0].isalpha() else ""
    return f"{text}{gap}{unit}"


def percent(value: Any, places: int = 1) -> str:
    """80 → "80.0%"; 55.25 → "55.3%" (one decimal, as the ministry publishes rates); None → "—"."""
    if value is None or value == "":
        return UNDEFINED
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return str(value)
    return f"{_round(number, places):,.{places}f}%"
