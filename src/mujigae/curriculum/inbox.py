"""What the co-development of modules owes its users (core/inbox.py,
docs/inbox.md). The workflow is `services_proposals`':

* **To-dos.** A coordinator: the proposals reviewed by their provider and
  waiting for a decision, and the submitted ones the coordinator reviews
  (self-proposed, or a provider nobody logs in for). A provider (school,
  partner, company): the submitted proposals for its programmes to review. The
  proposing company: its proposals returned for changes.
* **Events.** `curriculum.returned:<proposal>:<note>` (returned for changes, to
  the proposer's logins; a proposal returned twice is told twice) and
  `curriculum.decided:<proposal>` (approved or rejected).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core import inbox, policy
from mujigae.core.policy import COMPANY, COORDINATOR, ORG_ROLES
from mujigae.curriculum.models import ModuleProposal, ProposalComment, ProposalStatus
from mujigae.partners.selectors import members_by_organisation

S = ProposalStatus
EVENTS_WITHIN = dt.timedelta(days=7)  # events look this far back

inbox.event_kind("curriculum.returned", gettext_lazy("A module proposal returned for changes"))
inbox.event_kind("curriculum.decided", gettext_lazy("A decision on a module proposal"))


def _todo(
    *, kind: str, title: str, why: str, status: str, count: int, one: int | None
) -> inbox.Todo:
    """One item for `count` proposals: the proposal's page when there is one,
    else the list filtered by their status."""
    if count == 1 and one is not None:
        url = reverse("curriculum:proposal_detail", args=[one])
    else:
        url = reverse("curriculum:proposal_list") + "?" + urlencode({"status": status})
    return inbox.Todo(kind=kind, title=title, why=why, url=url, count=count)


def _coordinator_todos(user: Any) -> list[inbox.Todo]:
    provider_logs_in = Exists(
        get_user_model().objects.filter(
            organisation_id=OuterRef("programme__provider_id"), is_active=True
        )
    )
    mine_to_review = Q(status=S.SUBMITTED) & (
        Q(programme__provider_id=F("proposer_id")) | Q(provider_logs_in=False)
    )
    counts = (
        policy.visible(user, ModuleProposal)
        .filter(district_id=user.district_id)
        .annotate(provider_logs_in=provider_logs_in)
        .aggregate(
            decide=Count("pk", filter=Q(status=S.REVIEWED)),
            decide_one=Max("pk", filter=Q(status=S.REVIEWED)),
            review=Count("pk", filter=mine_to_review),
            review_one=Max("pk", filter=mine_to_review),
        )
    )
    todos = []
    if counts["decide"]:
        todos.append(
            _todo(
                kind="curriculum.decide",
                title=_("Decide on module proposals"),
                why=_("Reviewed by the programme's provider: approve or reject them"),
                status=S.REVIEWED,
                count=counts["decide"],
                one=counts["decide_one"],
            )
        )
    if counts["review"]:
        todos.append(
            _todo(
                kind="curriculum.review",
                title=_("Review module proposals"),
                why=_(
                    "Submitted, and you review them: the provider proposed them itself "
                    "or nobody logs in for it"
                ),
                status=S.SUBMITTED,
                count=counts["review"],
                one=counts["review_one"],
            )
        )
    return todos


def _organisation_todos(user: Any) -> list[inbox.Todo]:
    org = user.organisation_id
    review = Q(status=S.SUBMITTED, programme__provider_id=org) & ~Q(proposer_id=org)
    returned = Q(status=S.RETURNED, proposer_id=org)
    counts = (
        policy.visible(user, ModuleProposal)
        .filter(district_id=user.district_id)
        .aggregate(
            review=Count("pk", filter=review),
            review_one=Max("pk", filter=review),
            returned=Count("pk", filter=returned),
            returned_one=Max("pk", filter=returned),
        )
    )
    todos = []
    if counts["review"]:
        todos.append(
            _todo(
                kind="curriculum.review",
                title=_("Review module proposals for your programmes"),
                why=_("A company proposed a module: review it or return it with a comment"),
                status=S.SUBMITTED,
                count=counts["review"],
                one=counts["review_one"],
            )
        )
    if counts["returned"] and policy.role_of(user) == COMPANY:
        todos.append(
            _todo(
                kind="curriculum.returned",
                title=_("Revise your returned module proposals"),
                why=_("Returned for changes: read the comment, edit and submit again"),
                status=S.RETURNED,
                count=counts["returned"],
                one=counts["returned_one"],
            )
        )
    return todos


@inbox.todos
def curriculum_todos(user: Any) -> list[inbox.Todo]:
    role = policy.role_of(user)
    if not user.district_id:
        return []
    if role == COORDINATOR:
        return _coordinator_todos(user)
    if role in ORG_ROLES and user.organisation_id:
        return _organisation_todos(user)
    return []


# ------------------------------------------------------------------ events


@inbox.events
def curriculum_events(now: dt.datetime) -> list[inbox.Event]:
    since = now - EVENTS_WITHIN
    returned = list(
        ProposalComment.objects.filter(
            status_to=S.RETURNED, created_at__gt=since, created_at__lte=now
        ).values("pk", "proposal_id", "proposal__proposer_id")
    )
    decided = list(
        ModuleProposal.objects.filter(
            status__in=(S.APPROVED, S.REJECTED), decided_at__gt=since, decided_at__lte=now
        ).values("pk", "proposer_id", "status")
    )
    members = members_by_organisation(
        {r["proposal__proposer_id"] for r in returned} | {d["proposer_id"] for d in decided},
        roles=frozenset({COMPANY}),
    )
    events = []
    for note in returned:
        to = tuple(members.get(note["proposal__proposer_id"], ()))
        if to:
            events.append(
                inbox.Event(
                    key=f"curriculum.returned:{note['proposal_id']}:{note['pk']}",
                    kind="curriculum.returned",
                    recipients=to,
                    title=_("Your module proposal was returned for changes"),
                    url=reverse("curriculum:proposal_detail", args=[note["proposal_id"]]),
                )
            )
    for proposal in decided:
        to = tuple(members.get(proposal["proposer_id"], ()))
        if to:
            events.append(
                inbox.Event(
                    key=f"curriculum.decided:{proposal['pk']}",
                    kind="curriculum.decided",
                    recipients=to,
                    title=_("Your module proposal was approved")
                    if proposal["status"] == S.APPROVED
                    else _("Your module proposal was rejected"),
                    url=reverse("curriculum:proposal_detail", args=[proposal["pk"]]),
                )
            )
    return events
