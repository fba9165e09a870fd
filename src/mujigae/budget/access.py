"""Access rules of the budget (MOU clause 5). See docs/budget.md.

* The district's coordinators plan, amend, record and import; they read all
  of their district's budget.
* A school or partner organisation reads the projects it runs (`runner`)
  and their spending; nothing else of the budget.
* Companies and students see nothing of the budget.
* The ministry reads every district's execution rates side by side
  (`budget:national`), never individual spending rows or payees.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from mujigae.budget.models import (
    Allocation,
    Amendment,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    LedgerMapping,
    Project,
    SourceFunding,
    Spending,
)
from mujigae.core import policy
from mujigae.core.policy import COORD, COORDINATOR, MINISTRY, PARTNER, SCHOOL, rule

RUNNERS = frozenset({SCHOOL, PARTNER})  # read the projects their organisation runs
BUDGET_READERS = COORD | RUNNERS

policy.register_routes(
    {
        "budget:year_list": rule(BUDGET_READERS),
        "budget:lists": rule(COORD, COORD),
        "budget:year_create": rule(COORD, COORD),
        "budget:year_detail": rule(COORD),
        "budget:year_close": rule(COORD, COORD),
        "budget:project_create": rule(COORD, COORD),
        "budget:project_detail": rule(BUDGET_READERS, note="a runner: its own projects"),
        "budget:project_edit": rule(COORD, COORD),
        "budget:amend": rule(COORD, COORD),
        "budget:spending_create": rule(COORD, COORD),
        "budget:ledger_import": rule(COORD, COORD),
        "budget:ledger_mapping": rule(COORD, COORD),
        "budget:ledger_template": rule(COORD),
        "budget:execution": rule(BUDGET_READERS, note="a runner: its own projects"),
        "budget:execution_xlsx": rule(BUDGET_READERS, note="a runner: its own projects"),
        "budget:spending_list": rule(BUDGET_READERS, note="a runner: its own projects"),
        "budget:national": rule(frozenset({MINISTRY})),
    }
)


def _runner_rows(path: str) -> Any:
    """Coordinators: the district's rows; a school or partner user: the rows of
    the projects its organisation runs; nobody else."""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        role = policy.role_of(user)
        if role == COORDINATOR:
            return policy.in_district(user, qs, f"{path}district" if path else "district")
        if role in RUNNERS and getattr(user, "organisation_id", None):
            return policy.in_district(user, qs, f"{path}district" if path else "district").filter(
                Q(**{f"{path}runner_id": user.organisation_id})
            )
        return qs.none()

    return scope


# plan rows: the district's coordinators (the ministry reads aggregates only)
for _model, _path in (
    (FundingSource, "district"),
    (ExpenseCategory, "district"),
    (FiscalYear, "district"),
    (SourceFunding, "fiscal_year__district"),
    (Amendment, "district"),
    (LedgerMapping, "district"),
):
    policy.register_scope(_model, policy.district_coordinators(_path))

policy.register_scope(Project, _runner_rows(""))
policy.register_scope(Allocation, _runner_rows("project__"))
policy.register_scope(Spending, _runner_rows("project__"))
