"""Student accounts and their one-time activation codes (issue 12, point 2).

* `student_accounts_create(*, actor, students)`: one transaction, in bulk —
  users with unusable passwords (no password hashing at all), the link to the
  student record, a student-role `Membership`, an activation code each, an
  `AccessChange` row each (kind `account_created`), a (redacted) audit row per
  student; students who already have an account are skipped and said so.
  Students without an e-mail address go on the printed sheet (an `AccessLog`
  "print" row each); the others get their code by e-mail, after the commit.
* `activation_code_reissue(*, actor, student)`: revokes the open codes of one
  student's account and makes a new one (`AccessChange` kind
  `activation_code`), delivered the same way.
* `student_account_activate(*, username, code, password)`: the student sets
  their own password with the code; the code is spent.

A code is 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L):
60 bits from `secrets`. Only its SHA-256 digest is stored; the plain value
exists in the one response (or e-mail) that delivered it.

Usernames: ``s<school id>-<school year>-<grade><class:02><number:02>``, e.g.
``s12-2025-30107`` for 3학년 1반 7번 of school 12 in 2025 — printable, no
personal data, stable (a student who changes class keeps it). A clash with an
existing username gets ``-2``, ``-3`` …. See docs/accounts-students.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mujigae.accounts.models import AccessChange, ActivationCode, Membership
from mujigae.core import audit, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry, Role, User
from mujigae.students.masking import mask_name
from mujigae.students.models import AccessLog, AccessPurpose, Student
from mujigae.students.services import personal_data_access_record

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols: no 0 O 1 I L
CODE_LENGTH = 12  # 12 × log2(31) ≈ 59.4 bits
CODE_GROUP = 4  # printed as ABCD-EFGH-JKMN
SHEET, EMAIL = "sheet", "email"
# AccessLog's action for a printed sheet. The access-log engineer adds it to
# AccessLog.Action (with the IP); until then the value is written as it is.


# --------------------------------------------------------------------------
# codes


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(text: str) -> str:
    """What the student typed -> the code: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode("ascii", "ignore")).hexdigest()


def code_display(code: str) -> str:
    """ABCDEFGHJKMN -> ABCD-EFGH-JKMN (what the sheet and the e-mail show)."""
    code = code_normalise(code)
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def activation_days() -> int:
    return int(getattr(settings, "MUJIGAE_ACTIVATION_DAYS", 30))


def activation_url(code: str | None = None) -> str:
    """The public activation address (with the code: the e-mail's link)."""
    base = settings.MUJIGAE_BASE_URL.rstrip("/")
    if code:
        return base + reverse("accounts:student_activate_code", args=[code_normalise(code)])
    return base + reverse("accounts:student_activate")


def username_for(student: Student) -> str:
    return (
        f"s{student.school_id}-{student.school_year}-"
        f"{student.grade}{student.class_no:02d}{student.number:02d}"
    )


# --------------------------------------------------------------------------
# results


@dataclass
class Issued:
    """One code made now: the plain value lives only in this object."""

    student: Student
    username: str
    code: str
    expires_at: dt.datetime
    delivery: str  # SHEET or EMAIL

    @property
    def code_display(self) -> str:
        return code_display(self.code)


@dataclass
class AccountsResult:
    issued: list[Issued] = field(default_factory=list)
    skipped: list[Student] = field(default_factory=list)  # had an account already
    emailed: int = 0
    email_failed: int = 0

    @property
    def created(self) -> int:
        return len(self.issued)

    @property
    def on_sheet(self) -> list[Issued]:
        return [i for i in self.issued if i.delivery == SHEET]


# --------------------------------------------------------------------------
# helpers


def _refuse_other_schools(actor: Any, students: Iterable[Student]) -> None:
    """Only the student's school (its school role) or the district's
    coordinator may make or re-issue a student's login."""
    role = policy.role_of(actor)
    for student in students:
        if role == policy.COORDINATOR and student.district_id == actor.district_id:
            continue
        if (
            role == policy.SCHOOL
            and actor.organisation_id is not None
            and student.district_id == actor.district_id
            and student.school_id == actor.organisation_id
        ):
            continue
        raise ApplicationError(
            _("You may make logins only for the students of your own school."), status=403
        )


def _access_change(actor: Any, subject: User, kind: str, detail: dict) -> AccessChange:
    """An unsaved `AccessChange`, filled as `access_change_record` fills it
    (rows are written in bulk here)."""
    return AccessChange(
        district_id=subject.district_id or getattr(actor, "district_id", None),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(str(actor) if getattr(actor, "pk", None) else "mujigae")[:150],
        subject=subject,
        subject_name=str(subject)[:150],
        kind=kind,
        detail=detail,
    )


def _audit_link(actor: Any, student: Student) -> AuditEntry:
    """The student record's audit row: its login changed (value redacted:
    `user` is a personal field)."""
    return AuditEntry(
        district_id=student.district_id,
        actor=actor,
        actor_name=actor.get_username(),
        action=AuditEntry.Action.UPDATE,
        object_type=Student._meta.label,
        object_id=str(student.pk),
        object_repr=str(student)[:200],
        changes={"user": ["…", "…"]},
        via="web",
    )


def print_log_record(*, actor: Any, students: Iterable[Student], ip: str | None = None) -> int:
    """One access-log row ("print") per student whose data is on a printed
    sheet (who, whom, when, from where, why), through the students' one
    recording function, in the caller's transaction."""
    rows = personal_data_access_record(
        request_or_actor=actor,
        students=list(students),
        action=AccessLog.Action.PRINT,
        purpose=AccessPurpose.OTHER,
        note=str(_("Activation sheet of student logins")),
        ip=ip,
    )
    return len(rows)


def _new_codes(n: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < n:
        codes.add(code_new())
    return list(codes)


def _free_usernames(wanted: list[str]) -> list[str]:
    """`wanted`, each made unique against existing logins (and each other):
    a clash (rare: a login made by hand) gets -2, -3 …."""
    taken = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    out = []
    for name in wanted:
        candidate, k = name, 1
        while candidate in taken or (
            candidate != name and User.objects.filter(username=candidate).exists()
        ):
            k += 1
            candidate = f"{name}-{k}"
        taken.add(candidate)
        out.append(candidate)
    return out


def _mail(issued: Iterable[Issued]) -> tuple[int, list[Issued]]:
    """E-mail each student their username, code and link (Korean). Returns
    (sent, failed): one bad address does not stop the others."""
    sent, failed = 0, []
    connection = get_connection(fail_silently=False)
    with translation.override("ko"):
        for item in issued:
            subject = _("[mujigae] Activate your student login")
            body = _(
                "Hello,\n\n"
                "your school made a mujigae login for you.\n\n"
                "Username: %(username)s\n"
                "Activation code: %(code)s\n"
                "Valid until: %(expires)s\n\n"
                "Open this address, check the username and code, and choose your own "
                "password:\n%(link)s\n\n"
                "The code works once. Do not share it. If it has expired, ask your "
                "school for a new one.\n"
            ) % {
                "username": item.username,
                "code": item.code_display,
                "expires": _date(item.expires_at),
                "link": activation_url(item.code),
            }
            message = EmailMessage(subject, body, None, [item.student.email], connection=connection)
            try:
                message.send()
            except Exception:  # noqa: BLE001 — one bad address must not stop the others
                failed.append(item)
                continue
            sent += 1
    return sent, failed


def _date(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.year}. {local.month}. {local.day}."


def _deliver(actor: Any, result: AccountsResult, ip: str | None = None) -> None:
    """After the commit: e-mail those with an address; a failed e-mail puts
    the student on the sheet instead (and logs that print)."""
    to_mail = [i for i in result.issued if i.delivery == EMAIL]
    if not to_mail:
        return
    result.emailed, failed = _mail(to_mail)
    result.email_failed = len(failed)
    if failed:
        with transaction.atomic():
            for item in failed:
                item.delivery = SHEET
            print_log_record(actor=actor, students=[i.student for i in failed], ip=ip)


# --------------------------------------------------------------------------
# the services


def student_accounts_create(
    *, actor: Any, students: Iterable[Student], ip: str | None = None
) -> AccountsResult:
    """Make a login for each of `students` that has none (see the module's
    docstring). All of them must belong to a school the actor may act for,
    or nothing is written (403)."""
    if isinstance(students, QuerySet):
        pks = sorted(students.values_list("pk", flat=True))
    else:
        pks = sorted({s.pk for s in students})
    result = AccountsResult()
    with transaction.atomic():
        # Lock the rows: a double submit waits here, then finds the logins made.
        rows = list(
            Student.objects.select_for_update(of=("self",))
            .select_related("school")
            .filter(pk__in=pks)
            .order_by("school_id", "school_year", "grade", "class_no", "number")
        )
        _refuse_other_schools(actor, rows)
        todo = [s for s in rows if s.user_id is None]
        result.skipped = [s for s in rows if s.user_id is not None]
        if not todo:
            return result
        now = timezone.now()
        expires = now + dt.timedelta(days=activation_days())
        usernames = _free_usernames([username_for(s) for s in todo])
        users = [
            User(
                username=name,
                password=make_password(None),  # unusable: no hashing, no login
                role=Role.STUDENT,
                district_id=s.district_id,
                organisation_id=s.school_id,
                display_name=mask_name(s.name)[:100],
                email=s.email or "",
                date_joined=now,
            )
            for s, name in zip(todo, usernames, strict=True)
        ]
        User.objects.bulk_create(users, batch_size=1000)
        if any(u.pk is None for u in users):  # a database that returns no ids
            ids = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
            for u in users:
                u.pk = u.id = ids[u.username]
        for s, u in zip(todo, users, strict=True):
            s.user = u
        Membership.objects.bulk_create(
            [
                Membership(
                    user=u,
                    role=Role.STUDENT,
                    district_id=u.district_id,
                    organisation_id=u.organisation_id,
                    granted_by=actor,
                )
                for u in users
            ],
            batch_size=1000,
        )
        codes = _new_codes(len(todo))
        ActivationCode.objects.bulk_create(
            [
                ActivationCode(
                    student=s, user=u, digest=code_digest(c), created_by=actor, expires_at=expires
                )
                for s, u, c in zip(todo, users, codes, strict=True)
            ],
            batch_size=1000,
        )
        # Link each student to their login in one UPDATE (bulk_update would
        # write a CASE of 2,000 branches): through the code just made — a
        # student without a login has no other code (codes go with their login).
        Student.objects.filter(pk__in=[s.pk for s in todo]).update(
            user_id=Subquery(
                ActivationCode.objects.filter(student_id=OuterRef("pk"))
                .order_by("-pk")
                .values("user_id")[:1]
            )
        )
        for s, u, c in zip(todo, users, codes, strict=True):
            delivery = EMAIL if s.email else SHEET
            result.issued.append(Issued(s, u.username, c, expires, delivery))
        AccessChange.objects.bulk_create(
            [
                _access_change(
                    actor,
                    i.student.user,
                    AccessChange.Kind.ACCOUNT_CREATED,
                    {
                        "role": Role.STUDENT.value,
                        "username": i.username,
                        "activation_code": i.delivery,
                        "expires_at": i.expires_at.isoformat(),
                    },
                )
                for i in result.issued
            ],
            batch_size=1000,
        )
        AuditEntry.objects.bulk_create([_audit_link(actor, s) for s in todo], batch_size=1000)
        print_log_record(actor=actor, students=[i.student for i in result.on_sheet], ip=ip)
    _deliver(actor, result, ip)
    return result


def activation_code_reissue(
    *, actor: Any, student: Student, ip: str | None = None
) -> AccountsResult:
    """A new code for one student's login; the open ones stop working."""
    with transaction.atomic():
        student = (
            Student.objects.select_for_update(of=("self",))
            .select_related("user", "school")
            .get(pk=student.pk)
        )
        _refuse_other_schools(actor, [student])
        user = student.user
        if user is None or user.role != Role.STUDENT:
            raise ApplicationError(
                _("This student has no student login yet. Make the logins first."), status=409
            )
        now = timezone.now()
        revoked = ActivationCode.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        code = code_new()
        expires = now + dt.timedelta(days=activation_days())
        ActivationCode.objects.create(
            student=student,
            user=user,
            digest=code_digest(code),
            created_by=actor,
            expires_at=expires,
        )
        issued = Issued(student, user.username, code, expires, EMAIL if student.email else SHEET)
        _access_change(
            actor,
            user,
            AccessChange.Kind.ACTIVATION_CODE,
            {
                "username": user.username,
                "activation_code": issued.delivery,
                "expires_at": expires.isoformat(),
                "revoked": revoked,
            },
        ).save()
        result = AccountsResult(issued=[issued])
        if issued.delivery == SHEET:
            print_log_record(actor=actor, students=[student], ip=ip)
    _deliver(actor, result, ip)
    return result


class ActivationRefused(ApplicationError):
    """A code that cannot be used: `reason` is one of wrong, used, revoked,
    expired, inactive. Nothing is written."""

    def __init__(self, reason: str, message: str, status: int = 400):
        super().__init__(message, status=status)
        self.reason = reason


def activation_code_check(*, username: str, code: str) -> ActivationCode:
    """The usable code for `username`, or `ActivationRefused`. A wrong code
    and an unknown username look the same."""
    username = (username or "").strip()
    wrong = ActivationRefused(
        "wrong", _("The username or the activation code is not correct. Check the printed slip.")
    )
    if not username or len(code_normalise(code)) != CODE_LENGTH:
        raise wrong
    found = (
        ActivationCode.objects.select_related("user", "student")
        .filter(digest=code_digest(code), user__username=username, user__role=Role.STUDENT)
        .first()
    )
    if found is None:
        raise wrong
    if found.used_at:
        raise ActivationRefused(
            "used",
            _(
                "This activation code has already been used. Log in with your password, "
                "or ask your school for a new code."
            ),
            status=410,
        )
    if found.revoked_at:
        raise ActivationRefused(
            "revoked",
            _(
                "This activation code was replaced by a newer one. Use the newest slip your "
                "school gave you."
            ),
            status=410,
        )
    if found.expires_at <= timezone.now():
        raise ActivationRefused(
            "expired",
            _("This activation code expired on %(date)s. Ask your school for a new one.")
            % {"date": _date(found.expires_at)},
            status=410,
        )
    if not found.user.is_active:
        raise ActivationRefused(
            "inactive", _("This login is disabled. Ask your school."), status=403
        )
    return found


def student_account_activate(*, username: str, code: str, password: str) -> User:
    """The student chooses their password with a valid code: the code is spent,
    the login is theirs. Django's password validators apply (422 with the
    reasons); nothing is written unless everything is right."""
    with transaction.atomic():
        found = activation_code_check(username=username, code=code)
        found = (
            ActivationCode.objects.select_for_update(of=("self",))
            .select_related("user", "student")
            .get(pk=found.pk)
        )
        if not found.is_usable:  # spent by a concurrent request a moment ago
            raise ActivationRefused(
                "used", _("This activation code has already been used."), status=410
            )
        user = found.user
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(
                exc.messages[0], field_errors={"password1": list(exc.messages)}
            ) from exc
        user.set_password(password)
        user.save(update_fields=["password"])
        now = timezone.now()
        found.used_at = now
        found.save(update_fields=["used_at"])
        ActivationCode.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True
        ).exclude(pk=found.pk).update(revoked_at=now)
        if found.student.user_id != user.pk:  # linked at creation; kept true
            Student.objects.filter(pk=found.student_id).update(user=user)
        audit.record(
            actor=None,
            action="update",
            obj=user,
            changes={"password": ["…", "…"], "activation_code": [None, "used"]},
        )
    return user


# --------------------------------------------------------------------------
# throttling the activation page (a cache counter, like the login's lock)

# Wrong codes allowed per username and per address within the window. With
# 60-bit codes, 5 tries per username leave an attacker no chance; the address
# limit stops one machine trying many usernames.
USERNAME_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW_SECONDS = 15 * 60


def _throttle_keys(username: str, address: str | None) -> list[tuple[str, int]]:
    who = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    keys = [(f"mujigae:activation:user:{who}", USERNAME_LIMIT)]
    if address:
        keys.append((f"mujigae:activation:addr:{address}", ADDRESS_LIMIT))
    return keys


def activation_throttled(*, username: str, address: str | None) -> bool:
    """Too many wrong codes lately for this username or from this address?"""
    from django.core.cache import cache

    return any((cache.get(key) or 0) >= limit for key, limit in _throttle_keys(username, address))


def activation_failed(*, username: str, address: str | None) -> None:
    """Count one wrong code (the window starts with the first)."""
    from django.core.cache import cache

    for key, _limit in _throttle_keys(username, address):
        if cache.add(key, 1, WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)
