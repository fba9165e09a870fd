"""Extension points of the organisation page and the partner directory for
apps above partners in the layers (they may not be imported from here).

* `register_section(fn)`: `fn(user, org)` returns None or
  `{"template": "<app>/_section.html", ...context}`: a section of the
  organisation page, rendered in registration order after the commitments.
* `register_filter(name, label, shown, ids)`: a yes/no filter of the
  directory; `shown(user)` says whether the user gets it, `ids(user)` returns
  a queryset of organisation ids (`values("…_id")`) the filter keeps.

The benefits app registers its section and "received a benefit this year"
filter from `BenefitsConfig.ready()` (docs/benefits.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SECTIONS: list[Callable[[Any, Any], dict | None]] = []


@dataclass(frozen=True)
class DirectoryFilter:
    name: str
    label: Any
    shown: Callable[[Any], bool]
    ids: Callable[[Any], Any]


FILTERS: dict[str, DirectoryFilter] = {}


def register_section(fn: Callable[[Any, Any], dict | None]) -> None:
    if fn not in SECTIONS:
        SECTIONS.append(fn)


def register_filter(name: str, label: Any, shown: Callable, ids: Callable) -> None:
    FILTERS[name] = DirectoryFilter(name, label, shown, ids)


def sections(user: Any, org: Any) -> list[dict]:
    return [s for s in (fn(user, org) for fn in SECTIONS) if s]


def filters_for(user: Any) -> list[DirectoryFilter]:
    return [f for f in FILTERS.values() if f.shown(user)]
