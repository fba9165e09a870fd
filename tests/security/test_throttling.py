"""Password spraying: one password tried across many usernames from one address."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYED = "Summer2025!"


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_one_password_across_many_usernames_is_refused(people, settings):
    settings.MUJIGAE_LOGIN_SPRAY_LIMIT = 5
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for name in ("coordinator", "school", "company_b", "partner", "ghost"):
        response = attempt(attacker, name, SPRAYED)
        assert response.status_code == 200  # an ordinary wrong password
    # the sixth username: refused before the password is even checked
    people["company"].set_password(SPRAYED)
    people["company"].save()
    refused = attempt(attacker, "company", SPRAYED)
    assert refused.status_code == 429
    assert "너무 많은 계정에 로그인을 시도했습니다" in refused.content.decode()
    assert SESSION_KEY not in attacker.session
    # another password from the same address, and the same password from elsewhere, still work
    assert attempt(attacker, "partner", PASSWORD).status_code == 302
    assert attempt(Client(REMOTE_ADDR="198.51.100.8"), "company", SPRAYED).status_code == 302


def test_an_office_of_people_mistyping_is_not_locked(people, settings):
    settings.MUJIGAE_LOGIN_SPRAY_LIMIT = 5
    office = Client(REMOTE_ADDR="203.0.113.50")
    for n, name in enumerate(
        ("coordinator", "school", "company", "company_b", "partner", "student")
    ):
        assert attempt(office, name, f"{PASSWORD}{n}").status_code == 200  # each their own typo
    assert attempt(office, "company", PASSWORD).status_code == 302


def test_axes_still_locks_one_username_from_one_address(people, settings):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "company", f"wrong-{n}")
    locked = attempt(client, "company", PASSWORD)
    assert locked.status_code == 429
    assert SESSION_KEY not in client.session
