"""Co-development of modules (MOU clause 3): the proposal workflow.

    draft ──submit──▶ submitted ──review──▶ reviewed ──approve──▶ approved
      ▲                   │                    │
      └──(edit)── returned ◀──return──┘        └──reject──▶ rejected

* The proposing **company** writes the content (each save is a new numbered
  version with its author) while the proposal is a draft or returned, and submits it.
* The programme's **provider** (the school, university, partner or company that
  runs it) reviews a submitted proposal: reviewed, or returned with a comment.
  When the provider is the proposer itself, or has no login, the district
  coordinator reviews instead (nobody reviews their own proposal).
* The district **coordinator** decides a reviewed proposal: approved (the module
  is created or changed in the same transaction) or rejected with a reason.

Every function is one transaction, locks the proposal, checks the actor and the
current status, and leaves an audit row. A step that does not fit the current
status raises ApplicationError with status 409; an actor who may not take it, 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.competencies.models import CompetencyUnit
from mujigae.core import audit, writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import Role
from mujigae.curriculum import access, services
from mujigae.curriculum.models import (
    Module,
    ModuleProposal,
    Programme,
    ProposalComment,
    ProposalStatus,
    ProposalVersion,
)

S = ProposalStatus
EDITABLE = (S.DRAFT, S.RETURNED)
MAX_COMMENT = 4000

# action -> (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((S.DRAFT, S.RETURNED), S.SUBMITTED),
    "review": ((S.SUBMITTED,), S.REVIEWED),
    "return": ((S.SUBMITTED,), S.RETURNED),
    "approve": ((S.REVIEWED,), S.APPROVED),
    "reject": ((S.REVIEWED,), S.REJECTED),
}
NEEDS_COMMENT = {"return", "reject"}


def _name(user: Any) -> str:
    return str(user)[:150] if user is not None else ""


# ------------------------------------------------------------------ who may


def is_proposer(user: Any, proposal: ModuleProposal) -> bool:
    return access.can_edit_proposal(user, proposal)


def _provider_has_login(programme: Programme) -> bool:
    return programme.provider.users.filter(is_active=True).exists()


def is_reviewer(user: Any, proposal: ModuleProposal) -> bool:
    """The programme's provider; the coordinator when the provider proposed it
    or has nobody who logs in."""
    if not getattr(user, "is_authenticated", False) or user.district_id != proposal.district_id:
        return False
    programme = proposal.programme
    self_proposed = programme.provider_id == proposal.proposer_id
    if user.role == Role.COORDINATOR:
        return self_proposed or not _provider_has_login(programme)
    return access.provides(user, programme) and not self_proposed


def is_decider(user: Any, proposal: ModuleProposal) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.COORDINATOR
        and user.district_id == proposal.district_id
    )


# action -> who may take it (the pages ask `may`; the transition enforces it)
WHO_MAY = {
    "submit": is_proposer,
    "review": is_reviewer,
    "return": is_reviewer,
    "approve": is_decider,
    "reject": is_decider,
}


def may(user: Any, proposal: ModuleProposal, action: str) -> bool:
    """May `user` take `action` on `proposal` as it stands (role and status)?"""
    if action not in TRANSITIONS or proposal.status not in TRANSITIONS[action][0]:
        return False
    return WHO_MAY[action](user, proposal)


def may_comment(user: Any, proposal: ModuleProposal) -> bool:
    return (
        is_proposer(user, proposal)
        or is_reviewer(user, proposal)
        or is_decider(user, proposal)
        or (
            getattr(user, "district_id", None) == proposal.district_id
            and access.provides(user, proposal.programme)
        )
    )


def may_edit(user: Any, proposal: ModuleProposal) -> bool:
    return proposal.status in EDITABLE and is_proposer(user, proposal)


# ----------------------------------------------------------------- content


def _units_data(units: Iterable[tuple[CompetencyUnit, Any]]) -> list[dict[str, Any]]:
    clean = services.clean_unit_hours(units)
    return sorted(
        (
            {"unit": unit.pk, "code": unit.code, "name": unit.name, "hours": hours}
            for unit, hours in clean
        ),
        key=lambda u: u["code"],
    )


def _content(name: str, description: str, units: Iterable[tuple[CompetencyUnit, Any]]):
    return services.clean_module_name(name), (description or "").strip(), _units_data(units)


def _new_version(
    *, actor: Any, proposal: ModuleProposal, name: str, description: str, units: list, via: str
) -> ProposalVersion:
    last = proposal.versions.order_by("-number").first()
    version = ProposalVersion.objects.create(
        proposal=proposal,
        number=(last.number + 1) if last else 1,
        name=name,
        description=description,
        units=units,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_name=_name(actor),
    )
    # A version's row shows what changed since the previous version (name and
    # units before → after), not the fields of a new row: written by hand.
    audit.record(
        actor=actor,
        action="create",
        obj=version,
        changes={
            "number": [None, version.number],
            "name": [last.name if last else None, name],
            "units": [
                [f"{u['code']}: {u['hours']}" for u in last.units] if last else [],
                [f"{u['code']}: {u['hours']}" for u in units],
            ],
        },
        via=via,
    )
    return version


def _lock(proposal: ModuleProposal) -> ModuleProposal:
    return (
        # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of a join
        ModuleProposal.objects.select_for_update(of=("self",))
        .select_related("programme__provider", "module", "proposer")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    programme: Programme,
    module: Module | None = None,
    name: str,
    description: str = "",
    units: Iterable[tuple[CompetencyUnit, Any]],
    is_sample: bool = False,
    via: str = "web",
) -> ModuleProposal:
    """A company starts a proposal (a draft with its version 1)."""
    if not access.can_propose(actor, programme):
        raise ApplicationError(
            _("Only a company of this district can propose modules."), status=403
        )
    if module is not None and module.programme_id != programme.pk:
        msg = _("The module to change must belong to the chosen programme.")
        raise ApplicationError(msg, field_errors={"module": [msg]})
    name, description, unit_data = _content(name, description, units)
    # A reload of the form (the same draft again) returns the draft already made.
    for twin in ModuleProposal.objects.filter(
        programme=programme,
        module=module,
        proposer_id=actor.organisation_id,
        status=S.DRAFT,
    ).prefetch_related("versions"):
        latest = twin.latest_version
        if latest and (latest.name, latest.description, latest.units) == (
            name,
            description,
            unit_data,
        ):
            return twin
    proposal = ModuleProposal.objects.create(
        district=programme.district,
        programme=programme,
        module=module,
        is_change=module is not None,
        proposer=actor.organisation,
        created_by=actor,
        is_sample=is_sample,
    )
    _new_version(
        actor=actor,
        proposal=proposal,
        name=name,
        description=description,
        units=unit_data,
        via=via,
    )
    # Recorded by hand after its first version exists, so that the row names
    # the proposal (its name is its latest version's).
    audit.record(
        actor=actor,
        action="create",
        obj=proposal,
        changes={
            "programme": [None, programme.name],
            "module": [None, module.name if module else None],
            "status": [None, proposal.status],
        },
        via=via,
    )
    return proposal


@transaction.atomic
def proposal_save(
    *,
    actor: Any,
    proposal: ModuleProposal,
    name: str,
    description: str = "",
    units: Iterable[tuple[CompetencyUnit, Any]],
    via: str = "web",
) -> tuple[ProposalVersion, bool]:
    """Save the content as a new version. Returns (version, created): saving the
    same content again (a reload) makes no new version."""
    proposal = _lock(proposal)
    if not is_proposer(actor, proposal):
        raise ApplicationError(_("Only the proposing company can edit a proposal."), status=403)
    if proposal.status not in EDITABLE:
        raise ApplicationError(
            _("This proposal is %(status)s: it can no longer be edited.")
            % {"status": proposal.get_status_display()},
            status=409,
        )
    name, description, unit_data = _content(name, description, units)
    last = proposal.versions.order_by("-number").first()
    if last and (last.name, last.description, last.units) == (name, description, unit_data):
        return last, False
    version = _new_version(
        actor=actor,
        proposal=proposal,
        name=name,
        description=description,
        units=unit_data,
        via=via,
    )
    proposal.save(update_fields=["updated_at"])
    return version, True


def _comment(
    *, actor: Any, proposal: ModuleProposal, text: str, status_to: str = "", via: str = "web"
) -> ProposalComment:
    return writes.create(
        actor=actor,
        model=ProposalComment,
        data={
            "proposal": proposal,
            "author": actor if getattr(actor, "is_authenticated", False) else None,
            "author_name": _name(actor),
            "organisation": getattr(actor, "organisation", None),
            "text": text,
            "status_to": status_to,
        },
        via=via,
    )


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        msg = _("The comment is too long (at most %(max)s characters).") % {"max": MAX_COMMENT}
        raise ApplicationError(msg, field_errors={"text": [msg]})
    return text


@transaction.atomic
def proposal_comment(
    *, actor: Any, proposal: ModuleProposal, text: str, via: str = "web"
) -> ProposalComment:
    proposal = _lock(proposal)
    if not may_comment(actor, proposal):
        raise ApplicationError(
            _("Only the company, the provider and the coordinator can comment."), status=403
        )
    text = _clean_text(text)
    if not text:
        msg = _("Write a comment.")
        raise ApplicationError(msg, field_errors={"text": [msg]})
    return _comment(actor=actor, proposal=proposal, text=text, via=via)


def _apply_approval(*, actor: Any, proposal: ModuleProposal, via: str) -> Module:
    version = proposal.versions.order_by("-number").first()
    if version is None:  # not reachable through the services
        raise ApplicationError(_("This proposal has no content."), status=409)
    by_pk = CompetencyUnit.objects.in_bulk([u["unit"] for u in version.units])
    units = []
    for u in version.units:
        unit = by_pk.get(u["unit"]) or CompetencyUnit.objects.filter(code=u["code"]).first()
        if unit is None:
            raise ApplicationError(
                _("The competency unit %(code)s no longer exists; return the proposal.")
                % {"code": u["code"]},
                status=409,
            )
        units.append((unit, u["hours"]))
    if proposal.is_change:
        if proposal.module is None:
            raise ApplicationError(
                _("The module this proposal changes was deleted; reject the proposal."),
                status=409,
            )
        module = Module.objects.select_for_update().get(pk=proposal.module_id)
    else:
        module = None
    return services.module_write(
        actor=actor,
        programme=proposal.programme,
        module=module,
        name=version.name,
        description=version.description,
        units=units,
        via=via,
        check_access=False,
    )


@transaction.atomic
def proposal_transition(
    *,
    actor: Any,
    proposal: ModuleProposal,
    action: str,
    comment: str = "",
    via: str = "web",
) -> ModuleProposal:
    """Move a proposal one step (see the module docstring)."""
    if action not in TRANSITIONS:
        raise ApplicationError(_("Unknown step."))
    proposal = _lock(proposal)
    sources, target = TRANSITIONS[action]
    text = _clean_text(comment)
    if proposal.status not in sources:
        raise ApplicationError(
            _("This proposal is %(status)s: that step is not possible now.")
            % {"status": proposal.get_status_display()},
            status=409,
        )
    if not WHO_MAY[action](actor, proposal):
        messages = {
            "submit": _("Only the proposing company can submit a proposal."),
            "review": _("Only the programme's provider can review a proposal."),
            "return": _("Only the programme's provider can review a proposal."),
            "approve": _("Only the district coordinator can approve or reject a proposal."),
            "reject": _("Only the district coordinator can approve or reject a proposal."),
        }
        raise ApplicationError(messages[action], status=403)
    if action in NEEDS_COMMENT and not text:
        msg = (
            _("Say what should change before returning the proposal.")
            if action == "return"
            else _("Give the reason for the rejection.")
        )
        raise ApplicationError(msg, field_errors={"comment": [msg]})
    now = timezone.now()
    data: dict[str, Any] = {"status": target}
    if action == "submit" and proposal.submitted_at is None:
        data["submitted_at"] = now
    if action == "approve":
        data["result_module"] = _apply_approval(actor=actor, proposal=proposal, via=via)
    if action in ("approve", "reject"):
        data["decided_at"] = now
    proposal = writes.update(actor=actor, obj=proposal, data=data, via=via)
    _comment(actor=actor, proposal=proposal, text=text, status_to=target, via=via)
    return proposal
