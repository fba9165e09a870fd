"""Collecting events into notifications, routing them per preferences, sending
with retry and back-off, the daily digest, the text-message backends."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from mujigae.notifications import services, sms
from mujigae.notifications.models import Delivery, Notification, Preference, Profile
from tests.notifications.conftest import KIND

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)  # 10:00 KST


def tick(now=NOW):
    services.notifications_collect(now=now)
    return services.deliveries_send(now=now)


def test_one_notification_and_one_email_per_person_and_event_however_often_it_runs(
    provider, with_emails
):
    users = with_emails
    provider.add("governance.assigned:1", users["company"], users["partner"])
    for minute in range(3):  # three ticks: the event is still there each time
        tick(NOW + dt.timedelta(minutes=minute))
    # a second scheduler by mistake, running the same tick again
    services.notifications_collect(now=NOW)
    services.deliveries_send(now=NOW + dt.timedelta(minutes=5))

    assert Notification.objects.filter(key="governance.assigned:1").count() == 2
    assert Delivery.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["company@example.kr", "partner@example.kr"]
    assert mail.outbox[0].subject.startswith("[무지개] 새 실행과제가")


def test_a_claimed_delivery_is_not_sent_by_a_second_scheduler(provider, with_emails):
    provider.add("k:1", with_emails["company"])
    services.notifications_collect(now=NOW)
    first = services._claim(NOW, 10)
    second = services._claim(NOW, 10)  # the other scheduler, the same instant
    assert len(first) == 1 and second == []


def test_email_off_sends_nothing_but_the_notification_is_in_the_list(provider, with_emails):
    company = with_emails["company"]
    Preference.objects.create(user=company, kind=KIND, email=False, sms=False)
    provider.add("k:1", company)
    tick()
    assert Notification.objects.filter(recipient=company).count() == 1
    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_text_message_goes_to_the_persons_own_number(provider, with_emails, settings, tmp_path):
    settings.MUJIGAE_SMS_BACKEND = "mujigae.notifications.sms.FileBackend"
    settings.MUJIGAE_SMS_FILE = str(tmp_path / "sms.jsonl")
    company = with_emails["company"]
    Preference.objects.create(user=company, kind=KIND, email=False, sms=True)
    Profile.objects.create(user=company, phone="010-1234-5678")
    provider.add("k:1", company, title="설문 마감 3일 전입니다")
    tick()
    lines = [json.loads(x) for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert len(lines) == 1
    assert lines[0]["to"] == "010-1234-5678"
    assert lines[0]["text"].startswith("[무지개] 설문 마감 3일 전입니다")
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_digest_gathers_the_days_notifications_into_one_email(provider, with_emails, settings):
    settings.MUJIGAE_DIGEST_HOUR = 7
    company = with_emails["company"]
    Profile.objects.create(user=company, digest=True)
    provider.add("k:1", company, title="첫째 알림")
    provider.add("k:2", company, title="둘째 알림")
    evening = dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC)  # 21:00 KST
    tick(evening)
    assert mail.outbox == []  # held for the digest
    # 06:00 KST the next day: not yet
    services.digests_prepare(now=dt.datetime(2026, 3, 9, 21, 0, tzinfo=dt.UTC))
    assert services.deliveries_send(now=dt.datetime(2026, 3, 9, 21, 0, tzinfo=dt.UTC)).sent == 0
    morning = dt.datetime(2026, 3, 9, 22, 30, tzinfo=dt.UTC)  # 07:30 KST
    for minutes in (0, 10, 20):  # the digest job runs again and again that morning
        services.digests_prepare(now=morning + dt.timedelta(minutes=minutes))
        services.deliveries_send(now=morning + dt.timedelta(minutes=minutes))
    assert len(mail.outbox) == 1
    assert "첫째 알림" in mail.outbox[0].body and "둘째 알림" in mail.outbox[0].body
    # a notification after today's digest waits for tomorrow's
    provider.add("k:3", company, title="셋째 알림")
    tick(morning + dt.timedelta(hours=1))
    services.digests_prepare(now=morning + dt.timedelta(hours=2))
    services.deliveries_send(now=morning + dt.timedelta(hours=2))
    assert len(mail.outbox) == 1
    services.digests_prepare(now=morning + dt.timedelta(days=1))
    services.deliveries_send(now=morning + dt.timedelta(days=1))
    assert len(mail.outbox) == 2 and "셋째 알림" in mail.outbox[1].body


def test_failures_are_retried_with_back_off_then_given_up(provider, with_emails):
    provider.add("k:1", with_emails["company"])
    services.notifications_collect(now=NOW)
    now = NOW
    waits = []
    with mock.patch.object(services, "send_mail", side_effect=ConnectionRefusedError("x@y")):
        for _ in range(6):
            services.deliveries_send(now=now)
            d = Delivery.objects.get()
            if d.next_attempt_at is None:
                break
            waits.append(round((d.next_attempt_at - now).total_seconds()))
            # not due before the wait is over
            assert (
                services.deliveries_send(now=d.next_attempt_at - dt.timedelta(seconds=1)).failed
                == 0
            )
            now = d.next_attempt_at
    d = Delivery.objects.get()
    assert waits == [60, 300, 1800, 7200, 43200]
    assert d.status == Delivery.Status.GIVEN_UP and d.attempts == 6
    assert d.last_error == "ConnectionRefusedError"  # the kind of error, no address
    # the coordinator retries: it goes out
    services.delivery_retry(delivery=d, now=now)
    assert services.deliveries_send(now=now).sent == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_http_provider_failure_is_retried(provider, with_emails, settings):
    settings.MUJIGAE_SMS_BACKEND = "mujigae.notifications.sms.HttpProviderBackend"
    settings.MUJIGAE_SMS_URL = "https://sms.example.kr/send"
    settings.MUJIGAE_SMS_API_KEY = "secret"
    company = with_emails["company"]
    Preference.objects.create(user=company, kind=KIND, email=False, sms=True)
    Profile.objects.create(user=company, phone="010-1234-5678")
    provider.add("k:1", company)
    error = urllib.error.HTTPError("https://sms.example.kr/send", 503, "busy", {}, None)
    with mock.patch("urllib.request.urlopen", side_effect=error):
        tick()
    d = Delivery.objects.get()
    assert d.status == Delivery.Status.FAILED and d.last_error == "HTTP 503"
    response = mock.MagicMock(status=200)
    response.__enter__.return_value = response
    with mock.patch("urllib.request.urlopen", return_value=response) as urlopen:
        services.deliveries_send(now=d.next_attempt_at)
    request = urlopen.call_args.args[0]
    assert request.get_header("Authorization") == "Bearer secret"
    assert json.loads(request.data)["to"] == "010-1234-5678"
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_file_backend_appends_json_lines(tmp_path):
    backend = sms.FileBackend(str(tmp_path / "out" / "sms.jsonl"))
    backend.send("010-1111-2222", "첫째")
    backend.send("010-1111-2222", "둘째")
    lines = (tmp_path / "out" / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["text"] for x in lines] == ["첫째", "둘째"]


def test_console_backend_logs_no_number(caplog):
    with caplog.at_level("INFO"):
        sms.ConsoleBackend().send("010-1234-5678", "안녕하세요")
    assert "1234" not in caplog.text and "안녕하세요" not in caplog.text


def test_inactive_or_unknown_recipients_get_nothing(provider, world):
    company = world.users["company"]
    company.is_active = False
    company.save()
    provider.events.append(
        services.inbox.Event(key="k:1", kind=KIND, recipients=(company.pk, 999999), title="x")
    )
    tick()
    assert not Notification.objects.exists()


def test_unread_count_is_one_query(provider, world, django_assert_num_queries):
    from mujigae.notifications.selectors import unread_count

    provider.add("k:1", world.users["company"])
    provider.add("k:2", world.users["company"])
    services.notifications_collect(now=timezone.now())
    with django_assert_num_queries(1):
        assert unread_count(world.users["company"]) == 2
