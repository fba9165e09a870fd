"""A test-only calendar provider: the apps' own providers (governance, rounds,
outcomes …) are written elsewhere; these tests register their own and remove
it afterwards."""

from __future__ import annotations

import pytest

from mujigae.core import inbox


@pytest.fixture
def calendar_entries():
    """{user pk: [Entry, …]} that two test providers (one for meetings, one for
    deadlines) answer, each only with the asking user's own entries."""
    entries: dict[int, list[inbox.Entry]] = {}

    def meetings(user):
        return [e for e in entries.get(user.pk, []) if e.uid.startswith("test-meeting")]

    def deadlines(user):
        return [e for e in entries.get(user.pk, []) if not e.uid.startswith("test-meeting")]

    providers = [inbox.calendar(meetings), inbox.calendar(deadlines)]
    try:
        yield entries
    finally:
        for provider in providers:
            inbox.CALENDAR_PROVIDERS.remove(provider)
