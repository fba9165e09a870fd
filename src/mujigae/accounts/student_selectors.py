"""Reads for the student-account pages. Students always come through the
access policy (a school its own, the coordinator the district's)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from mujigae.accounts.models import ActivationCode
from mujigae.core import policy
from mujigae.partners.models import Organisation, OrgKind
from mujigae.students.models import Student

NONE, ISSUED, EXPIRED, ACTIVE, DISABLED = "none", "issued", "expired", "active", "disabled"


def account_schools(*, user: Any) -> QuerySet[Organisation]:
    """The schools whose students' logins the user manages."""
    return policy.actable_organisations(user, kinds=OrgKind.SCHOOL).order_by("name")


def selected_students(
    *,
    user: Any,
    school: int | None = None,
    school_year: int | None = None,
    grade: int | None = None,
    class_no: int | None = None,
) -> QuerySet[Student]:
    qs = policy.visible(user, Student)
    for name, value in (
        ("school_id", school),
        ("school_year", school_year),
        ("grade", grade),
        ("class_no", class_no),
    ):
        if value is not None:
            qs = qs.filter(**{name: value})
    return qs


def selection_counts(qs: QuerySet[Student]) -> dict[str, int]:
    """How many students, how many have a login, and of those without one how
    many get their code printed (no e-mail) or by e-mail."""
    without = Q(user__isnull=True)
    return qs.aggregate(
        total=Count("pk"),
        with_login=Count("pk", filter=Q(user__isnull=False)),
        to_make=Count("pk", filter=without),
        to_print=Count("pk", filter=without & Q(email="")),
        to_mail=Count("pk", filter=without & ~Q(email="")),
    )


def with_account_state(qs: QuerySet[Student]) -> QuerySet[Student]:
    """Annotate each student with their login's state: `code_expires` (the
    newest open code's expiry) and `has_password`; `user.last_login` is there."""
    open_code = (
        ActivationCode.objects.filter(
            user_id=OuterRef("user_id"), used_at__isnull=True, revoked_at__isnull=True
        )
        .order_by("-expires_at")
        .values("expires_at")[:1]
    )
    return (
        qs.select_related("school", "user")
        .annotate(
            code_expires=Subquery(open_code, output_field=DateTimeField()),
            has_password=Case(
                When(user__isnull=True, then=Value(False)),
                When(user__password__startswith=UNUSABLE_PASSWORD_PREFIX, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .order_by("school__name", "-school_year", "grade", "class_no", "number")
    )


def account_state(student: Student, now: Any = None) -> str:
    """none / issued (a code to use) / expired (no usable code, no password yet)
    / active (a password is set) / disabled."""
    now = now or timezone.now()
    if student.user_id is None:
        return NONE
    if not student.user.is_active:
        return DISABLED
    if getattr(student, "has_password", student.user.has_usable_password()):
        return ACTIVE
    expires = getattr(student, "code_expires", None)
    if expires is not None and expires > now:
        return ISSUED
    return EXPIRED


def selection_choices(*, user: Any) -> tuple[list[int], list[int]]:
    """The school years and class numbers of the students the user sees."""
    qs = policy.visible(user, Student)
    years = list(qs.values_list("school_year", flat=True).distinct().order_by("-school_year"))
    classes = list(qs.values_list("class_no", flat=True).distinct().order_by("class_no"))
    return years, classes
