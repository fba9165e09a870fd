"""The accept page: a new account, or a role added to the account that has the
e-mail; wrong, expired, used or revoked links get a clear page and write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from mujigae.accounts import services
from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import Role, User
from tests import factories as f
from tests.accounts.conftest import invite, token_from_mail

pytestmark = pytest.mark.django_db
GOOD = "rainbow-bridge-2025!"


@pytest.fixture
def link(world, sent):
    """(invitation, token): the company invites a colleague."""
    with sent() as box:
        invitation = invite(
            world.users["company"],
            world.company,
            Role.COMPANY,
            name="박신입",
            email="Park@Example.com",
        )
    return invitation, token_from_mail(box.outbox[0])


def url(token: str) -> str:
    return reverse("accounts:invitation_accept", args=[token])


def counts():
    return (User.objects.count(), Membership.objects.count(), AccessChange.objects.count())


def test_accept_creates_the_account_logs_in_and_lands_home(world, client, link):
    invitation, token = link
    page = client.get(url(token))
    assert page.status_code == 200
    text = page.content.decode()
    assert "박신입" in text and "park@example.com" in text and world.company.name in text
    response = client.post(url(token), {"password1": GOOD, "password2": GOOD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="park@example.com")
    assert user.email == "park@example.com" and user.display_name == "박신입"
    assert (user.role, user.district, user.organisation) == (
        Role.COMPANY,
        world.district,
        world.company,
    )
    assert user.check_password(GOOD)
    assert int(client.session[SESSION_KEY]) == user.pk
    assert list(user.memberships.values_list("role", "organisation")) == [
        (Role.COMPANY, world.company.pk)
    ]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.user == user
    kinds = set(AccessChange.objects.filter(subject=user).values_list("kind", flat=True))
    assert kinds == {"account_created", "role_granted"}
    home = client.get(reverse("home"))
    assert home.status_code == 200 and world.company.name in home.content.decode()


def test_the_link_works_once(world, client, link):
    _invitation, token = link
    client.post(url(token), {"password1": GOOD, "password2": GOOD})
    client.logout()
    before = counts()
    for method in (client.get, client.post):
        response = method(
            url(token), {"password1": GOOD, "password2": GOOD} if method == client.post else None
        )
        assert response.status_code == 410
        assert "이미 사용한 초대" in response.content.decode()
        assert SESSION_KEY not in client.session
    assert counts() == before


def test_expired_revoked_and_wrong_links(world, client, link):
    invitation, token = link
    before = counts()
    response = client.get(url("not-a-real-token"))
    assert response.status_code == 404 and "초대 링크는 쓸 수 없습니다" in response.content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.post(url(token), {"password1": GOOD, "password2": GOOD})
    assert response.status_code == 410 and "기한이 지났습니다" in response.content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=1), revoked_at=timezone.now()
    )
    response = client.post(url(token), {"password1": GOOD, "password2": GOOD})
    assert response.status_code == 410 and "취소된 초대" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert counts() == before


@pytest.mark.parametrize(
    "p1, p2, field, says",
    [
        ("", "", "password1", "필수"),
        (GOOD, GOOD + "x", "password2", "두 비밀번호가 서로 다릅니다"),
        ("short1", "short1", "password1", "너무 짧"),
        ("12345678901", "12345678901", "password1", "숫자"),
        ("password123", "password123", "password1", "흔히 사용되는"),
        ("park@example.com", "park@example.com", "password1", "유사"),
    ],
)
def test_bad_passwords_are_refused_in_korean(world, client, link, p1, p2, field, says):
    _invitation, token = link
    before = counts()
    response = client.post(url(token), {"password1": p1, "password2": p2})
    assert response.status_code == 422
    errors = " ".join(response.context["form"].errors[field])
    assert says in errors, errors
    assert counts() == before and SESSION_KEY not in client.session


def test_an_existing_account_gets_the_role_not_a_second_account(world, client, sent):
    partner = world.users["partner"]
    partner.email = "Partner.Staff@Example.com"
    partner.save()
    with sent() as box:
        invite(
            world.users["coordinator"],
            world.company,
            Role.COMPANY,
            email="partner.staff@example.COM",
        )
    token = token_from_mail(box.outbox[0])
    users = User.objects.count()
    # not logged in: asked to log in, no form to make an account
    page = client.get(url(token))
    assert page.status_code == 200 and "로그인하고 수락하기" in page.content.decode()
    assert client.post(url(token), {"password1": GOOD, "password2": GOOD}).status_code == 200
    assert User.objects.count() == users
    # logged in as someone else: refused
    client.force_login(world.users["company"])
    response = client.post(url(token))
    assert response.status_code == 403 and "다른 사람에게 보낸 초대" in response.content.decode()
    # logged in as the person: the role is added and in use
    client.force_login(partner)
    response = client.post(url(token))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert User.objects.count() == users
    assert set(partner.memberships.values_list("role", flat=True)) == {Role.PARTNER, Role.COMPANY}
    assert partner.role == Role.COMPANY and partner.organisation == world.company
    assert AccessChange.objects.filter(
        subject=partner, kind="role_granted", detail__role="company"
    ).exists()


def test_an_account_made_meanwhile_is_not_duplicated(world, link):
    _invitation, token = link
    User.objects.create_user(username="someone", email="PARK@example.com", role=Role.PARTNER)
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(token=token, password=GOOD)
    assert exc.value.status == 409
    assert not User.objects.filter(username="park@example.com").exists()


def test_email_login_any_case_and_demo_usernames_still_work(world, client, link):
    _invitation, token = link
    client.post(url(token), {"password1": GOOD, "password2": GOOD})
    client.logout()
    response = client.post(reverse("login"), {"username": "PARK@example.COM", "password": GOOD})
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("login"), {"username": "coordinator", "password": "test-password-123"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": "park@example.com", "password": "wrong"})
    assert response.status_code == 200 and SESSION_KEY not in client.session


def test_changing_the_case_of_an_email_buys_no_more_login_attempts(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = world.users["company"]
    user.email = "company.manager@example.com"
    user.save()
    for login in (
        "company.manager@example.com",
        "COMPANY.manager@example.com",
        "Company.Manager@Example.com",
    ):
        client.post(reverse("login"), {"username": login, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "company.MANAGER@example.com", "password": f.PASSWORD}
    )
    assert SESSION_KEY not in client.session and response.status_code in (403, 429, 200)


def test_demo_usernames_match_as_typed(world, client):
    response = client.post(reverse("login"), {"username": "COORDINATOR", "password": f.PASSWORD})
    assert response.status_code == 200 and SESSION_KEY not in client.session
