"""Every write of the notifications app: collecting events into notifications,
routing them to channels, sending with retry and back-off, the daily digest,
marking read, preferences (docs/notifications.md).

Idempotency: a notification is unique per (recipient, event key) and a delivery
per (notification, channel); both are inserted with ON CONFLICT DO NOTHING
(`bulk_create(ignore_conflicts=True)`, SQLite and PostgreSQL alike), so running
a job twice, or two schedulers at once, writes nothing twice. A delivery is
*claimed* before it is sent (rows locked with SKIP LOCKED on PostgreSQL, then
its next attempt pushed past a lease), so two schedulers never send it twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mujigae.core import inbox
from mujigae.core.exceptions import ApplicationError
from mujigae.notifications import sms
from mujigae.notifications.models import Delivery, DigestRun, Notification, Preference, Profile

log = logging.getLogger(__name__)

# seconds to wait after the 1st, 2nd … failed attempt; after the last: given up
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600)
LEASE = dt.timedelta(minutes=10)  # a claimed delivery is not due again before (crash)
BATCH = 200
ROUTE_BATCH = 2000
PREFIX = "[무지개]"


# --------------------------------------------------------------------------
# collect: events -> notifications -> deliveries


@dataclass(frozen=True)
class Collected:
    events: int
    notifications: int  # rows offered (existing ones ignored by the database)
    deliveries: int


def notifications_collect(*, now: dt.datetime | None = None) -> Collected:
    now = now or timezone.now()
    # Titles are stored as text: made in Korean, whatever language this process
    # (a test, a shell) has active. Messages to our users are Korean.
    with override(settings.LANGUAGE_CODE):
        events = inbox.events_at(now)
        titles = {event.key: (str(event.title), str(event.body)) for event in events}
    rows = []
    wanted_ids = {uid for event in events for uid in event.recipients}
    active = set(
        get_user_model()
        .objects.filter(pk__in=wanted_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    for event in events:
        for uid in dict.fromkeys(event.recipients):
            if uid not in active:
                continue
            rows.append(
                Notification(
                    recipient_id=uid,
                    key=event.key[:200],
                    kind=event.kind[:80],
                    title=titles[event.key][0][:300],
                    body=titles[event.key][1],
                    url=event.url[:500],
                    created_at=now,
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    deliveries = 0
    while True:
        routed = _route_batch(now)
        deliveries += routed[1]
        if routed[0] < ROUTE_BATCH:
            break
    return Collected(events=len(events), notifications=len(rows), deliveries=deliveries)


def _route_batch(now: dt.datetime) -> tuple[int, int]:
    """Make the deliveries of notifications not routed yet, per their
    recipients' preferences at this moment. (notifications, deliveries)."""
    batch = list(
        Notification.objects.filter(routed=False)
        .select_related("recipient")
        .order_by("pk")[:ROUTE_BATCH]
    )
    if not batch:
        return 0, 0
    user_ids = {n.recipient_id for n in batch}
    prefs = {(p.user_id, p.kind): p for p in Preference.objects.filter(user_id__in=user_ids)}
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=user_ids)}
    new: list[Delivery] = []
    for n in batch:
        pref = prefs.get((n.recipient_id, n.kind))
        profile = profiles.get(n.recipient_id)
        wants_email = pref.email if pref else True
        wants_sms = pref.sms if pref else False
        if wants_email and n.recipient.email:
            held = bool(profile and profile.digest)
            new.append(
                Delivery(
                    notification=n,
                    channel=Delivery.Channel.EMAIL,
                    next_attempt_at=None if held else now,
                )
            )
        if wants_sms and profile and profile.phone:
            new.append(Delivery(notification=n, channel=Delivery.Channel.SMS, next_attempt_at=now))
    with transaction.atomic():
        Delivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(routed=True)
    return len(batch), len(new)


# --------------------------------------------------------------------------
# deliver: send what is due, retry with back-off


def _due(now: dt.datetime):
    return Delivery.objects.filter(
        status__in=(Delivery.Status.PENDING, Delivery.Status.FAILED),
        next_attempt_at__lte=now,
    )


def _claim(now: dt.datetime, limit: int) -> list[Delivery]:
    """Take up to `limit` due deliveries for this process: locked rows are
    skipped (PostgreSQL), then pushed past the lease so no other scheduler
    takes them before we have recorded the outcome."""
    with transaction.atomic():
        qs = _due(now).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        # a conditional update: rows another process claimed meanwhile are not due any more
        _due(now).filter(pk__in=ids).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    return list(
        Delivery.objects.filter(pk__in=ids, next_attempt_at=now + LEASE).select_related(
            "notification__recipient"
        )
    )


class SendError(Exception):
    """A delivery that cannot go out (no address); a short text, no personal data."""


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.MUJIGAE_BASE_URL.rstrip("/") + url


def _error_text(exc: Exception) -> str:
    # no personal data: our own short SmsError texts, or only the kind of error
    if isinstance(exc, (sms.SmsError, SendError)):
        return str(exc)[:200]
    return type(exc).__name__[:200]


def _send_email(deliveries: list[Delivery]) -> None:
    user = deliveries[0].notification.recipient
    if not user.email:
        raise SendError("no e-mail address")
    with override(settings.LANGUAGE_CODE):
        if len(deliveries) == 1 and deliveries[0].digest_id is None:
            n = deliveries[0].notification
            subject = f"{PREFIX} {n.title}"
            lines = [n.title, n.body, _absolute(n.url)]
        else:
            subject = f"{PREFIX} " + _("Your notifications of the day (%(count)d)") % {
                "count": len(deliveries)
            }
            lines = []
            for d in deliveries:
                n = d.notification
                lines += [f"- {n.title}", f"  {_absolute(n.url)}" if n.url else ""]
        lines += [
            "",
            _("Change what you receive: %(url)s")
            % {"url": _absolute("/notifications/preferences/")},
        ]
    send_mail(
        subject,
        "\n".join(line for line in lines if line is not None),
        None,
        [user.email],
        fail_silently=False,
    )


def _send_sms(delivery: Delivery) -> None:
    n = delivery.notification
    profile = Profile.objects.filter(user_id=n.recipient_id).first()
    if not profile or not profile.phone:
        raise SendError("no mobile number")
    text = f"{PREFIX} {n.title}"
    if n.url:
        text += f" {_absolute(n.url)}"
    sms.send(profile.phone, text)


def _record(deliveries: list[Delivery], now: dt.datetime, error: Exception | None) -> None:
    ids = [d.pk for d in deliveries]
    if error is None:
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENT, sent_at=now, next_attempt_at=None, last_error=""
        )
        return
    text = _error_text(error)
    for d in deliveries:
        if d.attempts >= len(BACKOFF) + 1:
            status, when = Delivery.Status.GIVEN_UP, None
        else:
            status, when = (
                Delivery.Status.FAILED,
                now + dt.timedelta(seconds=BACKOFF[d.attempts - 1]),
            )
        Delivery.objects.filter(pk=d.pk).update(
            status=status, next_attempt_at=when, last_error=text
        )
    log.warning(
        "notifications: %d %s deliveries failed (%s)", len(deliveries), deliveries[0].channel, text
    )


@dataclass(frozen=True)
class Delivered:
    sent: int
    failed: int


def deliveries_send(*, now: dt.datetime | None = None, limit: int = BATCH) -> Delivered:
    now = now or timezone.now()
    claimed = _claim(now, limit)
    groups: dict[Any, list[Delivery]] = defaultdict(list)
    for d in claimed:
        key = ("digest", d.digest_id) if d.digest_id else ("one", d.pk)
        groups[key].append(d)
    sent = failed = 0
    for group in groups.values():
        try:
            if group[0].channel == Delivery.Channel.EMAIL:
                _send_email(group)
            else:
                _send_sms(group[0])
        except Exception as exc:  # noqa: BLE001 - any failure of a channel is retried
            _record(group, now, exc)
            failed += len(group)
        else:
            _record(group, now, None)
            sent += len(group)
    return Delivered(sent=sent, failed=failed)


# --------------------------------------------------------------------------
# the daily digest


def digest_hour() -> int:
    return int(getattr(settings, "MUJIGAE_DIGEST_HOUR", 7))


def digests_prepare(*, now: dt.datetime | None = None, force: bool = False) -> int:
    """At or after the digest hour (Asia/Seoul), gather each person's held
    e-mails into today's digest (one per person per day) and make them due.
    Returns the number of digests made."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < digest_hour() and not force:
        return 0
    today = local.date()
    held = Delivery.objects.filter(
        channel=Delivery.Channel.EMAIL,
        status=Delivery.Status.PENDING,
        next_attempt_at__isnull=True,
        digest__isnull=True,
    )
    made = 0
    for user_id in held.values_list("notification__recipient_id", flat=True).distinct():
        run, created = DigestRun.objects.get_or_create(user_id=user_id, date=today)
        if not created:
            continue  # today's went out already: these wait for tomorrow's
        held.filter(notification__recipient_id=user_id).update(digest=run, next_attempt_at=now)
        made += 1
    return made


# --------------------------------------------------------------------------
# the person's own rows


def notification_mark_read(*, user: Any, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise ApplicationError(_("This notification is not yours."), status=404)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(
    *, user: Any, digest: bool, phone: str, channels: dict[str, tuple[bool, bool]]
) -> None:
    """`channels`: kind -> (e-mail, text message)."""
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.digest = digest
    profile.phone = phone
    profile.save()
    if any(want_sms for _email, want_sms in channels.values()) and not phone:
        raise ApplicationError(
            _("Enter your mobile number to receive text messages."),
            field_errors={"phone": [_("Enter your mobile number to receive text messages.")]},
        )
    for kind, (email, want_sms) in channels.items():
        Preference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": email, "sms": want_sms}
        )


def delivery_retry(*, delivery: Delivery, now: dt.datetime | None = None) -> None:
    """The coordinator's "retry now": a failed or given-up delivery is due
    again, with the whole back-off ahead of it."""
    if delivery.status not in (Delivery.Status.FAILED, Delivery.Status.GIVEN_UP):
        raise ApplicationError(_("Only a failed delivery can be retried."), status=409)
    Delivery.objects.filter(
        pk=delivery.pk, status__in=(Delivery.Status.FAILED, Delivery.Status.GIVEN_UP)
    ).update(status=Delivery.Status.PENDING, attempts=0, next_attempt_at=now or timezone.now())
