"""The demo's people and access: invitations of every status, a coordinator who
also holds a school role, some history; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.core.models import Role, User
from mujigae.demo.accounts import DEMO_TOKEN, load_ansan_accounts
from mujigae.demo.ansan import load_ansan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_ansan()
    return load_ansan_accounts()


def counts():
    return (
        Invitation.objects.count(),
        Membership.objects.count(),
        AccessChange.objects.count(),
        User.objects.count(),
    )


def test_demo_invitations_and_roles(demo, client):
    assert {k: i.status for k, i in demo.items()} == {
        "pending": Invitation.Status.PENDING,
        "expired": Invitation.Status.EXPIRED,
        "revoked": Invitation.Status.REVOKED,
        "accepted": Invitation.Status.ACCEPTED,
    }
    coordinator = User.objects.get(username="coordinator")
    assert set(coordinator.memberships.values_list("role", flat=True)) == {
        Role.COORDINATOR,
        Role.SCHOOL,
    }
    assert coordinator.role == Role.COORDINATOR  # the README's login is unchanged
    assert (
        AccessChange.objects.filter(district=coordinator.district, detail__demo=True).count() >= 5
    )
    # the printed link opens the accept page
    response = client.get(reverse("accounts:invitation_accept", args=[DEMO_TOKEN]))
    assert response.status_code == 200 and "이초대" in response.content.decode()
    client.force_login(coordinator)
    assert 'data-testid="role-switch"' in client.get(reverse("home")).content.decode()


def test_loading_twice_changes_nothing(demo):
    before = counts()
    load_ansan()
    load_ansan_accounts()
    assert counts() == before
