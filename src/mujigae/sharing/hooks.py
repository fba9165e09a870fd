"""What sharing plugs into other apps at start-up (SharingConfig.ready)."""

from __future__ import annotations


def register() -> None:
    return None
