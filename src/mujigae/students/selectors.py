"""Reads of students. Rows go through the access policy; the ministry gets counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from mujigae.core import policy
from mujigae.core.models import District
from mujigae.partners.models import Organisation, OrgKind
from mujigae.students.models import AccessLog, Consent, Student


def student_list(
    *,
    user: Any,
    q: str = "",
    school: int | str | None = None,
    school_year: int | str | None = None,
    grade: int | str | None = None,
    major: str = "",
) -> QuerySet[Student]:
    qs = policy.visible(user, Student).select_related("school")
    if school:
        qs = qs.filter(school_id=school)
    if school_year:
        qs = qs.filter(school_year=school_year)
    if grade:
        qs = qs.filter(grade=grade)
    if major:
        qs = qs.filter(major=major)
    q = (q or "").strip()
    if q:
        # Searching by full name is allowed (staff know whom they look for);
        # the list still shows masked names.
        cond = Q(name__icontains=q) | Q(major__icontains=q) | Q(student_no=q)
        qs = qs.filter(cond)
    return qs.order_by("school__name", "-school_year", "grade", "class_no", "number")


def student_majors(*, user: Any) -> list[str]:
    return list(
        policy.visible(user, Student)
        .exclude(major="")
        .values_list("major", flat=True)
        .distinct()
        .order_by("major")
    )


def student_years(*, user: Any) -> list[int]:
    return list(
        policy.visible(user, Student)
        .values_list("school_year", flat=True)
        .distinct()
        .order_by("-school_year")
    )


def importable_schools(*, user: Any) -> QuerySet[Organisation]:
    """The schools a user may import students for: a school its own; the
    coordinator any school of the district."""
    return policy.actable_organisations(user, kinds=OrgKind.SCHOOL).order_by("name")


def student_detail(*, user: Any, pk: Any) -> Student:
    return policy.access(
        user, Student, pk, qs=Student.objects.select_related("school", "district", "user")
    )


def access_log_for(*, user: Any, student: Student) -> QuerySet[AccessLog]:
    return policy.visible(user, AccessLog).filter(student=student)


def student_counts(*, user: Any) -> list[dict[str, Any]]:
    """Counts only (no personal rows): per district, school, school year and
    grade, for the districts the user may read (the ministry: all)."""
    districts = policy.visible(user, District)
    if user.role not in (policy.COORDINATOR, policy.MINISTRY):
        return []
    return list(
        Student.objects.filter(district__in=districts)
        .values("district__name", "school__name", "school_year", "grade")
        .annotate(n=Count("pk"), with_login=Count("user"))
        .order_by("district__name", "school__name", "-school_year", "grade")
    )


def _active(purpose: str, prefix: str = "") -> dict[str, Any]:
    # The one definition of "the student consents to …": a consent for the
    # purpose that has not been withdrawn.
    return {f"{prefix}purpose": purpose, f"{prefix}withdrawn_at__isnull": True}


def consent_active_q(purpose: str, prefix: str = "") -> Q:
    """A filter for students (reached through `prefix`, e.g. "student__") with an
    active consent for `purpose`."""
    return Q(**_active(purpose, f"{prefix}consents__"))


def active_consents(purpose: str) -> QuerySet[Consent]:
    """The active consents for `purpose` (of every student: narrow it)."""
    return Consent.objects.filter(**_active(purpose))


def has_active_consent(student: Student, purpose: str) -> bool:
    """Does `student` consent to `purpose` now?"""
    return active_consents(purpose).filter(student=student).exists()
