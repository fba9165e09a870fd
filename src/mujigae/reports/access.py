"""Access rules of the pages above the domain apps: the home page of every role
(the ministry's is the national roll-up)."""

from __future__ import annotations

from mujigae.core import policy
from mujigae.core.policy import ALL_ROLES, rule

policy.register_routes({"home": rule(ALL_ROLES)})

# REST API of the evaluation (reports/api.py), read only: the district's
# coordinators (their own district and the national medians) and the ministry
# (every district, small groups suppressed)
policy.register_routes(
    {
        "api:frameworks": rule(policy.COORD_AND_MINISTRY),
        "api:evaluation": rule(policy.COORD_AND_MINISTRY),
        "api:district_evaluation": rule(policy.COORD_AND_MINISTRY),
    }
)
# --------------------------------------------------------------------------
# the evaluation framework and the ministry's national view (urls_national.py,
# docs/indicators.md, docs/national.md)
#
# * The framework is the ministry's own data: the ministry reads and edits it
#   (the one place the ministry writes, so its rules are built by hand: `rule()`
#   takes the ministry out of every write set). Coordinators, schools and
#   partners read it (what their district is graded on); companies and students
#   nothing.
# * The comparison, an indicator across districts and one district's evaluation:
#   the ministry only (a district sees its own report and the national medians
#   on it, never the other districts side by side). No person's data: figures
#   of fewer than MUJIGAE_SUPPRESS_BELOW people are suppressed.

from mujigae.core.policy import MINISTRY, PARTNER, SCHOOL, Rule  # noqa: E402
from mujigae.reports.models import Area, Framework, Indicator  # noqa: E402

MINISTRY_ONLY = frozenset({MINISTRY})
FRAMEWORK_READERS = frozenset({policy.COORDINATOR, SCHOOL, PARTNER, MINISTRY})
# the ministry edits the framework (built by hand: rule() drops the ministry from writes)
FRAMEWORK_EDIT = Rule(read=MINISTRY_ONLY, write=MINISTRY_ONLY, note="the ministry's framework")

policy.register_routes(
    {
        "national:frameworks": rule(FRAMEWORK_READERS),
        "national:framework": Rule(
            read=FRAMEWORK_READERS, write=MINISTRY_ONLY, note="the ministry edits; others read"
        ),
        "national:framework_copy": FRAMEWORK_EDIT,
        "national:area_create": FRAMEWORK_EDIT,
        "national:area_edit": FRAMEWORK_EDIT,
        "national:area_move": FRAMEWORK_EDIT,
        "national:indicator_create": FRAMEWORK_EDIT,
        "national:indicator_edit": FRAMEWORK_EDIT,
        "national:indicator_delete": FRAMEWORK_EDIT,
        "national:comparison": rule(MINISTRY_ONLY),
        "national:comparison_xlsx": rule(MINISTRY_ONLY),
        "national:indicator": rule(MINISTRY_ONLY),
        "national:district": rule(MINISTRY_ONLY),
    }
)

# the framework is national reference data: the same rows for every district
for _model in (Framework, Area, Indicator):
    policy.register_scope(_model, policy.national(FRAMEWORK_READERS), national=True)

# --------------------------------------------------------------------------
# the annual report (docs/annual-report.md)
#
# * The district's coordinators (the education office and the city): every
#   report of their district, its entered values, generation and submission.
# * School and partner users of the district: the district's SUBMITTED
#   reports only (list, page, files).
# * The ministry: every district's submitted reports (drill-down) and the
#   national report, which it generates (a report of no district: it writes
#   no district's data — the one write the ministry makes, stated here).
# * Companies and students: nothing. Another district's report: 404.

from typing import Any  # noqa: E402

from django.db.models import Q, QuerySet  # noqa: E402

from mujigae.core.policy import (  # noqa: E402
    COORD,
    COORDINATOR,
    MINISTRY,
    PARTNER,
    SCHOOL,
    Rule,
)
from mujigae.reports.models import (  # noqa: E402
    AnnualReport,
    EnteredValue,
    ReportFile,
    ReportRun,
    ReportSection,
)

REPORT_MEMBERS = frozenset({SCHOOL, PARTNER})  # the district's submitted reports
REPORT_READERS = COORD | REPORT_MEMBERS
MINISTRY_ONLY = frozenset({MINISTRY})

policy.register_routes(
    {
        "annual:list": rule(REPORT_READERS, note="schools and partners: submitted reports"),
        "annual:create": rule(COORD, COORD),
        "annual:detail": rule(REPORT_READERS | MINISTRY_ONLY, note="others: submitted only"),
        "annual:section": rule(COORD, COORD),
        "annual:generate": rule(COORD, COORD),
        "annual:progress": rule(COORD | MINISTRY_ONLY),
        "annual:submit": rule(COORD, COORD),
        "annual:new_version": rule(COORD, COORD),
        "annual:file": rule(REPORT_READERS | MINISTRY_ONLY, note="others: submitted only"),
        "annual:entered": rule(COORD, COORD),
        "annual:national": rule(MINISTRY_ONLY),
        # not policy.rule(): the ministry generates the national report (its
        # own document of no district; no district's data changes)
        "annual:national_generate": Rule(
            read=MINISTRY_ONLY, write=MINISTRY_ONLY, note="the ministry's own report"
        ),
    }
)


def _reports_scope(user: Any, qs: QuerySet) -> QuerySet:
    role = policy.role_of(user)
    submitted = Q(status=AnnualReport.Status.SUBMITTED)
    if role == COORDINATOR:
        return policy.in_district(user, qs)
    if role in REPORT_MEMBERS:
        return policy.in_district(user, qs).filter(submitted)
    if role == MINISTRY:
        return qs.filter(Q(district__isnull=True) | submitted)
    return qs.none()


policy.register_scope(AnnualReport, _reports_scope)
policy.register_scope(ReportSection, policy.children_of(AnnualReport, "report"))
policy.register_scope(ReportRun, policy.children_of(AnnualReport, "report"))
policy.register_scope(ReportFile, policy.children_of(AnnualReport, "run__report"))
policy.register_scope(EnteredValue, policy.district_coordinators())
