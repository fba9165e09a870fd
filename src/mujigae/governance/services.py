"""Writes of governance: meetings, minutes, decisions, action items, commitments.
Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.governance.models import ActionItem, Commitment, Decision, Meeting
from mujigae.partners.models import Organisation

MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "place",
    "chair",
    "agenda",
    "status",
    "organisations",
    "attendees",
)
ACTION_FIELDS = (
    "title",
    "description",
    "owner",
    "due_date",
    "status",
    "progress_note",
    "meeting",
    "decision",
)
# What the owning organisation (not the coordinator) may change on its own item.
ACTION_OWNER_FIELDS = ("status", "progress_note")
COMMITMENT_FIELDS = ("status", "evidence", "description")
COMMITMENT_PARTY_FIELDS = ("status", "evidence")


def _field_error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


def _same_district(district: District, field: str, objects: Any) -> None:
    for obj in objects or []:
        if obj is not None and obj.district_id != district.pk:
            raise _field_error(field, _("You cannot choose an entry of another district."))


def _check_meeting(district: District, data: dict[str, Any]) -> None:
    _same_district(district, "organisations", data.get("organisations"))
    _same_district(district, "attendees", data.get("attendees"))
    orgs = data.get("organisations")
    if orgs is not None:
        org_ids = {o.pk for o in orgs}
        for person in data.get("attendees") or []:
            if person.organisation_id not in org_ids:
                raise _field_error(
                    "attendees",
                    _(
                        "%(name)s's organisation is not among the attending organisations. "
                        "Choose the attending organisations first."
                    )
                    % {"name": person.name},
                )


@transaction.atomic
def meeting_create(*, actor: Any, district: District, via: str = "web", **data: Any) -> Meeting:
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    _check_meeting(district, data)
    return writes.create(actor=actor, model=Meeting, data={"district": district, **data}, via=via)


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, via: str = "web", **data: Any) -> Meeting:
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    check = dict(data)
    if "attendees" in check and "organisations" not in check:
        check["organisations"] = list(meeting.organisations.all())
    _check_meeting(meeting.district, check)
    return writes.update(actor=actor, obj=meeting, data=data, via=via)


@transaction.atomic
def meeting_record_minutes(
    *,
    actor: Any,
    meeting: Meeting,
    minutes: str,
    decisions: list[str] | None = None,
    via: str = "web",
) -> Meeting:
    """Record the minutes, mark the meeting held and add the decisions taken."""
    meeting = writes.update(
        actor=actor, obj=meeting, data={"minutes": minutes, "status": Meeting.Status.HELD}, via=via
    )
    for text in decisions or []:
        if text.strip():
            decision_add(actor=actor, meeting=meeting, text=text, via=via)
    return meeting


@transaction.atomic
def decision_add(*, actor: Any, meeting: Meeting, text: str, via: str = "web") -> Decision:
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Enter the decision."))
    # Lock the meeting so two coordinators adding at once get distinct numbers.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return writes.create(
        actor=actor,
        model=Decision,
        data={"meeting": meeting, "number": number, "text": text},
        via=via,
    )


def _check_action(district: District, data: dict[str, Any]) -> None:
    owner: Organisation | None = data.get("owner")
    if owner is not None and owner.district_id != district.pk:
        raise _field_error(
            "owner", _("You cannot assign an action item to an organisation of another district.")
        )
    meeting = data.get("meeting")
    if meeting is not None and meeting.district_id != district.pk:
        raise _field_error("meeting", _("You cannot choose a meeting of another district."))
    decision = data.get("decision")
    if decision is not None:
        if decision.meeting.district_id != district.pk:
            raise _field_error("decision", _("You cannot choose a decision of another district."))
        if meeting is not None and decision.meeting_id != meeting.pk:
            raise _field_error("decision", _("The decision does not belong to the chosen meeting."))


def _completion(item: ActionItem | None, data: dict[str, Any]) -> dict[str, Any]:
    status = data.get("status")
    if status is None:
        return data
    was_done = item is not None and item.status == ActionItem.Status.DONE
    if status == ActionItem.Status.DONE and not was_done:
        data["completed_at"] = timezone.now()
    elif status != ActionItem.Status.DONE and was_done:
        data["completed_at"] = None
    return data


def _only(data: dict[str, Any], allowed: tuple[str, ...], message: str) -> None:
    """A party that is not the coordinator changes only `allowed` fields: any
    other is refused (403) with `message`, field by field."""
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise ApplicationError(
            message,
            field_errors={
                name: [_("You are not allowed to change this field.")] for name in refused
            },
            status=403,
        )


@transaction.atomic
def action_item_create(
    *, actor: Any, district: District, via: str = "web", **data: Any
) -> ActionItem:
    data = {k: v for k, v in data.items() if k in ACTION_FIELDS}
    if data.get("decision") is not None and data.get("meeting") is None:
        data["meeting"] = data["decision"].meeting
    _check_action(district, data)
    data = _completion(None, data)
    return writes.create(
        actor=actor, model=ActionItem, data={"district": district, **data}, via=via
    )


@transaction.atomic
def action_item_update(
    *, actor: Any, item: ActionItem, full: bool, via: str = "web", **data: Any
) -> ActionItem:
    """`full`: the coordinator may change everything; the owner only status and note."""
    _only(
        data,
        ACTION_FIELDS if full else ACTION_OWNER_FIELDS,
        _("The owning organisation may change only the status and the progress note."),
    )
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    _check_action(item.district, data)
    data = _completion(item, data)
    return writes.update(actor=actor, obj=item, data=data, via=via)


@transaction.atomic
def commitment_update(
    *, actor: Any, commitment: Commitment, full: bool, via: str = "web", **data: Any
) -> Commitment:
    _only(
        data,
        COMMITMENT_FIELDS if full else COMMITMENT_PARTY_FIELDS,
        _("A party to the agreement may change only the status and the evidence."),
    )
    return writes.update(actor=actor, obj=commitment, data=data, via=via)
