"""Every read of the notices (docs/sharing-notices.md): the list a person may
see (pinned first, unread marked), one notice, who has read and acknowledged,
who is still to be reminded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from mujigae.core import policy
from mujigae.sharing.audience import members
from mujigae.sharing.models import Notice, NoticeReceipt
from mujigae.students.masking import mask_name


def notice_list(*, user: Any) -> QuerySet:
    """What `user` may see, pinned first then newest, each with `is_read` and
    (for notices asking it) `is_acknowledged` for this user."""
    mine = NoticeReceipt.objects.filter(notice=OuterRef("pk"), user_id=user.pk)
    return (
        policy.visible(user, Notice)
        .select_related("author_org", "author")
        .annotate(
            is_read=Exists(mine),
            is_acknowledged=Exists(mine.filter(acknowledged_at__isnull=False)),
        )
        .order_by("-pinned", "-created_at", "-pk")
    )


def notice_detail(*, user: Any, pk: Any) -> Notice:
    return policy.access(user, Notice, pk, qs=Notice.objects.select_related("author_org", "author"))


def pinned_for(*, user: Any, limit: int = 3) -> list[Notice]:
    return list(notice_list(user=user).filter(pinned=True)[:limit])


def needs_ack(*, user: Any) -> QuerySet:
    """Notices asking `user` for an acknowledgement they have not given (only
    those whose audience includes them: not their own)."""
    from mujigae.sharing.audience import audience_q

    done = NoticeReceipt.objects.filter(
        notice=OuterRef("pk"), user_id=user.pk, acknowledged_at__isnull=False
    )
    return (
        policy.visible(user, Notice)
        .filter(audience_q(user), requires_ack=True)
        .exclude(author_id=user.pk)
        .exclude(Exists(done))
        .order_by("-created_at", "-pk")
    )


def audience_members(notice: Notice) -> QuerySet:
    users = get_user_model().objects.exclude(pk=notice.author_id)
    return members(notice.audience, users)


def pending_ids(notice: Notice) -> list[int]:
    """The audience's members still to do it: not acknowledged (a notice asking
    for it) or not read."""
    receipts = NoticeReceipt.objects.filter(notice=notice)
    if notice.requires_ack:
        receipts = receipts.filter(acknowledged_at__isnull=False)
    return list(
        audience_members(notice)
        .exclude(pk__in=receipts.values("user_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class ReaderRow:
    name: str
    organisation: str
    read_at: Any
    acknowledged_at: Any


@dataclass(frozen=True)
class Readers:
    rows: list[ReaderRow]
    total: int
    read: int
    acknowledged: int

    @property
    def pending(self) -> int:
        return self.total - self.read

    @property
    def not_acknowledged(self) -> int:
        return self.total - self.acknowledged


def readers(notice: Notice) -> Readers:
    """The author's view: every member of the audience, whether and when they
    read and acknowledged it (not yet read first). Students' names are masked."""
    people = list(audience_members(notice).select_related("organisation").order_by("pk"))
    receipts = {r.user_id: r for r in NoticeReceipt.objects.filter(notice=notice)}
    rows = []
    for p in people:
        r = receipts.get(p.pk)
        rows.append(
            ReaderRow(
                # a student's name is masked (PIPA): the author may be a company
                name=mask_name(str(p)) if p.role == policy.STUDENT else str(p),
                organisation=p.organisation.name if p.organisation_id else "",
                read_at=r.read_at if r else None,
                acknowledged_at=r.acknowledged_at if r else None,
            )
        )
    rows.sort(key=lambda row: (row.read_at is not None, row.acknowledged_at is not None))
    return Readers(
        rows=rows,
        total=len(rows),
        read=sum(1 for row in rows if row.read_at),
        acknowledged=sum(1 for row in rows if row.acknowledged_at),
    )
