"""Text as mujigae keeps it: no control characters but newline and tab, and
newlines as LF. Applied at every edge where text comes in (the form and query
values of every request, JSON bodies of the API, survey answers) and again when
text goes out to a spreadsheet (`core.exports`). See docs/input.md.

Pure Python (no Django import): usable from any layer.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab (\x09), LF (\x0a) and CR (\x0d, turned into LF below),
# DEL and the C1 controls; lone surrogates (a JSON "\ud800" decodes to one, and
# no database encoding accepts it) and the two non-characters XML forbids.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(value: str) -> str:
    """`value` without control characters; CRLF and a lone CR become LF."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", value)


def clean_data(value: Any) -> Any:
    """`clean` applied to every string (keys included) of a JSON-like value."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_data(v) for v in value)
    return value
