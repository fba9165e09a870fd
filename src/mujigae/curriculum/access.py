"""Access rules of curriculum (clauses 2 and 3): programmes, modules, cohorts
and the co-development of modules.

Everyone of the district (and the ministry) reads programmes, modules and
cohorts (aggregates, no personal data). Coordinators write for the whole
district; a school, partner or company writes the programmes it provides.
Co-development: a company proposes, the provider reviews, the coordinator
decides; the list shows district counts to all readers (the ministry: counts
only) and the rows each may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

from mujigae.core import policy
from mujigae.core.policy import (
    COMPANY,
    DISTRICT_MEMBERS,
    ORG_ROLES,
    READERS,
    rule,
)
from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProposalComment,
    ProposalVersion,
)

COMPANIES = frozenset({COMPANY})

policy.register_routes(
    {
        "curriculum:programme_list": rule(READERS),
        "curriculum:programme_export": rule(READERS),
        "curriculum:programme_detail": rule(READERS),
        "curriculum:programme_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own organisation"),
        "curriculum:programme_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:module_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:module_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:module_delete": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:cohort_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:cohort_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:cohort_delete": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "curriculum:cohort_import": rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "rows of own programmes"
        ),
        "curriculum:unit_search": rule(DISTRICT_MEMBERS),
        "curriculum:proposal_list": rule(READERS),
        "curriculum:proposal_create": rule(COMPANIES, COMPANIES),
        "curriculum:proposal_detail": rule(DISTRICT_MEMBERS),
        "curriculum:proposal_edit": rule(
            DISTRICT_MEMBERS, COMPANIES, "the proposing company, while a draft"
        ),
        "curriculum:proposal_transition": rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "who may move which step: the services decide"
        ),
        "curriculum:proposal_comment": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "the parties"),
    }
)


# Coordinators see the district's proposals; a company its own; the provider
# of a programme (school, partner, company) those for its programmes. The
# ministry sees counts only (curriculum selectors).
_proposals = policy.organisation_rows(
    lambda org: Q(proposer_id=org) | Q(programme__provider_id=org)
)


def provides(user: Any, programme: Model) -> bool:
    """Is `user` of the organisation that provides `programme`?"""
    return (
        user.role in ORG_ROLES
        and user.organisation_id is not None
        and programme.provider_id == user.organisation_id
    )


def _provider_changes(user: Any, obj: Model) -> bool:
    return provides(user, obj if isinstance(obj, Programme) else obj.programme)


def can_edit_proposal(user: Any, proposal: Model) -> bool:
    """Only the proposing company edits a proposal's content (the status rules
    are the services': a draft or a returned proposal)."""
    return (
        policy.role_of(user) == COMPANY
        and proposal.proposer_id == user.organisation_id
        and proposal.district_id == user.district_id
    )


def can_propose(user: Any, programme: Model) -> bool:
    """A company of the programme's district may propose modules for it."""
    return (
        policy.role_of(user) == COMPANY
        and user.organisation_id is not None
        and programme.district_id == user.district_id
    )


def can_create_programme_for(user: Any, provider: Model) -> bool:
    """Coordinators for any organisation of their district; a school, partner or
    company for its own organisation only."""
    return policy.may_act_for(user, provider)


policy.register_scope(Programme, policy.district_readers())
policy.register_scope(Module, policy.district_readers("programme__district"))
policy.register_scope(ModuleUnit, policy.district_readers("module__programme__district"))
policy.register_scope(Cohort, policy.district_readers())
policy.register_scope(ModuleProposal, _proposals)
policy.register_scope(ProposalVersion, policy.children_of(ModuleProposal, "proposal"))
policy.register_scope(ProposalComment, policy.children_of(ModuleProposal, "proposal"))
for _model in (Programme, Module, Cohort):
    policy.register_change(_model, _provider_changes)
