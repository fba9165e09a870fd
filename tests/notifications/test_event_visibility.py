"""Notifications never reveal what the recipient may not see (issue 13).

Generic over whatever event providers the apps declare: on the whole Ansan
demo, for several moments of the school year, every event's every recipient
may open the event's page (200, not 403/404), and where the page is about a
district's object, it is the recipient's district. No provider is named here:
a new one is covered by itself.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from mujigae.core import inbox
from mujigae.core.models import User

# A year in Asia/Seoul, around the demo's dates: the new school year, the first
# round, the summer training, the second semester, the follow-ups, the winter.
SEOUL = dt.timezone(dt.timedelta(hours=9))
MOMENTS = [
    dt.datetime(year, month, day, 9, 0, tzinfo=SEOUL)
    for year, month, day in (
        (2025, 3, 4),
        (2025, 5, 20),
        (2025, 7, 14),
        (2025, 9, 1),
        (2025, 10, 15),
        (2025, 12, 10),
        (2026, 2, 20),
    )
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", "--force", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _moments():
    from django.utils import timezone

    return [*MOMENTS, timezone.now()]


def _object_district(url: str):
    """The district of the object a page is about, when its URL names one."""
    from mujigae.core.districts import district_of

    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return None
    if not match.kwargs:
        return None
    view = match.func
    model = getattr(view, "model", None) or getattr(
        getattr(view, "view_class", None), "model", None
    )
    if model is None:
        return None
    pk = match.kwargs.get("pk")
    obj = model._default_manager.filter(pk=pk).first() if pk is not None else None
    return district_of(obj) if obj is not None else None


def test_every_recipient_may_open_every_event(demo, db):
    seen = 0
    problems = []
    checked: set[tuple[int, str]] = set()
    for now in _moments():
        for event in inbox.events_at(now):
            assert event.kind in inbox.EVENT_KINDS, f"{event.kind}: declare it with event_kind()"
            assert event.key and event.title, event
            for uid in event.recipients:
                seen += 1
                if not event.url or (uid, event.url) in checked:
                    continue
                checked.add((uid, event.url))
                user = User.objects.get(pk=uid)
                client = Client()
                client.force_login(user)
                response = client.get(event.url)
                if response.status_code != 200:
                    problems.append(f"{event.key} → {user.username}: {response.status_code}")
                    continue
                district_id = _object_district(event.url)
                if (
                    district_id is not None
                    and user.district_id is not None
                    and getattr(district_id, "pk", district_id) != user.district_id
                ):
                    problems.append(f"{event.key} → {user.username}: another district")
    if seen == 0:
        pytest.skip(
            "no app declares events yet (inbox.events): nothing to check; "
            f"providers registered: {len(inbox.EVENT_PROVIDERS)}"
        )
    assert not problems, "\n".join(problems)
