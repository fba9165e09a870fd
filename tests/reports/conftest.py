"""Fixtures of the annual report tests (tests/reports/annual_fixtures.py)."""

from __future__ import annotations

import pytest

from tests.reports import annual_fixtures


@pytest.fixture
def annual_framework(monkeypatch, db):
    """The 2031 framework over measures of real rows (annual_fixtures)."""
    annual_fixtures.register_measures(monkeypatch)
    return annual_fixtures.make_framework()


@pytest.fixture
def tasks_now(settings):
    """Background tasks run at once (on commit)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
