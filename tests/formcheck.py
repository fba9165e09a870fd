"""What every form page does with bad input (docs/forms.md): 422, the error
summary at the top, what the user typed shown back, its own message for a
value that is too long or a date that does not exist."""

from __future__ import annotations

import html

LONG = "가" * 10_000  # a long paste: said, never cut
BAD_DATE = "2025-02-30"  # a date that is not on the calendar
BAD_TIME = "2025-02-30 10:00"


def too_long(limit: int) -> str:
    return f"최대 {limit}자까지 입력할 수 있습니다. 입력한 내용은 10000자입니다."


def refused(response, *typed: str) -> str:
    """A refused form: 422, the error summary, every typed value shown back.
    Returns the page."""
    assert response.status_code == 422, response.status_code
    page = response.content.decode()
    assert 'class="error-summary"' in page
    for value in typed:
        assert html.escape(value) in page, f"not shown back: {value[:40]!r}"
    return page


def not_a_date(response, field: str, value: str = BAD_DATE) -> str:
    """The field's own "not a real date" message, naming the field."""
    form = response.context["form"]
    label = form[field].label
    message = f"{label}: 날짜가 올바르지 않습니다({value})"
    if " " in value:
        message = f"{label}: 날짜나 시각이 올바르지 않습니다({value})"
    assert message in form.errors[field][0], form.errors.get(field)
    assert "필수 항목" not in " ".join(form.errors[field])
    return message
