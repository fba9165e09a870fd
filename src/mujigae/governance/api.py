"""REST API of governance: /api/meetings/, /api/action-items/, /api/commitments/.

Route names and who may call them: governance/access.py ("api:meetings",
"api:meeting", "api:action_items", "api:action_item", "api:commitments",
"api:commitment").
Rows: policy.visible / policy.access; writes: the governance services (audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from mujigae.core import policy
from mujigae.core.api_schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Day,
    Id,
    InSchema,
    Moment,
    PageParams,
    Text,
    local,
    paginate,
    pick,
    pick_many,
)
from mujigae.governance import selectors, services
from mujigae.governance.models import (
    ActionItem,
    Commitment,
    Decision,
    Meeting,
    MeetingKind,
)
from mujigae.partners.models import Organisation, Person

meetings = Router(tags=["meetings"])
action_items = Router(tags=["action items"])
commitments = Router(tags=["commitments"])

MAX_CLAUSE_NUMBER = 32767  # PositiveSmallIntegerField


# ==========================================================================
# meetings


class DecisionOut(Schema):
    id: int
    number: int
    text: str


class MeetingOut(Schema):
    id: int
    district: int
    kind: MeetingKind
    title: str
    starts_at: dt.datetime
    place: str
    chair: str
    status: Meeting.Status
    organisations: list[int] = Field(description="ids of the attending organisations")

    @staticmethod
    def resolve_district(obj: Meeting) -> int:
        return obj.district_id

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> dt.datetime | None:
        return local(obj.starts_at)

    @staticmethod
    def resolve_organisations(obj: Meeting) -> list[int]:
        return [org.pk for org in obj.organisations.all()]  # prefetched


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    attendees: list[int] = Field(description="ids of the attending people")
    decisions: list[DecisionOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_attendees(obj: Meeting) -> list[int]:
        return [person.pk for person in obj.attendees.all()]  # prefetched

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list[Decision]:
        return list(obj.decisions.all())  # prefetched, by number

    @staticmethod
    def resolve_created_at(obj: Meeting) -> dt.datetime | None:
        return local(obj.created_at)

    @staticmethod
    def resolve_updated_at(obj: Meeting) -> dt.datetime | None:
        return local(obj.updated_at)


class MeetingPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[MeetingOut]


class MeetingFilters(PageParams):
    kind: MeetingKind | None = None
    organisation: Id | None = Field(None, description="id of an attending organisation")
    when: Literal["upcoming", "past"] | None = None


class MeetingIn(InSchema):
    kind: MeetingKind
    title: Text
    starts_at: Moment = Field(description="ISO 8601; without an offset it is Korean time")
    place: Text = ""
    chair: Text = ""
    agenda: Text = ""
    status: Meeting.Status = Meeting.Status.PLANNED
    organisations: list[Id] = Field(default_factory=list)
    attendees: list[Id] = Field(default_factory=list, description="people of those organisations")


class MeetingPatch(InSchema):
    """Only the fields sent are changed."""

    kind: MeetingKind = None
    title: Text = None
    starts_at: Moment = None
    place: Text = None
    chair: Text = None
    agenda: Text = None
    status: Meeting.Status = None
    organisations: list[Id] = None
    attendees: list[Id] = None


def _meeting_detail(user: Any, pk: int, *, write: bool = False) -> Meeting:
    qs = (
        policy.visible(user, Meeting)
        .select_related("district")
        .prefetch_related(
            "organisations",
            "attendees",
            Prefetch("decisions", queryset=Decision.objects.order_by("number")),
        )
    )
    return policy.access(user, Meeting, pk, write=write, qs=qs)


def _resolve_meeting(user: Any, district: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "organisations" in data:
        data["organisations"] = pick_many(
            user, Organisation, data["organisations"], field="organisations", district=district
        )
    if "attendees" in data:
        data["attendees"] = pick_many(
            user, Person, data["attendees"], field="attendees", district=district
        )
    return data


@meetings.get("/", response={200: MeetingPage, **READ_ERRORS}, url_name="meetings")
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]):
    qs = selectors.meeting_list(
        user=request.auth, kind=filters.kind, organisation=filters.organisation, when=filters.when
    ).prefetch_related("organisations")
    return paginate(qs, filters)


@meetings.post("/", response={201: MeetingDetailOut, **WRITE_ERRORS}, url_name="meetings")
def meeting_create(request: HttpRequest, payload: MeetingIn):
    user = request.auth
    district = policy.home_district(user)
    if not policy.can_create_in(user, district):
        raise PermissionDenied
    data = _resolve_meeting(user, district, payload.model_dump(exclude_unset=True))
    meeting = services.meeting_create(actor=user, district=district, via="api", **data)
    return Status(201, _meeting_detail(user, meeting.pk))


@meetings.get("/{id}", response={200: MeetingDetailOut, **READ_ERRORS}, url_name="meeting")
def meeting_detail(request: HttpRequest, id: Id):
    return _meeting_detail(request.auth, id)


@meetings.patch("/{id}", response={200: MeetingDetailOut, **WRITE_ERRORS}, url_name="meeting")
def meeting_update(request: HttpRequest, id: Id, payload: MeetingPatch):
    user = request.auth
    meeting = _meeting_detail(user, id, write=True)
    data = _resolve_meeting(user, meeting.district, payload.model_dump(exclude_unset=True))
    services.meeting_update(actor=user, meeting=meeting, via="api", **data)
    return _meeting_detail(user, id)


# ==========================================================================
# action items


class ActionItemOut(Schema):
    id: int
    district: int
    title: str
    description: str
    owner: int = Field(description="id of the organisation responsible")
    owner_name: str
    meeting: int | None
    decision: int | None
    due_date: dt.date | None
    status: ActionItem.Status
    progress_note: str
    completed_at: dt.datetime | None
    is_overdue: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj: ActionItem) -> int:
        return obj.district_id

    @staticmethod
    def resolve_owner(obj: ActionItem) -> int:
        return obj.owner_id

    @staticmethod
    def resolve_owner_name(obj: ActionItem) -> str:
        return obj.owner.name  # select_related

    @staticmethod
    def resolve_meeting(obj: ActionItem) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_decision(obj: ActionItem) -> int | None:
        return obj.decision_id

    @staticmethod
    def resolve_completed_at(obj: ActionItem) -> dt.datetime | None:
        return local(obj.completed_at)

    @staticmethod
    def resolve_created_at(obj: ActionItem) -> dt.datetime | None:
        return local(obj.created_at)

    @staticmethod
    def resolve_updated_at(obj: ActionItem) -> dt.datetime | None:
        return local(obj.updated_at)


class ActionItemPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ActionItemOut]


class ActionItemFilters(PageParams):
    status: ActionItem.Status | None = Field(None, description='"open" means open or in progress')
    owner: Id | None = Field(None, description="id of the organisation responsible")
    overdue: bool = Field(False, description="only open items past their due date")
    meeting: Id | None = None
    q: Text | None = Field(None, description="search in the title and the description")


class ActionItemIn(InSchema):
    title: Text
    owner: Id = Field(description="id of the organisation responsible (same district)")
    description: Text = ""
    due_date: Day | None = None
    status: ActionItem.Status = ActionItem.Status.OPEN
    progress_note: Text = ""
    meeting: Id | None = None
    decision: Id | None = None


class ActionItemPatch(InSchema):
    """Only the fields sent are changed. The owning organisation may send only
    `status` and `progress_note`; the coordinator any field."""

    title: Text = None
    owner: Id = None
    description: Text = None
    due_date: Day | None = None
    status: ActionItem.Status = None
    progress_note: Text = None
    meeting: Id | None = None
    decision: Id | None = None


def _action_qs(user: Any) -> QuerySet[ActionItem]:
    return policy.visible(user, ActionItem).select_related("owner")


def _resolve_action(user: Any, district: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "owner" in data:
        data["owner"] = pick(user, Organisation, data["owner"], field="owner", district=district)
    if "meeting" in data:
        data["meeting"] = pick(user, Meeting, data["meeting"], field="meeting", district=district)
    if "decision" in data:
        data["decision"] = pick(
            user,
            Decision,
            data["decision"],
            field="decision",
            district=district,
            district_field="meeting__district",
        )
    return data


@action_items.get("/", response={200: ActionItemPage, **READ_ERRORS}, url_name="action_items")
def action_item_list(request: HttpRequest, filters: Query[ActionItemFilters]):
    qs = selectors.action_item_list(
        user=request.auth,
        status=filters.status,
        owner=filters.owner,
        overdue=filters.overdue,
        meeting=filters.meeting,
        q=filters.q,
    )
    return paginate(qs, filters)


@action_items.post("/", response={201: ActionItemOut, **WRITE_ERRORS}, url_name="action_items")
def action_item_create(request: HttpRequest, payload: ActionItemIn):
    user = request.auth
    district = policy.home_district(user)
    if not policy.can_create_in(user, district):
        raise PermissionDenied
    data = _resolve_action(user, district, payload.model_dump(exclude_unset=True))
    item = services.action_item_create(actor=user, district=district, via="api", **data)
    return Status(201, policy.access(user, ActionItem, item.pk, qs=_action_qs(user)))


@action_items.get("/{id}", response={200: ActionItemOut, **READ_ERRORS}, url_name="action_item")
def action_item_detail(request: HttpRequest, id: Id):
    return policy.access(request.auth, ActionItem, id, qs=_action_qs(request.auth))


@action_items.patch("/{id}", response={200: ActionItemOut, **WRITE_ERRORS}, url_name="action_item")
def action_item_update(request: HttpRequest, id: Id, payload: ActionItemPatch):
    user = request.auth
    item = policy.access(user, ActionItem, id, write=True, qs=_action_qs(user))
    full = policy.can_manage(user, item)
    data = payload.model_dump(exclude_unset=True)
    if full:
        data = _resolve_action(user, item.district, data)
    # Not full: the service refuses any field but status/progress_note (403)
    # before it looks at a value, so there are no ids to resolve.
    services.action_item_update(actor=user, item=item, full=full, via="api", **data)
    return policy.access(user, ActionItem, id, qs=_action_qs(user))


# ==========================================================================
# commitments (MOU)


class CommitmentOut(Schema):
    id: int
    district: int
    agreement: int
    clause: int
    clause_number: int
    clause_title: str
    organisation: int = Field(description="id of the party")
    organisation_name: str
    description: str
    status: Commitment.Status
    evidence: str
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj: Commitment) -> int:
        return obj.district_id

    @staticmethod
    def resolve_agreement(obj: Commitment) -> int:
        return obj.clause.agreement_id

    @staticmethod
    def resolve_clause(obj: Commitment) -> int:
        return obj.clause_id

    @staticmethod
    def resolve_clause_number(obj: Commitment) -> int:
        return obj.clause.number

    @staticmethod
    def resolve_clause_title(obj: Commitment) -> str:
        return obj.clause.title

    @staticmethod
    def resolve_organisation(obj: Commitment) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj: Commitment) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_updated_at(obj: Commitment) -> dt.datetime | None:
        return local(obj.updated_at)


class CommitmentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CommitmentOut]


class CommitmentFilters(PageParams):
    clause: int | None = Field(None, ge=1, le=MAX_CLAUSE_NUMBER, description="clause number")
    organisation: Id | None = Field(None, description="id of the party")
    status: Commitment.Status | None = None
    agreement: Id | None = None


class CommitmentPatch(InSchema):
    """Only the fields sent are changed. A party may send only `status` and
    `evidence` for its own commitment; the coordinator also `description`."""

    status: Commitment.Status = None
    evidence: Text = None
    description: Text = None


def _commitment_qs(user: Any) -> QuerySet[Commitment]:
    return policy.visible(user, Commitment).select_related("clause", "organisation")


@commitments.get("/", response={200: CommitmentPage, **READ_ERRORS}, url_name="commitments")
def commitment_list(request: HttpRequest, filters: Query[CommitmentFilters]):
    qs = selectors.commitment_list(
        user=request.auth,
        clause=filters.clause,
        organisation=filters.organisation,
        status=filters.status,
        agreement=filters.agreement,
    )
    return paginate(qs, filters)


@commitments.get("/{id}", response={200: CommitmentOut, **READ_ERRORS}, url_name="commitment")
def commitment_detail(request: HttpRequest, id: Id):
    return policy.access(request.auth, Commitment, id, qs=_commitment_qs(request.auth))


@commitments.patch("/{id}", response={200: CommitmentOut, **WRITE_ERRORS}, url_name="commitment")
def commitment_update(request: HttpRequest, id: Id, payload: CommitmentPatch):
    user = request.auth
    commitment = policy.access(user, Commitment, id, write=True, qs=_commitment_qs(user))
    services.commitment_update(
        actor=user,
        commitment=commitment,
        full=policy.can_manage(user, commitment),
        via="api",
        **payload.model_dump(exclude_unset=True),
    )
    return policy.access(user, Commitment, id, qs=_commitment_qs(user))
