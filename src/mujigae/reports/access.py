"""Access rules of the pages above the domain apps: the home page of every role
(the ministry's is the national roll-up)."""

from __future__ import annotations

from mujigae.core import policy
from mujigae.core.policy import ALL_ROLES, rule

policy.register_routes({"home": rule(ALL_ROLES)})


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
