"""Access rules of students' records — personal data (PIPA).

A school sees and changes its own students; the district coordinator the
district's (masked lists, a logged detail, export and erasure of one person);
a student their own record; the ministry counts only (never a row); nobody
else anything. Other apps whose rows are a student's personal data (hires,
follow-ups, night-work authorisations …) use `students_scope` and
`school_owns` so that the rule is written once. See docs/students.md."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from mujigae.core import policy
from mujigae.core.policy import (
    COORD,
    COORD_AND_MINISTRY,
    COORDINATOR,
    SCHOOL,
    STUDENT,
    STUDENT_STAFF,
    rule,
)
from mujigae.students.models import (
    AccessLog,
    AccessReviewConfirmation,
    AccessReviewMonth,
    Consent,
    ErasureRecord,
    Student,
)

STUDENTS = frozenset({STUDENT})

policy.register_routes(
    {
        # POST: a search by name (never in a URL)
        "students:student_list": rule(STUDENT_STAFF, STUDENT_STAFF, "POST searches"),
        # GET asks the reason; POST downloads and logs one row per person
        "students:student_list_export": rule(STUDENT_STAFF, STUDENT_STAFF, "asks the reason"),
        "students:student_import": rule(STUDENT_STAFF, STUDENT_STAFF),
        "students:import_template": rule(STUDENT_STAFF),
        "students:student_detail": rule(
            STUDENT_STAFF, STUDENT_STAFF, "POST gives the purpose; logs each view"
        ),
        "students:student_edit": rule(
            STUDENT_STAFF, STUDENT_STAFF, "own school (coordinator: all)"
        ),
        "students:consent_add": rule(STUDENT_STAFF, STUDENT_STAFF),
        "students:consent_withdraw": rule(STUDENT_STAFF, STUDENT_STAFF),
        "students:access_log": rule(STUDENT_STAFF),
        "students:student_export": rule(COORD, COORD, "one person's data; logged"),
        "students:student_erase": rule(COORD, COORD, "one person's data"),
        "students:summary": rule(COORD_AND_MINISTRY, note="counts only"),
        "students:me": rule(STUDENTS, STUDENTS, "own record; POST withdraws an own consent"),
        "students:access_review": rule(COORD, COORD, "the district's monthly review"),
    }
)


def students_scope(path: str = "") -> policy.Scope:
    """Rows of students' personal data (`path` leads from the row to its
    Student; "" for Student itself): a school its own students', the
    coordinator the district's, a student their own."""
    prefix = f"{path}__" if path else ""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        role = policy.role_of(user)
        if role not in (COORDINATOR, SCHOOL, STUDENT):
            return qs.none()
        qs = policy.in_district(user, qs, f"{prefix}district")
        if role == COORDINATOR:
            return qs
        if role == SCHOOL:
            if not user.organisation_id:
                return qs.none()
            return qs.filter(**{f"{prefix}school_id": user.organisation_id})
        return qs.filter(**{f"{prefix}user_id": user.pk})

    return scope


def school_owns(user: Any, student: Model) -> bool:
    """A school's staff may change their own school's students' records."""
    return (
        policy.role_of(user) == SCHOOL
        and user.organisation_id is not None
        and student.district_id == user.district_id
        and student.school_id == user.organisation_id
    )


def school_owns_row(path: str):
    """A change rule: the school owns the row's student (`path` from the row)."""

    def change_rule(user: Any, obj: Model) -> bool:
        student = obj
        for name in path.split("__") if path else ():
            student = getattr(student, name)
        return school_owns(user, student)

    return change_rule


policy.register_scope(Student, students_scope())
policy.register_scope(Consent, students_scope("student"))
policy.register_scope(AccessLog, students_scope("student"))
policy.register_scope(ErasureRecord, policy.district_coordinators())
policy.register_scope(AccessReviewConfirmation, policy.district_coordinators())
policy.register_scope(AccessReviewMonth, policy.district_coordinators())
policy.register_change(Student, school_owns_row(""))
policy.register_change(Consent, school_owns_row("student"))
