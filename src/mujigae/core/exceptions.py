"""One domain error type. Services raise it; views turn it into form errors,
the API into a 4xx with field errors."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation


class ApplicationError(Exception):
    def __init__(
        self, message: str, *, field_errors: dict[str, list[str]] | None = None, status: int = 422
    ):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
        self.status = status


class ResidentNumberRefused(SuspiciousOperation):
    """A typed value holds a resident registration number: the request is
    answered 400 with a Korean message (core.views.bad_request) and nothing
    is written (the view never runs). `field` is the form field's name."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field
