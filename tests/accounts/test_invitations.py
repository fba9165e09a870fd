"""Inviting people: who may invite whom where, the one-time link, the list, revoke, resend."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from mujigae.accounts import services
from mujigae.accounts.models import AccessChange, Invitation
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import Role
from tests.accounts.conftest import invite, token_from_mail

pytestmark = pytest.mark.django_db


def test_coordinator_invites_and_the_mail_carries_a_one_time_link(world, sent, settings):
    settings.MUJIGAE_BASE_URL = "https://mujigae.example.go.kr"
    coordinator = world.users["coordinator"]
    with sent() as box:
        invitation = invite(coordinator, world.company, Role.COMPANY, email="Kim@Example.COM")
    assert invitation.email == "kim@example.com"
    assert invitation.status == Invitation.Status.PENDING
    [message] = box.outbox
    assert message.to == ["kim@example.com"]
    assert "초대" in message.subject and world.district.name in message.subject
    assert "https://mujigae.example.go.kr/accounts/invite/" in message.body
    assert "기업 담당자" in message.body and world.company.name in message.body
    token = token_from_mail(message)
    # only the digest is stored, never the token
    assert invitation.digest == hashlib.sha256(token.encode()).hexdigest()
    assert not Invitation.objects.filter(digest=token).exists()
    days = (invitation.expires_at - timezone.now()).days
    assert days in (6, 7)  # MUJIGAE_INVITATION_DAYS, default 7
    row = AccessChange.objects.get(kind=AccessChange.Kind.INVITED)
    assert row.actor == coordinator and row.subject_name == "새담당자"
    assert row.district == world.district and row.detail["role"] == Role.COMPANY


def test_validity_follows_the_setting(world, settings):
    settings.MUJIGAE_INVITATION_DAYS = 2
    invitation = invite(world.users["coordinator"], world.company, Role.COMPANY)
    assert 1 <= (invitation.expires_at - timezone.now()).days <= 2


def test_a_rollback_sends_no_mail(world, sent):
    with sent() as box, pytest.raises(ApplicationError):
        invite(world.users["coordinator"], world.school, Role.COMPANY)  # role does not fit
    assert box.outbox == [] and not Invitation.objects.exists()


@pytest.mark.parametrize(
    "inviter, org, role",
    [
        ("school", "school", Role.SCHOOL),
        ("company", "company", Role.COMPANY),
        ("coordinator", "school", Role.SCHOOL),
        ("coordinator", "partner", Role.PARTNER),
        ("coordinator", "office", Role.COORDINATOR),
    ],
)
def test_who_may_invite(world, inviter, org, role):
    invitation = invite(world.users[inviter], getattr(world, org), role)
    assert invitation.organisation == getattr(world, org)


@pytest.mark.parametrize(
    "inviter, org, role, field",
    [
        # above one's own role
        ("school", "school", Role.COORDINATOR, "role"),
        ("company", "company", Role.COORDINATOR, "role"),
        ("company", "company", Role.SCHOOL, "role"),
        # another organisation of the district
        ("school", "company", Role.SCHOOL, "organisation"),
        ("company", "company_b", Role.COMPANY, "organisation"),
        # another district
        ("coordinator", "other_company", Role.COMPANY, "organisation"),
        # roles that do not invite at all
        ("partner", "partner", Role.PARTNER, "role"),
        ("ministry", "company", Role.COMPANY, "role"),
        ("student", "school", Role.SCHOOL, "role"),
        # students are not invited
        ("coordinator", "school", Role.STUDENT, "role"),
    ],
)
def test_nobody_invites_outside_their_reach_or_above_their_role(world, inviter, org, role, field):
    with pytest.raises(ApplicationError) as exc:
        invite(world.users[inviter], getattr(world, org), role)
    assert field in exc.value.field_errors
    assert exc.value.status == 403
    assert (
        not Invitation.objects.exists() and not AccessChange.objects.filter(kind="invited").exists()
    )


def test_role_must_fit_the_organisation(world):
    for org, role in (
        (world.school, Role.COMPANY),
        (world.company, Role.PARTNER),
        (world.partner, Role.SCHOOL),
    ):
        with pytest.raises(ApplicationError) as exc:
            invite(world.users["coordinator"], org, role)
        assert "role" in exc.value.field_errors
    assert not Invitation.objects.exists()


def test_the_same_email_cannot_be_pending_twice(world):
    invite(world.users["coordinator"], world.company, Role.COMPANY, email="a@example.com")
    with pytest.raises(ApplicationError) as exc:
        invite(world.users["coordinator"], world.company_b, Role.COMPANY, email="A@EXAMPLE.com")
    assert "이미 대기 중" in exc.value.message
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_does_not_block_a_new_one(world):
    old = invite(world.users["coordinator"], world.company, Role.COMPANY, email="a@example.com")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    invite(world.users["coordinator"], world.company, Role.COMPANY, email="a@example.com")
    assert Invitation.objects.count() == 2


def test_revoke_and_resend(world, sent):
    coordinator = world.users["coordinator"]
    with sent() as box:
        invitation = invite(coordinator, world.company, Role.COMPANY)
    first = token_from_mail(box.outbox[0])
    with sent() as box:
        services.invitation_resend(actor=coordinator, invitation=invitation)
    second = token_from_mail(box.outbox[0])
    assert first != second
    invitation.refresh_from_db()
    assert invitation.sent_count == 2
    with pytest.raises(services.InvitationUnusable):
        services.invitation_by_token(first)  # the old link no longer works
    assert services.invitation_by_token(second).pk == invitation.pk
    services.invitation_revoke(actor=coordinator, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    with pytest.raises(services.InvitationUnusable) as exc:
        services.invitation_by_token(second)
    assert exc.value.status == 410
    with pytest.raises(ApplicationError):
        services.invitation_resend(actor=coordinator, invitation=invitation)
    kinds = list(
        AccessChange.objects.filter(kind__in=["invited", "invitation_revoked"])
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["invited", "invited", "invitation_revoked"]


# --------------------------------------------------------------------------
# pages


def test_invitation_form_page(world, client_for, sent):
    client = client_for("coordinator")
    response = client.get(reverse("accounts:invitation_create"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "사람 초대하기" in text and world.other_company.name not in text
    with sent() as box:
        response = client.post(
            reverse("accounts:invitation_create"),
            {
                "name": "박기업",
                "email": "park@example.com",
                "organisation": world.company.pk,
                "role": "company",
            },
        )
    assert response.status_code == 302
    assert len(box.outbox) == 1
    listing = client.get(reverse("accounts:invitation_list")).content.decode()
    assert "박기업" in listing and "대기 중" in listing


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": "", "email": "x@example.com", "role": "company"}, "name", "필수"),
        ({"name": "가", "email": "not-an-email", "role": "company"}, "email", "올바른 이메일"),
        ({"name": "가" * 101, "email": "x@example.com", "role": "company"}, "name", "최대 100자"),
        ({"name": "가", "email": "x@example.com", "role": "coordinator"}, "role", ""),
    ],
)
def test_bad_invitation_form_answers_422_in_korean(world, client_for, data, field, message):
    client = client_for("company")
    response = client.post(
        reverse("accounts:invitation_create"), {**data, "organisation": world.company.pk}
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert not Invitation.objects.exists() and not mail.outbox


def test_company_cannot_name_another_organisation_in_the_form(world, client_for):
    client = client_for("company")
    response = client.post(
        reverse("accounts:invitation_create"),
        {
            "name": "가",
            "email": "x@example.com",
            "organisation": world.company_b.pk,
            "role": "company",
        },
    )
    assert response.status_code == 422
    assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_list_shows_each_status_and_is_scoped(world, client_for):
    coordinator = world.users["coordinator"]
    pending = invite(coordinator, world.company, Role.COMPANY, name="대기자", email="p@example.com")
    expired = invite(coordinator, world.company, Role.COMPANY, name="만료자", email="e@example.com")
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    revoked = invite(coordinator, world.company, Role.COMPANY, name="취소자", email="r@example.com")
    services.invitation_revoke(actor=coordinator, invitation=revoked)
    invite(coordinator, world.company_b, Role.COMPANY, name="남의직원", email="b@example.com")
    text = client_for("coordinator").get(reverse("accounts:invitation_list")).content.decode()
    with translation.override("ko"):
        labels = [str(label) for label in Invitation.Status.labels]
    for word in ("대기자", "만료자", "취소자", "남의직원", *labels):
        assert word in text
    response = client_for("company").get(reverse("accounts:invitation_list") + "?status=pending")
    text = response.content.decode()
    assert "대기자" in text and "만료자" not in text and "남의직원" not in text
    assert pending.pk


def test_another_company_cannot_revoke_our_invitation(world, client_for):
    invitation = invite(world.users["company"], world.company, Role.COMPANY)
    client = client_for("company_b")
    assert (
        client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 404
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_revoking_twice_is_harmless_and_an_accepted_one_cannot_be_revoked(world, client_for):
    invitation = invite(world.users["company"], world.company, Role.COMPANY)
    client = client_for("company")
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a double submit
    assert AccessChange.objects.filter(kind="invitation_revoked").count() == 1
    accepted = invite(world.users["company"], world.company, Role.COMPANY, email="z@example.com")
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now())
    response = client.post(reverse("accounts:invitation_revoke", args=[accepted.pk]))
    assert response.status_code == 409
    assert "대기 중인 초대만" in response.content.decode()
