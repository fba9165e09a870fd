"""The platform: health check, login and its throttling, API tokens, audit log,
and query counts that do not grow with the data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.core.models import ApiToken, AuditEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_robots_txt_keeps_crawlers_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /" in response.content.decode()


def test_unknown_url_is_a_korean_404_not_an_error(client, client_for):
    assert client.get("/favicon.ico").status_code == 404
    response = client_for("company").get("/no/such/page/")
    assert response.status_code == 404
    assert (
        "찾을 수 없" in response.content.decode()
        or "not found" in response.content.decode().lower()
    )


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise RuntimeError("db down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_anonymous_is_sent_to_login_and_back(client, world):
    response = client.get(reverse("partners:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # a company manager: no second factor (the school's code step: tests/security)
    response = client.post(response["Location"], {"username": "company", "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("partners:directory")


def test_wrong_password_message_in_korean(client, world):
    response = client.post(reverse("login"), {"username": "school", "password": "wrong"})
    assert response.status_code == 200
    assert "비밀번호" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "school", "password": "wrong"})
    # now even the right password is refused for a while
    response = client.post(reverse("login"), {"username": "school", "password": f.PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # another user from the same address is not locked out
    response = client.post(reverse("login"), {"username": "company", "password": f.PASSWORD})
    assert response.status_code == 302


def test_logout_requires_post(client_for):
    client = client_for("company")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_tokens_are_shown_once_stored_hashed_and_revocable(client_for, world, client):
    c = client_for("school")
    response = c.post(reverse("core:tokens"), {"name": "학교 시스템 연동"})
    raw = response.context["new_token"]
    token = ApiToken.objects.get(user=world.users["school"])
    assert raw.startswith("mjg_") and raw not in (token.digest, token.prefix)
    assert raw not in c.get(reverse("core:tokens")).content.decode()  # shown only once
    assert c.post(reverse("core:tokens"), {"name": ""}).context["form"].errors
    # another user cannot revoke it
    client.force_login(world.users["company"])
    assert client.post(reverse("core:token_revoke", args=[token.pk])).status_code == 404
    c.force_login(world.users["school"])
    assert c.post(reverse("core:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_students_are_offered_no_api_tokens(client_for, world):
    # issue 16: the header showed students "API 토큰"; the API serves them nothing
    student = client_for("student")
    home = student.get(reverse("home")).content.decode()
    assert "API 토큰" not in home and reverse("core:tokens") not in home
    assert student.get(reverse("core:tokens")).status_code == 403
    assert student.post(reverse("core:tokens"), {"name": "내 토큰"}).status_code == 403
    assert not ApiToken.objects.filter(user=world.users["student"]).exists()
    # everyone else keeps the link
    school = client_for("school").get(reverse("home")).content.decode()
    assert "API 토큰" in school and reverse("core:tokens") in school


def test_audit_log_is_scoped_to_the_district(world, client_for):
    AuditEntry.objects.create(
        district=world.district,
        actor_name="coordinator",
        action="update",
        object_type="partners.Organisation",
        object_id="1",
        object_repr="우리 기관",
    )
    AuditEntry.objects.create(
        district=world.other_district,
        actor_name="x",
        action="update",
        object_type="partners.Organisation",
        object_id="2",
        object_repr="남의 기관",
    )
    page = client_for("coordinator").get(reverse("core:audit_log")).content.decode()
    assert "우리 기관" in page and "남의 기관" not in page


def _populate(world, n):
    for i in range(n):
        org = f.OrganisationFactory(district=world.district, name=f"채움기관{n}-{i}")
        f.ActionItemFactory(owner=org)
        meeting = f.MeetingFactory(district=world.district)
        meeting.organisations.add(org)


@pytest.mark.parametrize("role", ["coordinator", "company", "ministry"])
@pytest.mark.parametrize(
    "url", ["/", "/partners/", "/governance/actions/", "/governance/meetings/"]
)
def test_query_count_does_not_grow_with_rows(
    world, client_for, django_assert_max_num_queries, role, url
):
    client = client_for(role)
    _populate(world, 3)
    # the ministry's home also counts the districts by proposed grade: an
    # evaluation of the newest framework, one query per measure (fixed)
    cap = 40 if (role, url) == ("ministry", "/") else 25
    with django_assert_max_num_queries(cap) as small:
        assert client.get(url).status_code == 200
    _populate(world, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_pages_are_korean_even_for_an_english_browser(client_for):
    client = client_for("coordinator")
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="ko"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/", headers={"accept-language": "ko-KR"}).content.decode()
    assert 'lang="en"' in page


def test_api_follows_the_clients_accept_language(client_for):
    client = client_for("coordinator")
    response = client.get("/api/organisations/999999", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
