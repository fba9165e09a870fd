"""Access matrix part: students and their personal data (issue 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.core.matrix_expect import Expect  # noqa: F401  (used by the entries)

EXPECTED: dict[str, Expect] = {}

SHARED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    return {}
