"""Idle logout, enforced by the server; the page's warning gets its numbers
from data- attributes (no inline script)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from mujigae.security.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db


def age_session(client: Client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN] = time.time() - seconds
    session.save()


def test_force_login_sessions_count_as_fresh(client_for):
    client = client_for("coordinator")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-idle-seconds="1800"' in text
    assert "security/idle.js" in text and "<script>" not in text
    assert "계속 사용" in text
    assert LAST_SEEN in client.session


def test_other_roles_get_the_longer_limit(client_for, settings):
    response = client_for("company").get(reverse("home"))
    assert (
        f'data-idle-seconds="{settings.MUJIGAE_IDLE_MINUTES_OTHER * 60}"'
        in response.content.decode()
    )


def test_idle_session_is_logged_out_on_the_server(client_for, settings):
    client = client_for("school")
    client.get(reverse("home"))
    age_session(client, settings.MUJIGAE_IDLE_MINUTES * 60 + 5)
    response = client.get(reverse("students:student_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "30분 동안 사용하지 않아 자동으로 로그아웃되었습니다" in page


def test_idle_htmx_request_gets_hx_redirect(client_for, settings):
    client = client_for("coordinator")
    client.get(reverse("home"))
    age_session(client, settings.MUJIGAE_IDLE_MINUTES * 60 + 5)
    response = client.post(reverse("security:keepalive"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")
    assert SESSION_KEY not in client.session


def test_activity_and_keepalive_keep_the_session(client_for, settings):
    client = client_for("coordinator")
    client.get(reverse("home"))
    age_session(client, settings.MUJIGAE_IDLE_MINUTES * 60 - 30)
    assert client.post(reverse("security:keepalive")).status_code == 204
    assert time.time() - client.session[LAST_SEEN] < 5
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("security:keepalive")).status_code == 405


def test_anonymous_pages_have_no_idle_timer(client):
    text = client.get(reverse("login")).content.decode()
    assert "data-idle-seconds" not in text and "idle.js" not in text
