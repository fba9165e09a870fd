"""Reads of governance: meetings, action items, the MOU matrix, the timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mujigae.core import policy
from mujigae.governance.models import ActionItem, Agreement, Clause, Commitment, Meeting


def meeting_list(
    *,
    user: Any,
    kind: str | None = None,
    organisation: int | str | None = None,
    when: str | None = None,
) -> QuerySet[Meeting]:
    qs = policy.visible(user, Meeting).select_related("district")
    if kind:
        qs = qs.filter(kind=kind)
    if organisation:
        qs = qs.filter(organisations__id=organisation)
    now = timezone.now()
    order = ("-starts_at", "-id")
    if when == "upcoming":
        qs, order = qs.filter(starts_at__gte=now), ("starts_at", "id")
    elif when == "past":
        qs = qs.filter(starts_at__lt=now)
    return qs.annotate(n_orgs=Count("organisations", distinct=True)).order_by(*order)


def upcoming_meetings(
    *, user: Any, limit: int = 5, organisation_id: int | None = None
) -> list[Meeting]:
    qs = policy.visible(user, Meeting).filter(
        starts_at__gte=timezone.now(), status=Meeting.Status.PLANNED
    )
    if organisation_id:
        qs = qs.filter(organisations__id=organisation_id)
    return list(qs.select_related("district").order_by("starts_at")[:limit])


def action_item_list(
    *,
    user: Any,
    status: str | None = None,
    owner: int | str | None = None,
    overdue: bool = False,
    meeting: int | str | None = None,
    q: str | None = None,
    district: int | str | None = None,
) -> QuerySet[ActionItem]:
    qs = policy.visible(user, ActionItem).select_related("owner", "meeting", "district")
    if district:
        qs = qs.filter(district_id=district)
    if status == "open":
        qs = qs.filter(status__in=ActionItem.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner_id=owner)
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if overdue:
        qs = qs.filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=timezone.localdate())
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.order_by("due_date", "id")


def action_item_counts(*, user: Any, owner_id: int | None = None) -> dict[str, int]:
    qs = policy.visible(user, ActionItem)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    today = timezone.localdate()
    return qs.aggregate(
        open=Count("id", filter=Q(status__in=ActionItem.OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)),
        done=Count("id", filter=Q(status=ActionItem.Status.DONE)),
        total=Count("id"),
    )


@dataclass
class ClauseProgress:
    clause: Clause
    counts: dict[str, int]
    total: int

    @property
    def achieved_pct(self) -> int:
        return (
            round(100 * self.counts.get(Commitment.Status.ACHIEVED, 0) / self.total)
            if self.total
            else 0
        )


def commitment_progress(*, user: Any, agreement: Agreement | None = None) -> list[ClauseProgress]:
    """Per clause: how many commitments are in each status (two queries)."""
    clauses = policy.visible(user, Clause).select_related("agreement")
    commitments = policy.visible(user, Commitment)
    if agreement is not None:
        clauses = clauses.filter(agreement=agreement)
        commitments = commitments.filter(clause__agreement=agreement)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in commitments.values("clause_id", "status").annotate(n=Count("id")).order_by():
        counts[row["clause_id"]][row["status"]] = row["n"]
    result = []
    for clause in clauses.order_by("agreement_id", "number"):
        c = counts.get(clause.pk, {})
        result.append(ClauseProgress(clause=clause, counts=c, total=sum(c.values())))
    return result


def commitment_list(
    *,
    user: Any,
    clause: int | None = None,
    organisation: int | str | None = None,
    status: str | None = None,
    agreement: int | str | None = None,
) -> QuerySet[Commitment]:
    """Commitments the user may see; `clause` is the clause number (1-8)."""
    qs = policy.visible(user, Commitment).select_related("clause", "organisation")
    if clause is not None:
        qs = qs.filter(clause__number=clause)
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if status is not None:
        qs = qs.filter(status=status)
    if agreement is not None:
        qs = qs.filter(clause__agreement_id=agreement)
    return qs.order_by("clause__agreement_id", "clause__number", "organisation__name", "id")


def current_agreement(*, user: Any, district_id: int | None = None) -> Agreement | None:
    qs = policy.visible(user, Agreement)
    if district_id:
        qs = qs.filter(district_id=district_id)
    return qs.order_by("-signed_on").first()


@dataclass
class MouMatrix:
    agreement: Agreement
    clauses: list[Clause]
    parties: list[Any]
    cells: dict[tuple[int, int], Commitment]

    def rows(self):
        for party in self.parties:
            yield party, [self.cells.get((clause.pk, party.pk)) for clause in self.clauses]


def mou_matrix(*, user: Any, agreement_id: int) -> MouMatrix:
    agreement = policy.access(user, Agreement, agreement_id)
    clauses = list(agreement.clauses.order_by("number"))
    parties = list(agreement.parties.order_by("kind", "name"))
    cells = {
        (c.clause_id, c.organisation_id): c
        for c in policy.visible(user, Commitment).filter(clause__agreement=agreement)
    }
    return MouMatrix(agreement=agreement, clauses=clauses, parties=parties, cells=cells)


def timeline(*, user: Any, district_id: int | None = None) -> list[Meeting]:
    qs = policy.visible(user, Meeting).select_related("district").prefetch_related("organisations")
    if district_id:
        qs = qs.filter(district_id=district_id)
    return list(qs.order_by("starts_at"))


def figures_by_district(*, user: Any) -> dict[int, dict[str, int]]:
    """Per district the user may read: meetings held, open / overdue / done
    action items, commitments and the share achieved (three queries, whatever
    the number of districts or rows)."""
    today = timezone.localdate()
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for r in policy.visible(user, Meeting).values("district_id").annotate(n=Count("id")).order_by():
        out[r["district_id"]]["meetings"] = r["n"]
    open_ = Q(status__in=ActionItem.OPEN_STATUSES)
    for r in (
        policy.visible(user, ActionItem)
        .values("district_id")
        .annotate(
            open=Count("id", filter=open_),
            overdue=Count("id", filter=open_ & Q(due_date__lt=today)),
            done=Count("id", filter=Q(status=ActionItem.Status.DONE)),
        )
        .order_by()
    ):
        out[r.pop("district_id")].update(r)
    for r in (
        policy.visible(user, Commitment)
        .values("district_id")
        .annotate(
            commitments=Count("id"),
            achieved=Count("id", filter=Q(status=Commitment.Status.ACHIEVED)),
        )
        .order_by()
    ):
        total, achieved = r["commitments"], r["achieved"]
        out[r["district_id"]].update(
            commitments=total, achieved_pct=round(100 * achieved / total) if total else 0
        )
    return dict(out)
