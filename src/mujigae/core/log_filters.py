"""Logging filters: no personal data in a log line (docs/deploy.md "Logs").

Django's request loggers write the request's path, and the development
server (`django.server`) the whole request line with its query string. A
query string may carry what a person typed (a name searched for, a note), so
`StripQueryStrings` cuts every `?…` out of a record's message and arguments
before any handler formats it. It is attached to the loggers in settings.LOGGING,
so it applies whatever handler a deployment adds.

Some addresses carry their secret in the path itself (a private calendar feed,
an invitation, a survey link): the app that owns such a route declares its
prefix with `mask_secret_path("/calendar/feed/")`, and the same filter writes
the next path segment as `***`."""

from __future__ import annotations

import logging
import re

# "?" up to the next blank or quote: the query of a path or of a request line
# ("GET /students/?q=… HTTP/1.1"), also percent-encoded.
_QUERY = re.compile(r"\?[^\s\"']*")


_SECRET_PATHS: list[re.Pattern[str]] = []


def mask_secret_path(prefix: str) -> None:
    """The path segment after `prefix` is a secret: never written to a log."""
    pattern = re.compile("(" + re.escape(prefix) + r")[^\s\"'?/]+")
    if all(p.pattern != pattern.pattern for p in _SECRET_PATHS):
        _SECRET_PATHS.append(pattern)


def strip_query(text: str) -> str:
    text = _QUERY.sub("", text)
    for pattern in _SECRET_PATHS:
        text = pattern.sub(r"\1***", text)
    return text


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = strip_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(strip_query(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: strip_query(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True
