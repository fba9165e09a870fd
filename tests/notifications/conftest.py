"""A test-only event provider: the real ones are the apps' own (governance,
rounds …); these tests only need events to exist."""

from __future__ import annotations

import pytest

from mujigae.core import inbox

KIND = "tests.ping"


class Provider:
    def __init__(self):
        self.events: list[inbox.Event] = []
        self.calls = 0

    def __call__(self, now):
        self.calls += 1
        return list(self.events)

    def add(self, key: str, *users, title="새 실행과제가 배정되었습니다", url="/notifications/"):
        self.events.append(
            inbox.Event(
                key=key, kind=KIND, recipients=tuple(u.pk for u in users), title=title, url=url
            )
        )


@pytest.fixture
def provider():
    p = Provider()
    inbox.events(p)
    inbox.event_kind(KIND, "시험 알림")
    try:
        yield p
    finally:
        inbox.EVENT_PROVIDERS.remove(p)
        inbox.EVENT_KINDS.pop(KIND, None)


@pytest.fixture
def with_emails(world):
    for name, user in world.users.items():
        user.email = f"{name}@example.kr"
        user.save(update_fields=["email"])
    return world.users
