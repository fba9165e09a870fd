"""Money in the execution pages: `{{ amount|won }}` → 1,234,000원 and, in
wide tables, `{{ amount|manwon }}` → 123만원 (rounded half up; the exact
amount stays in the cell's title and in the rows behind it)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from mujigae.budget.services import won as _won

register = template.Library()


@register.filter
def won(amount) -> str:
    if amount is None or amount == "":
        return "—"
    return _won(int(amount))


@register.filter
def manwon(amount) -> str:
    if amount is None or amount == "":
        return "—"
    amount = int(amount)
    sign = -1 if amount < 0 else 1
    value = sign * ((abs(amount) + 5_000) // 10_000)
    return _("%(amount)s ten-thousand won") % {"amount": f"{value:,}"}
