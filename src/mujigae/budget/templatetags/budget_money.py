"""Money in the budget's templates: {{ amount|won }} → 1,234,000원,
{{ amount|manwon }} → 123.4만원 (wide tables)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from mujigae.budget.services import won as _won

register = template.Library()


@register.filter
def won(amount: Any) -> str:
    if amount is None or amount == "":
        return "—"
    return _won(int(amount))


@register.filter
def manwon(amount: Any) -> str:
    """Tens of thousands of won, one decimal (half up), for wide tables."""
    if amount is None or amount == "":
        return "—"
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    tenths = (abs(amount) * 2 + 1000) // 2000
    whole, part = divmod(tenths, 10)
    text = f"{whole:,}" if not part else f"{whole:,}.{part}"
    return _("%(amount)s man-won") % {"amount": sign + text}
