"""Access matrix part: the district's budget (MOU clause 5, issue 14).

Product rules (docs/budget.md), written by hand:

* The district's coordinators plan (years, lists, projects, amendments),
  record and import spending, and read everything of their district's budget.
* A school or partner reads the projects its organisation runs (`runner`):
  the budget home lists them, a project's page shows its allocations and
  spending, and the execution pages show its projects only. Nothing else.
* Companies and students see nothing of the budget.
* The ministry reads the national comparison of execution rates only.
* Peers: the second school and partner ask for the project the first school
  or partner runs (404: not theirs), and never see its name or its payees on
  any page (the budget home, the execution pages, the xlsx).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mujigae.budget import services
from mujigae.budget.models import Allocation, ExpenseCategory, FundingSource
from tests.core.matrix_expect import COORD, MINISTRY, NOBODY, PARTNER, SCHOOL, Expect, R

RUNNERS = COORD | {SCHOOL, PARTNER}
NOT_PEERS = {"peer_read": NOBODY, "peer_write": NOBODY}  # another's project: 404
YEAR = 2026

EXPECTED: dict[str, Expect] = {
    # a runner: the list of the projects it runs
    "budget:year_list": Expect(RUNNERS, NOBODY),
    "budget:lists": Expect(COORD, COORD),
    # an empty POST: the form's errors (422)
    "budget:year_create": Expect(COORD, COORD),
    "budget:year_detail": Expect(COORD, NOBODY, obj="budget_year"),
    "budget:year_close": Expect(COORD, COORD, obj="budget_year"),
    "budget:project_create": Expect(COORD, COORD, obj="budget_year"),
    "budget:project_detail": Expect(RUNNERS, NOBODY, obj="budget_project", **NOT_PEERS),
    "budget:project_edit": Expect(COORD, COORD, obj="budget_project", **NOT_PEERS),
    "budget:amend": Expect(COORD, COORD, obj="budget_year"),
    "budget:spending_create": Expect(COORD, COORD, obj="budget_year"),
    # an empty POST (no file) answers 400, nothing saved
    "budget:ledger_import": Expect(COORD, COORD, obj="budget_year"),
    "budget:ledger_mapping": Expect(COORD, COORD),
    "budget:ledger_template": Expect(COORD, NOBODY),
    # the execution figures (execution_views.py): a runner, its own projects
    "budget:execution": Expect(RUNNERS, NOBODY, obj="budget_year"),
    "budget:execution_xlsx": Expect(RUNNERS, NOBODY, obj="budget_year"),
    "budget:spending_list": Expect(RUNNERS, NOBODY, obj="budget_year"),
    "budget:national": Expect(R({MINISTRY}), NOBODY),
}

SHARED_KINDS: set[str] = set()
# the first school's and partner's projects, and who they paid
SECRETS: dict[str, set[str]] = {
    "school_b": {"예산사업 school", "지급처 school"},
    "partner_b": {"예산사업 partner", "지급처 partner"},
}
OWNED_KINDS: set[str] = {"budget_project"}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    actor = world.users["coordinator"]
    services.lists_seed(actor=actor, district=world.district)
    source = FundingSource.objects.filter(district=world.district).first()
    category = ExpenseCategory.objects.filter(district=world.district).first()
    year = services.year_create(
        actor=actor,
        district=world.district,
        year=YEAR,
        starts_on=dt.date(YEAR, 1, 1),
        ends_on=dt.date(YEAR, 12, 31),
        amounts={source: 100_000_000},
    )
    projects = {}
    for key in ("school", "partner"):
        project = services.project_create(
            actor=actor,
            fiscal_year=year,
            data={"name": f"예산사업 {key}", "code": f"M-{key}", "runner": orgs[key]},
            allocations={(source.pk, category.pk): 10_000_000},
        )
        services.record_spending(
            actor=actor,
            allocation=Allocation.objects.get(project=project),
            spent_on=dt.date(YEAR, 3, 2),
            amount=1_000_000,
            payee_name=f"지급처 {key}",
        )
        projects[key] = project

    def project(org: str) -> int:
        return projects.get(org, projects["school"]).pk

    return {"budget_year": lambda org: YEAR, "budget_project": project}
