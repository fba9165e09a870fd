"""Access matrix part: programmes, modules, cohorts and co-development (issue 4).

Product rules (docs/curriculum.md):

* Programmes, modules and cohorts are aggregates (no personal data): everyone of
  the district reads them, the ministry reads every district. Coordinators write
  for the whole district; a school, partner or company writes the programmes its
  own organisation provides. Each persona gets its *own* programme here, so the
  org roles may write; the peers (school_b, company_b, partner_b) get the first
  organisation's programme: they read it, and editing it answers 403.
* Co-development: a company proposes and edits its own drafts; the provider of
  the programme reviews; the coordinator approves. The list page shows district
  counts to every reader (the ministry: counts only, never a proposal's page).
  Another company's proposal, or one for another provider's programme, is a
  404 for a peer (missing and forbidden look alike).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProgrammeKind,
    ProposalVersion,
)
from tests.core.matrix_expect import (
    ALL_PEERS,
    COMPANY,
    COORD,
    MEMBERS,
    NOBODY,
    READERS,
    Expect,
    R,
)
from tests.curriculum import factories as cf

# a route about one provider's programme: nothing for another organisation
_PROVIDER_ONLY = {"peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    "curriculum:programme_list": Expect(READERS, NOBODY),
    "curriculum:programme_export": Expect(READERS, NOBODY),
    # programmes are aggregates of the district: a peer reads another's too
    "curriculum:programme_detail": Expect(
        READERS, NOBODY, obj="programme", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
    # for its own organisation only (another provider in the form: tests/curriculum)
    "curriculum:programme_create": Expect(MEMBERS, MEMBERS),
    # org roles get the programme their organisation provides; peers another's (403)
    "curriculum:programme_edit": Expect(MEMBERS, MEMBERS, obj="programme", **_PROVIDER_ONLY),
    "curriculum:module_create": Expect(MEMBERS, MEMBERS, obj="programme", **_PROVIDER_ONLY),
    "curriculum:module_edit": Expect(MEMBERS, MEMBERS, obj="module", **_PROVIDER_ONLY),
    # a confirmation page; an empty POST (no confirm box) deletes nothing: 400
    "curriculum:module_delete": Expect(MEMBERS, MEMBERS, obj="module", **_PROVIDER_ONLY),
    "curriculum:cohort_create": Expect(MEMBERS, MEMBERS, obj="programme", **_PROVIDER_ONLY),
    "curriculum:cohort_edit": Expect(MEMBERS, MEMBERS, obj="cohort", **_PROVIDER_ONLY),
    "curriculum:cohort_delete": Expect(MEMBERS, MEMBERS, obj="cohort", **_PROVIDER_ONLY),
    "curriculum:cohort_import": Expect(MEMBERS, MEMBERS),
    "curriculum:unit_search": Expect(MEMBERS, NOBODY),
    # co-development
    "curriculum:proposal_list": Expect(READERS, NOBODY),
    "curriculum:proposal_create": Expect(R({COMPANY}), R({COMPANY})),
    # company: its own; school and partner: proposals for their programmes; coordinator: all
    # peers: another company's proposal, or one for another provider's programme
    "curriculum:proposal_detail": Expect(MEMBERS, NOBODY, obj="proposal", **_PROVIDER_ONLY),
    "curriculum:proposal_edit": Expect(
        R({COMPANY}), R({COMPANY}), obj="proposal", **_PROVIDER_ONLY
    ),
    # POST only (GET: 405, whatever the proposal); which step each may take: tests/curriculum
    "curriculum:proposal_transition": Expect(
        MEMBERS, MEMBERS, obj="proposal", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
    # POST only; the parties comment: the company, the provider, the coordinator
    "curriculum:proposal_comment": Expect(
        MEMBERS, MEMBERS, obj="proposal", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
}
assert COORD <= MEMBERS

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"programme", "module", "cohort", "proposal"}
# A proposal is seen by its company, the programme's provider and the coordinator.
SECRETS: dict[str, set[str]] = {
    "company_b": {"제안 모듈 A"},
    "school_b": {"제안 모듈 A", "제안 모듈 B"},
    "partner_b": {"제안 모듈 A", "제안 모듈 B"},
}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    unit = cf.UnitFactory(code="1903060101_17v1", name="로봇 유지보수 계획 수립")
    programmes = {
        "school": cf.ProgrammeFactory(provider=orgs["school"], name="로봇제어과"),
        "partner": cf.ProgrammeFactory(
            provider=orgs["partner"], name="재직자 과정", kind=ProgrammeKind.TRAINING_INSTITUTE
        ),
        "company": cf.ProgrammeFactory(
            provider=orgs["company"], name="사내 과정", kind=ProgrammeKind.COMPANY_COURSE
        ),
        "company_b": cf.ProgrammeFactory(
            provider=orgs["company_b"], name="B 사내 과정", kind=ProgrammeKind.COMPANY_COURSE
        ),
        "other_company": cf.ProgrammeFactory(provider=orgs["other_company"], name="타지구"),
    }
    programmes["office"] = programmes["school"]
    modules: dict[str, Module] = {}
    cohorts: dict[str, Cohort] = {}
    for key, programme in programmes.items():
        if programme.pk in {m.programme_id for m in modules.values()}:
            modules[key] = next(m for m in modules.values() if m.programme_id == programme.pk)
            cohorts[key] = next(c for c in cohorts.values() if c.programme_id == programme.pk)
            continue
        modules[key] = Module.objects.create(programme=programme, name=f"모듈 {key}", order=1)
        ModuleUnit.objects.create(module=modules[key], unit=unit, hours=10)
        cohorts[key] = Cohort.objects.create(
            programme=programme, district=programme.district, year=2025, enrolled=20
        )

    def proposal(programme: Programme, proposer, name: str) -> ModuleProposal:
        p = ModuleProposal.objects.create(
            district=programme.district, programme=programme, proposer=proposer
        )
        ProposalVersion.objects.create(
            proposal=p,
            number=1,
            name=name,
            units=[{"unit": unit.pk, "code": unit.code, "name": unit.name, "hours": 8}],
        )
        return p

    # company -> school's programme (the school reviews); company_b -> partner's
    by_company = proposal(programmes["school"], orgs["company"], "제안 모듈 A")
    by_company_b = proposal(programmes["partner"], orgs["company_b"], "제안 모듈 B")
    other = proposal(programmes["other_company"], orgs["other_company"], "제안 모듈 O")
    proposals = {
        "company": by_company,
        "school": by_company,
        "office": by_company,
        "partner": by_company_b,
        "company_b": by_company_b,
        "other_company": other,
    }
    return {
        "programme": lambda org: programmes[org].pk,
        "module": lambda org: modules[org].pk,
        "cohort": lambda org: cohorts[org].pk,
        "proposal": lambda org: proposals[org].pk,
    }
