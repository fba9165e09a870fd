"""Student logins in the Ansan demo: one class with logins, and one unused
activation code printed by `mujigae demo` so a tester can try the activation
page (docs/accounts-students.md).

NEIS class lists rarely carry e-mail addresses: the demo school's (the
`school` login's) grade 1 and 2 students have none here, so making logins for
them shows the printed sheet. Grade 2 class 1 gets its logins as the `school`
login would make them (one transaction, codes on the sheet, a "print" row in
each student's access log). On every run one student of that class whose
login is not active yet gets a new code (the older one is revoked): the code
the command prints. Call after `load_ansan_students()`. Sends no e-mail.
"""

from __future__ import annotations

from typing import TextIO

from django.conf import settings
from django.test.utils import override_settings

from mujigae.accounts import student_services
from mujigae.core.models import Role, User
from mujigae.students.forms import current_school_year
from mujigae.students.models import Student

SCHOOL_LOGIN = "school"
DEMO_GRADE, DEMO_CLASS = 2, 1


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def load_ansan_student_accounts(*, out: TextIO | None = None) -> student_services.Issued | None:
    """Make the demo class's logins (idempotent) and one fresh code; returns it."""
    actor = User.objects.filter(username=SCHOOL_LOGIN, role=Role.SCHOOL).first()
    if actor is None or actor.organisation_id is None:
        _write(out, "student logins: no demo school login; skipped")
        return None
    year = current_school_year()
    students = Student.objects.filter(school_id=actor.organisation_id, school_year=year)
    students.filter(grade__in=(1, DEMO_GRADE)).exclude(email="").update(email="")
    demo_class = students.filter(grade=DEMO_GRADE, class_no=DEMO_CLASS).order_by("number")
    if not demo_class.exists():
        _write(out, "student logins: no demo class; skipped")
        return None
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        made = student_services.student_accounts_create(actor=actor, students=demo_class)
        candidates = [s for s in demo_class.select_related("user") if s.user_id]
        fresh = next((s for s in candidates if not s.user.has_usable_password()), candidates[0])
        issued = student_services.activation_code_reissue(actor=actor, student=fresh).issued[0]
    _write(
        out,
        f"student logins: {made.created} made, {len(made.skipped)} kept "
        f"({actor.organisation.name} {year} {DEMO_GRADE}-{DEMO_CLASS})",
    )
    url = settings.MUJIGAE_DEMO_URL.rstrip("/") + "/accounts/activate/"
    _write(
        out,
        f"학생 계정 활성화 체험 / try a student activation: {url}  "
        f"아이디 / username {issued.username}  코드 / code {issued.code_display} "
        "(한 번만 / once)",
    )
    return issued
