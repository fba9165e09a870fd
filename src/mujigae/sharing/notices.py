"""Every write of the notices (공지사항, docs/sharing-notices.md): post, edit,
soft delete, the read receipt, the acknowledgement and the reminder. Each is
one transaction and leaves an audit row; bad input raises ApplicationError
(a Korean message, 4xx) and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.sharing.audience import audience_save
from mujigae.sharing.models import Notice, NoticeReceipt

REMIND_EVERY = dt.timedelta(hours=1)  # no second reminder of a notice within an hour
FIELDS = ("title", "body", "pinned", "requires_ack")


def _clean(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Write a title.")]
    if not body:
        errors["body"] = [_("Write the text of the notice.")]
    if errors:
        raise ApplicationError(_("The notice is incomplete."), field_errors=errors)
    return title, body


def notice_create(
    *,
    actor: Any,
    district: Any,
    title: str,
    body: str,
    audience: dict,
    pinned: bool = False,
    requires_ack: bool = False,
) -> Notice:
    if actor.is_student or policy.role_of(actor) not in policy.DISTRICT_MEMBERS:
        raise ApplicationError(_("Students cannot post notices."), status=403)
    if district is None or district.pk != actor.district_id:
        raise ApplicationError(_("You can post only in your own district."), status=403)
    title, body = _clean(title, body)
    with transaction.atomic():
        notice = Notice.objects.create(
            district=district,
            title=title,
            body=body,
            author=actor,
            author_org_id=actor.organisation_id,
            audience=audience_save(district=district, data=audience),
            pinned=bool(pinned),
            requires_ack=bool(requires_ack),
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=notice,
            changes=audit.snapshot(notice, FIELDS),
        )
    return notice


def notice_update(
    *,
    actor: Any,
    notice: Notice,
    title: str,
    body: str,
    audience: dict,
    pinned: bool = False,
    requires_ack: bool = False,
) -> Notice:
    title, body = _clean(title, body)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        before = audit.snapshot(notice, FIELDS)
        notice.title, notice.body = title, body
        notice.pinned, notice.requires_ack = bool(pinned), bool(requires_ack)
        notice.save(update_fields=list(FIELDS))
        audience_save(district=notice.district, data=audience, audience=notice.audience)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=notice,
            changes=audit.diff(before, audit.snapshot(notice, FIELDS)),
        )
    return notice


def notice_delete(*, actor: Any, notice: Notice) -> None:
    """A soft delete: the notice disappears from every list and page."""
    with transaction.atomic():
        updated = Notice.objects.filter(pk=notice.pk, deleted_at__isnull=True).update(
            deleted_at=timezone.now()
        )
        if updated:
            audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=notice)


def notice_read(*, user: Any, notice: Notice) -> NoticeReceipt:
    """The read receipt, written once (the first opening); later openings keep it."""
    receipt = NoticeReceipt.objects.filter(notice=notice, user=user).first()
    if receipt is not None:
        return receipt
    try:
        with transaction.atomic():
            return NoticeReceipt.objects.create(notice=notice, user=user)
    except IntegrityError:  # opened twice at once: the other request wrote it
        return NoticeReceipt.objects.get(notice=notice, user=user)


def notice_acknowledge(*, user: Any, notice: Notice) -> NoticeReceipt:
    """ "확인했습니다": once; pressing it again changes nothing."""
    if not notice.requires_ack:
        raise ApplicationError(_("This notice does not ask for an acknowledgement."), status=400)
    with transaction.atomic():
        receipt = notice_read(user=user, notice=notice)
        receipt = NoticeReceipt.objects.select_for_update().get(pk=receipt.pk)
        if receipt.acknowledged_at is None:
            receipt.acknowledged_at = timezone.now()
            receipt.save(update_fields=["acknowledged_at"])
            audit.record(
                actor=user,
                action=AuditEntry.Action.UPDATE,
                obj=notice,
                changes={"acknowledged_by": user.get_username()},
            )
    return receipt


def notice_remind(*, actor: Any, notice: Notice, now: dt.datetime | None = None) -> int:
    """Remind the audience's members who have not acknowledged (or, when no
    acknowledgement is asked, not read) the notice. Returns how many. The
    notifications are made by the scheduler from `sharing.inbox` (one per
    person and reminder: the key carries the reminder's number)."""
    from mujigae.sharing import notice_selectors

    now = now or timezone.now()
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.reminded_at and now - notice.reminded_at < REMIND_EVERY:
            wait = notice.reminded_at + REMIND_EVERY
            raise ApplicationError(
                _(
                    "A reminder was sent less than an hour ago. You can send the next one "
                    "after %(time)s."
                )
                % {"time": timezone.localtime(wait).strftime("%H:%M")},
                status=429,
            )
        pending = notice_selectors.pending_ids(notice)
        if not pending:
            raise ApplicationError(_("Everyone has already done it: nobody to remind."), status=422)
        notice.reminded_at = now
        notice.reminders += 1
        notice.save(update_fields=["reminded_at", "reminders"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=notice,
            changes={"reminder": notice.reminders, "people": len(pending)},
        )
    return len(pending)
