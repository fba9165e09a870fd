"""Access rules of outcomes: hires, further study, follow-ups, settlement
programmes and the district outcomes dashboard.

School: its own students; coordinator: the district's; ministry: the
dashboard's district aggregates only; providers: their settlement programmes;
a student: their own outcomes. See docs/outcomes.md.

* Graduate records, hires, further study and follow-ups are a student's
  personal data: the students' scope (a school its own students, the
  coordinator the district's, a student their own).
* Settlement programmes: the coordinator the district's; a school, company or
  partner the programmes it provides.
* Participations: the coordinator the district's; a provider those of its
  programmes; a school its own students'; a student their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from mujigae.core import policy
from mujigae.core.policy import (
    COORD,
    COORDINATOR,
    DISTRICT_MEMBERS,
    MINISTRY,
    ORG_ROLES,
    SCHOOL,
    STUDENT,
    STUDENT_STAFF,
    rule,
)
from mujigae.outcomes.models import (
    FollowUp,
    FurtherStudy,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.students.access import school_owns_row, students_scope

DASHBOARD = STUDENT_STAFF | {MINISTRY}

policy.register_routes(
    {
        "outcomes:dashboard": rule(DASHBOARD, note="aggregates"),
        "outcomes:dashboard_export": rule(DASHBOARD),
        "outcomes:figure_rows": rule(STUDENT_STAFF, note="the graduates behind a figure; masked"),
        "outcomes:graduate_list": rule(STUDENT_STAFF),
        "outcomes:graduate_import": rule(STUDENT_STAFF, STUDENT_STAFF, "own school's graduates"),
        "outcomes:student_outcomes": rule(STUDENT_STAFF, STUDENT_STAFF, "POST saves the status"),
        "outcomes:hire_create": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
        "outcomes:hire_edit": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
        "outcomes:study_create": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
        "outcomes:followup_list": rule(STUDENT_STAFF),
        "outcomes:followup_edit": rule(STUDENT_STAFF, STUDENT_STAFF, "follow-up consent"),
        "outcomes:programme_list": rule(DISTRICT_MEMBERS, note="providers: own programmes"),
        "outcomes:programme_create": rule(COORD, COORD),
        "outcomes:programme_detail": rule(DISTRICT_MEMBERS, note="providers: own programmes"),
        "outcomes:programme_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "outcomes:participant_add": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "outcomes:participant_remove": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
        "outcomes:me": rule(frozenset({STUDENT}), note="own outcomes"),
    }
)


# the coordinator the district's programmes; a provider its own
_programmes = policy.organisation_rows(lambda org: Q(provider_id=org))


def _participations(user: Any, qs: QuerySet) -> QuerySet:
    role = policy.role_of(user)
    if role not in (COORDINATOR, *ORG_ROLES, STUDENT):
        return qs.none()
    qs = policy.in_district(user, qs, "programme__district")
    if role == COORDINATOR:
        return qs
    if role == STUDENT:
        return qs.filter(student__user_id=user.pk)
    if not user.organisation_id:
        return qs.none()
    mine = Q(programme__provider_id=user.organisation_id)
    if role == SCHOOL:
        mine |= Q(student__school_id=user.organisation_id)
    return qs.filter(mine)


def _provider_changes(user: Any, obj: Model) -> bool:
    """A school, company or partner changes the settlement programmes it
    provides and their participants."""
    programme = obj if isinstance(obj, SettlementProgramme) else obj.programme
    return (
        user.role in ORG_ROLES
        and user.organisation_id is not None
        and programme.district_id == user.district_id
        and programme.provider_id == user.organisation_id
    )


policy.register_scope(GraduateRecord, students_scope("student"))
policy.register_scope(Hire, students_scope("student"))
policy.register_scope(FurtherStudy, students_scope("student"))
policy.register_scope(FollowUp, students_scope("hire__student"))
policy.register_scope(SettlementProgramme, _programmes)
policy.register_scope(Participation, _participations)
policy.register_change(GraduateRecord, school_owns_row("student"))
policy.register_change(Hire, school_owns_row("student"))
policy.register_change(FurtherStudy, school_owns_row("student"))
policy.register_change(FollowUp, school_owns_row("hire__student"))
policy.register_change(SettlementProgramme, _provider_changes)
policy.register_change(Participation, _provider_changes)
