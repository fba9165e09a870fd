"""Access matrix part: outcomes (issue 5). Filled in by the outcomes work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import Expect

EXPECTED: dict[str, Expect] = {}

SHARED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    return {}
