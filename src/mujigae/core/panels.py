"""Panels of an object's page contributed by other apps (the way the
organisation page takes sections): an app below cannot import the app above,
so the page says `{% object_panels obj %}` (core's `mujigae` tags) and the app
above registers what to show there.

`register(label, fn)`: `fn(request, obj)` returns None or
`{"template": "<app>/_panel.html", ...context}`. The sharing app registers
the attachments panel of minutes, action items, MOU commitments, curriculum
proposals, slots and spending rows (docs/sharing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PANELS: dict[str, list[Callable[[Any, Any], dict | None]]] = {}


def register(label: str, fn: Callable[[Any, Any], dict | None]) -> None:
    """Show `fn(request, obj)` on the page of every `label` ("app.Model") object."""
    fns = PANELS.setdefault(label, [])
    if fn not in fns:
        fns.append(fn)


def panels_for(request: Any, obj: Any) -> list[dict]:
    if obj is None or not hasattr(obj, "_meta"):
        return []
    fns = PANELS.get(obj._meta.label, [])
    return [p for p in (fn(request, obj) for fn in fns) if p]
