"""One domain error type. Services raise it; views turn it into form errors,
the API into a 4xx with field errors."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(
        self, message: str, *, field_errors: dict[str, list[str]] | None = None, status: int = 422
    ):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
        self.status = status
