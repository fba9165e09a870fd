"""Every write of the requests for staff (참여인력 협조, docs/sharing-requests.md).

A partner asks another organisation of its district for people or
facilities; the asked side accepts, declines (with a reason) or proposes
other dates; the asking side accepts the proposal or withdraws; after the
last day either side marks it done. A coordinator acts for either side.
Every move is one transaction with an audit row; a move the status or the
side does not allow raises ApplicationError (Korean, 4xx) and writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mujigae.core import audit, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.partners.models import Organisation, OrgKind
from mujigae.sharing.models import StaffRequest

S = StaffRequest.Status
FIELDS = (
    "kind",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "hours",
    "people",
    "status",
    "proposed_starts_on",
    "proposed_ends_on",
    "response_note",
)
MAX_HOURS = Decimal(10000)

# The words the pages use for a status and a kind (their own msgids: the
# model's short labels, e.g. "done", mean something else in other catalogues).
STATUS_LABELS = {
    S.REQUESTED: _lazy("Waiting for an answer"),
    S.ACCEPTED: _lazy("Accepted"),
    S.DECLINED: _lazy("Declined"),
    S.PROPOSED: _lazy("Another date proposed"),
    S.WITHDRAWN: _lazy("Withdrawn by the asking side"),
    S.DONE: _lazy("Done (it took place)"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


REQUESTER, PROVIDER, EITHER = "requester", "provider", "either"


@dataclass(frozen=True)
class Move:
    side: str
    sources: frozenset[str]
    target: str


MOVES: dict[str, Move] = {
    "accept": Move(PROVIDER, frozenset({S.REQUESTED}), S.ACCEPTED),
    "decline": Move(PROVIDER, frozenset({S.REQUESTED, S.PROPOSED}), S.DECLINED),
    "propose": Move(PROVIDER, frozenset({S.REQUESTED}), S.PROPOSED),
    "accept_proposal": Move(REQUESTER, frozenset({S.PROPOSED}), S.ACCEPTED),
    "withdraw": Move(REQUESTER, frozenset({S.REQUESTED, S.PROPOSED, S.ACCEPTED}), S.WITHDRAWN),
    "done": Move(EITHER, frozenset({S.ACCEPTED}), S.DONE),
}


def parse_hours(value: Any) -> Decimal:
    """Whole hours, 1 or more ("8", "12"): zero, negative, decimal or text is refused."""
    text = str(value if value is not None else "").strip().replace(",", "")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or hours != hours.to_integral_value():
        raise ApplicationError(
            _("Hours must be a whole number, e.g. 8."),
            field_errors={"hours": [_("Hours must be a whole number, e.g. 8.")]},
        )
    if hours <= 0 or hours > MAX_HOURS:
        raise ApplicationError(
            _("Hours must be between 1 and 10000."),
            field_errors={"hours": [_("Hours must be between 1 and 10000.")]},
        )
    return hours.quantize(Decimal(1))


def _dates(starts_on: dt.date | None, ends_on: dt.date | None, prefix: str = "") -> None:
    if starts_on is None or ends_on is None:
        raise ApplicationError(
            _("Give the first and the last day."),
            field_errors={f"{prefix}starts_on": [_("Give the first and the last day.")]},
        )
    if ends_on < starts_on:
        raise ApplicationError(
            _("The last day is before the first day."),
            field_errors={f"{prefix}ends_on": [_("The last day is before the first day.")]},
        )


def request_create(
    *,
    actor: Any,
    requester: Organisation,
    provider: Organisation,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours: Any,
    people: int = 1,
    description: str = "",
) -> StaffRequest:
    if not policy.may_act_for(actor, requester):
        raise ApplicationError(_("You cannot ask on behalf of that organisation."), status=403)
    if provider is None or provider.district_id != requester.district_id:
        raise ApplicationError(
            _("Choose an organisation of your district."),
            field_errors={"provider": [_("Choose an organisation of your district.")]},
        )
    if provider.pk == requester.pk:
        raise ApplicationError(
            _("An organisation cannot ask itself."),
            field_errors={"provider": [_("An organisation cannot ask itself.")]},
        )
    if provider.kind == OrgKind.MINISTRY:
        raise ApplicationError(
            _("Choose an organisation of your district."),
            field_errors={"provider": [_("Choose an organisation of your district.")]},
        )
    if kind not in StaffRequest.Kind.values:
        raise ApplicationError(
            _("Choose what you ask for."), field_errors={"kind": [_("Choose what you ask for.")]}
        )
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Write a title."), field_errors={"title": [_("Write a title.")]})
    _dates(starts_on, ends_on)
    hours = parse_hours(hours)
    if not isinstance(people, int) or isinstance(people, bool) or not 1 <= people <= 1000:
        raise ApplicationError(
            _("People must be between 1 and 1000."),
            field_errors={"people": [_("People must be between 1 and 1000.")]},
        )
    with transaction.atomic():
        req = StaffRequest.objects.create(
            district_id=requester.district_id,
            requester=requester,
            provider=provider,
            kind=kind,
            title=title,
            description=(description or "").strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            people=people,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=req,
            changes=audit.snapshot(req, FIELDS),
        )
    return req


def sides_of(user: Any, req: StaffRequest) -> set[str]:
    """The sides `user` may act for on `req` (a coordinator: both)."""
    if policy.coordinates(user, req.district_id):
        return {REQUESTER, PROVIDER}
    if policy.role_of(user) not in policy.ORG_ROLES or not user.organisation_id:
        return set()
    sides = set()
    if user.organisation_id == req.requester_id:
        sides.add(REQUESTER)
    if user.organisation_id == req.provider_id:
        sides.add(PROVIDER)
    return sides


def allowed_moves(user: Any, req: StaffRequest, *, today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    sides = sides_of(user, req)
    out = []
    for name, move in MOVES.items():
        if req.status not in move.sources:
            continue
        if move.side != EITHER and move.side not in sides:
            continue
        if move.side == EITHER and not sides:
            continue
        if name == "done" and today < req.ends_on:
            continue
        out.append(name)
    return out


def request_move(
    *,
    actor: Any,
    request: StaffRequest,
    action: str,
    note: str = "",
    proposed_starts_on: dt.date | None = None,
    proposed_ends_on: dt.date | None = None,
    today: dt.date | None = None,
) -> StaffRequest:
    today = today or timezone.localdate()
    move = MOVES.get(action)
    if move is None:
        raise ApplicationError(_("Unknown answer."), status=400)
    note = (note or "").strip()
    with transaction.atomic():
        req = StaffRequest.objects.select_for_update().get(pk=request.pk)
        sides = sides_of(actor, req)
        if not sides or (move.side != EITHER and move.side not in sides):
            raise ApplicationError(
                _("Only the asked organisation answers; only the asking one withdraws."),
                status=403,
            )
        if req.status not in move.sources:
            raise ApplicationError(
                _("This cannot be done any more: the request is “%(status)s”.")
                % {"status": status_label(req.status)},
                status=409,
            )
        if action == "done" and today < req.ends_on:
            raise ApplicationError(
                _("It can be marked done from its last day (%(day)s).")
                % {"day": f"{req.ends_on.year}. {req.ends_on.month}. {req.ends_on.day}."},
                status=409,
            )
        if action == "decline" and not note:
            raise ApplicationError(
                _("Write why you decline."), field_errors={"note": [_("Write why you decline.")]}
            )
        before = audit.snapshot(req, FIELDS)
        if action == "propose":
            _dates(proposed_starts_on, proposed_ends_on, prefix="proposed_")
            if (proposed_starts_on, proposed_ends_on) == (req.starts_on, req.ends_on):
                raise ApplicationError(
                    _("Propose dates other than the asked ones."),
                    field_errors={
                        "proposed_starts_on": [_("Propose dates other than the asked ones.")]
                    },
                )
            req.proposed_starts_on, req.proposed_ends_on = proposed_starts_on, proposed_ends_on
        if action == "accept_proposal":
            req.starts_on, req.ends_on = req.proposed_starts_on, req.proposed_ends_on
        if action in ("accept", "decline", "propose"):
            req.responded_by, req.responded_at = actor, timezone.now()
            req.response_note = note
        elif note:
            req.response_note = note
        req.status = move.target
        req.save()
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=req,
            changes={"move": action, **audit.diff(before, audit.snapshot(req, FIELDS))},
        )
    return req
