"""The notifications pages: each person's own rows only; the coordinator's
failed deliveries of their district; bad input answers a Korean 4xx."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.notifications import services
from mujigae.notifications.models import Delivery, Notification, Preference, Profile
from tests.notifications.conftest import KIND

pytestmark = pytest.mark.django_db


def _note(user, key="k:1", title="새 실행과제", url="/notifications/preferences/"):
    return Notification.objects.create(recipient=user, key=key, kind=KIND, title=title, url=url)


@pytest.mark.parametrize(
    "role", ["coordinator", "school", "company", "partner", "student", "ministry"]
)
def test_every_role_sees_its_own_notifications_and_the_bell(client_for, world, role):
    _note(world.users[role], title=f"알림-{role}")
    _note(world.users["company_b"], key="k:2", title="남의 알림")
    client = client_for(role)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"알림-{role}" in page and "남의 알림" not in page
    assert 'data-testid="notification-count">1<' in page  # the bell in the menu


def test_open_marks_read_and_goes_to_the_events_page(client_for, world):
    n = _note(world.users["company"])
    client = client_for("company")
    response = client.post(reverse("notifications:open"), {"id": n.pk})
    assert response.status_code == 302 and response["Location"] == "/notifications/preferences/"
    n.refresh_from_db()
    assert n.read_at is not None
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="notification-count"' not in page


def test_an_outside_link_is_not_followed(client_for, world):
    n = _note(world.users["company"], url="https://evil.example/")
    response = client_for("company").post(reverse("notifications:open"), {"id": n.pk})
    assert response["Location"] == reverse("notifications:list")


def test_another_persons_notification_is_a_404(client_for, world):
    n = _note(world.users["company_b"])
    client = client_for("company")
    assert client.post(reverse("notifications:open"), {"id": n.pk}).status_code == 404
    assert client.post(reverse("notifications:read"), {"id": n.pk}).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_touches_only_ones_own(client_for, world):
    _note(world.users["company"], key="a")
    _note(world.users["company"], key="b")
    theirs = _note(world.users["company_b"], key="c")
    response = client_for("company").post(reverse("notifications:read"), {"all": "1"})
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.users["company"], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "url", ["notifications:read", "notifications:open", "notifications:delivery_retry"]
)
@pytest.mark.parametrize("data", [{}, {"id": "abc"}, {"id": "-1"}])
def test_bad_input_is_a_korean_422(client_for, url, data):
    response = client_for("coordinator").post(reverse(url), data)
    assert response.status_code == 422
    assert "선택" in response.content.decode()


def test_preferences_are_saved_and_honoured(client_for, world, provider):
    client = client_for("company")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "시험 알림" in page  # the kinds declared by the apps
    response = client.post(
        reverse("notifications:preferences"),
        {"digest": "on", "phone": "01012345678", f"sms:{KIND}": "on"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=world.users["company"])
    assert profile.digest and profile.phone == "010-1234-5678"
    pref = Preference.objects.get(user=world.users["company"], kind=KIND)
    assert (pref.email, pref.sms) == (False, True)


@pytest.mark.parametrize("phone", ["02-123-4567", "010-12-34", "1234", "010-1234-567가"])
def test_a_bad_mobile_number_is_refused_in_korean(client_for, world, phone):
    response = client_for("company").post(reverse("notifications:preferences"), {"phone": phone})
    assert response.status_code == 422
    assert "휴대전화 번호" in response.content.decode()
    assert not Profile.objects.filter(user=world.users["company"]).exists()


def test_text_messages_need_a_number(client_for, world, provider):
    response = client_for("company").post(
        reverse("notifications:preferences"), {f"sms:{KIND}": "on"}
    )
    assert response.status_code == 422
    assert "휴대전화 번호" in response.content.decode()
    assert not Preference.objects.exists()


def _failed(user, status=Delivery.Status.GIVEN_UP):
    n = _note(user, key=f"f:{user.pk}", title=f"실패-{user.username}")
    return Delivery.objects.create(
        notification=n,
        channel=Delivery.Channel.EMAIL,
        status=status,
        attempts=6,
        last_error="SMTPRecipientsRefused",
    )


def test_the_coordinator_sees_failed_deliveries_of_the_district_only(client_for, world):
    ours = _failed(world.users["company"])
    theirs = _failed(world.users["other_company"])
    client = client_for("coordinator")
    page = client.get(reverse("notifications:deliveries")).content.decode()
    assert "실패-company" in page and "SMTPRecipientsRefused" in page
    assert "실패-other_company" not in page
    assert "company@" not in page  # username only, no address
    # another district's delivery: 404
    assert (
        client.post(reverse("notifications:delivery_retry"), {"id": theirs.pk}).status_code == 404
    )
    assert client.post(reverse("notifications:delivery_retry"), {"id": ours.pk}).status_code == 302
    ours.refresh_from_db()
    assert ours.status == Delivery.Status.PENDING and ours.attempts == 0
    # a second "retry now" on a waiting delivery: refused, nothing changes
    response = client.post(reverse("notifications:delivery_retry"), {"id": ours.pk})
    assert response.status_code == 409
    # the company user has no e-mail address yet: it fails again, and stays on the page
    assert services.deliveries_send(now=timezone.now()).failed == 1
    assert "실패-company" in client.get(reverse("notifications:deliveries")).content.decode()
