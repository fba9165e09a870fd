"""Signing in (the password step, then the second factor where the role needs
it), enrolment of a TOTP authenticator, recovery codes, a coordinator's reset
of someone's second factor, and password-reset e-mails.

The second factor is part of the login flow, not a check on every request:
after the password step the session holds a *pending* sign-in (the user's id,
where to go next, when it started) that is not a login; only a correct code
(or, the first time, a confirmed enrolment) calls `django.contrib.auth.login`.
Sessions made any other way (`Client.force_login` in tests) are untouched.

Every grant, change or removal of access (enrolment, a reset by a coordinator,
a reset e-mail sent by someone else) is recorded with
`accounts.services.access_change_record` in the same transaction.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import User
from mujigae.security.models import RecoveryCode
from mujigae.security.network import is_exempt

PENDING = "security.pending"  # session: the password step passed, the code step not yet
VERIFIED = "security.verified"  # session: the user id whose second factor this session passed
DEFAULT_BACKEND = "django.contrib.auth.backends.ModelBackend"
RECOVERY_CODES = 10
MAX_CODE_ATTEMPTS = 5  # wrong codes in one pending sign-in before the password is asked again
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_RECOVERY_SALT = "mujigae.security.recovery"


# --------------------------------------------------------------------------
# who needs a second factor


def role_needs_second_factor(role: str | None) -> bool:
    """Roles that read students' personal data (MUJIGAE_SECOND_FACTOR_ROLES)."""
    return bool(role) and role in settings.MUJIGAE_SECOND_FACTOR_ROLES


def user_needs_second_factor(user: Any, role: str | None = None) -> bool:
    """Does `user`, acting in `role` (default: the role in use), need the second
    factor? The roles that read students' data, and platform administrators
    (superusers: the Django admin reads everything), always."""
    return bool(getattr(user, "is_superuser", False)) or role_needs_second_factor(
        role or getattr(user, "role", None)
    )


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_required(user: Any, role: str | None = None, *, request=None) -> bool:
    """Must `user` pass the second factor before acting in `role` (default: the
    role in use)? False for roles that do not need it and for requests from an
    exempt network; with `request`, also False once this session passed the
    second factor for this user. Role switching asks it before switching to a
    coordinator or school role (then sends the person to `step_up_url`)."""
    if not user_needs_second_factor(user, role):
        return False
    if request is not None:
        if is_exempt(request):
            return False
        if request.session.get(VERIFIED) == user.pk:
            return False
    return True


def step_up_url(next_url: str, *, step: str = "security:verify") -> str:
    """Where a logged-in person passes the second factor (enrolling first if
    they have no device), then comes back to `next_url` (a path)."""
    from urllib.parse import urlencode

    return f"{reverse(step)}?{urlencode({'next': next_url})}"


# --------------------------------------------------------------------------
# the login flow


def safe_next(request: HttpRequest, next_url: str | None) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def sign_in(
    request: HttpRequest, user: Any, *, next_url: str | None, backend: str | None = None
) -> HttpResponseRedirect:
    """Log `user` in after their password was checked (or an invitation
    accepted): straight away when their role needs no second factor or the
    request comes from an exempt network; otherwise through the code step (or
    the enrolment step when they have no authenticator yet). Someone whose role
    does not need it but who set up an app anyway is asked for its code too.
    Returns the redirect to follow."""
    backend = backend or getattr(user, "backend", None) or DEFAULT_BACKEND
    target = safe_next(request, next_url)
    device = has_device(user)
    if not (device or user_needs_second_factor(user)) or is_exempt(request):
        auth.login(request, user, backend=backend)
        return HttpResponseRedirect(target)
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": target,
        "at": time.time(),
        "failures": 0,
    }
    step = "security:verify" if device else "security:enrol"
    return HttpResponseRedirect(reverse(step))


def pending_sign_in(request: HttpRequest) -> tuple[Any, dict] | None:
    """The user whose password step passed in this session, while it is fresh."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending.get("at", 0) > settings.MUJIGAE_SECOND_FACTOR_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    return user, pending


def pending_failure(request: HttpRequest, pending: dict) -> bool:
    """Count a wrong code; True when the pending sign-in is now dropped."""
    pending["failures"] = pending.get("failures", 0) + 1
    if pending["failures"] >= MAX_CODE_ATTEMPTS:
        request.session.pop(PENDING, None)
        return True
    request.session[PENDING] = pending
    return False


def finish_sign_in(
    request: HttpRequest, user: Any, pending: dict | None, next_url: str | None = None
) -> str:
    """The second factor passed: log in (a new session key) unless already
    logged in (a step-up), remember that this session passed it, return where
    to go."""
    target = (pending or {}).get("next") or safe_next(request, next_url)
    if pending is not None:
        request.session.pop(PENDING, None)
        auth.login(request, user, backend=pending.get("backend") or DEFAULT_BACKEND)
    request.session[VERIFIED] = user.pk
    return target


# --------------------------------------------------------------------------
# devices and codes


def enrolment_device(*, user: Any) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device, kept while the
    person scans it (a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="mujigae", confirmed=False)
    return device


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_digest(user: Any, code: str) -> str:
    return salted_hmac(
        _RECOVERY_SALT, f"{user.pk}:{_normal_code(code)}", algorithm="sha256"
    ).hexdigest()


def _throttled(device: TOTPDevice) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    return _(
        "Too many wrong codes in a row. Wait a few seconds and try again with the code "
        "now shown in your app."
    )


@transaction.atomic
def recovery_codes_create(*, user: Any) -> list[str]:
    """Ten new recovery codes (the old ones stop working). Shown once."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=_recovery_digest(user, c)) for c in codes]
    )
    return codes


def enrolment_confirm(*, user: Any, device: TOTPDevice, code: str) -> list[str]:
    """The person typed the code their app shows: the device is theirs from now
    on (any older one is removed), ten recovery codes are made and returned
    (shown once), and the enrolment is recorded in the access-rights history."""
    device = TOTPDevice.objects.get(pk=device.pk, user=user)
    message = _throttled(device)
    if message:
        raise ApplicationError(message, field_errors={"code": [message]}, status=429)
    # Outside a transaction: a wrong code's throttling count must stay saved.
    if not device.verify_token(_normal_code(code)):
        message = _("The code is not correct. Type the 6 digits your app shows now.")
        raise ApplicationError(message, field_errors={"code": [message]})
    return _enrolment_complete(user=user, device=device)


@transaction.atomic
def _enrolment_complete(*, user: Any, device: TOTPDevice) -> list[str]:
    from mujigae.accounts.models import AccessChange
    from mujigae.accounts.services import access_change_record

    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_create(user=user)
    access_change_record(
        actor=user,
        subject=user,
        kind=AccessChange.Kind.SECOND_FACTOR_ENROLLED,
        detail={"method": "totp", "recovery_codes": len(codes)},
    )
    return codes


def code_verify(*, user: Any, code: str) -> str:
    """Check a 6-digit code from the app, or a recovery code (each works once).
    Returns "totp" or "recovery"; raises ApplicationError otherwise. Not one
    transaction on purpose: a wrong code's throttling count must stay saved."""
    text = _normal_code(code)
    wrong = _("The code is not correct. Type the 6 digits your app shows now, or a recovery code.")
    if not text:
        message = _("Type the 6-digit code from your authenticator app.")
        raise ApplicationError(message, field_errors={"code": [message]})
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if text.isdigit():
        if device is None:
            raise ApplicationError(wrong, field_errors={"code": [wrong]})
        message = _throttled(device)
        if message:
            raise ApplicationError(message, field_errors={"code": [message]}, status=429)
        if device.verify_token(text):
            return "totp"
        raise ApplicationError(wrong, field_errors={"code": [wrong]})
    used = RecoveryCode.objects.filter(
        user=user, digest=_recovery_digest(user, text), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        return "recovery"
    raise ApplicationError(wrong, field_errors={"code": [wrong]})


def recovery_codes_left(*, user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def second_factor_reset(*, actor: Any, subject: Any) -> None:
    """A coordinator removes `subject`'s authenticator and recovery codes (a
    lost phone); the person enrols again at their next login. Recorded in the
    access-rights history. The caller has checked `actor` may do it."""
    from mujigae.accounts.models import AccessChange
    from mujigae.accounts.services import access_change_record

    devices, _n = TOTPDevice.objects.filter(user=subject).delete()
    codes, _n = RecoveryCode.objects.filter(user=subject).delete()
    access_change_record(
        actor=actor,
        subject=subject,
        kind=AccessChange.Kind.SECOND_FACTOR_RESET,
        detail={"devices_removed": devices, "recovery_codes_removed": codes},
    )


# --------------------------------------------------------------------------
# password reset e-mails


def password_reset_send(*, request: HttpRequest, email: str, actor: Any = None) -> None:
    """Send the reset link to every active account with this address (none:
    nothing is sent, and the caller answers the same). With `actor` (someone
    else asking for it, e.g. a coordinator for a person of the district) the
    reset is recorded in the access-rights history."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    users = list(form.get_users(form.cleaned_data["email"]))
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="security/password_reset_subject.txt",
        email_template_name="security/password_reset_email.txt",
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
    if actor is not None and getattr(actor, "pk", None):
        from mujigae.accounts.models import AccessChange
        from mujigae.accounts.services import access_change_record

        for user in users:
            if user.pk != actor.pk:
                access_change_record(
                    actor=actor,
                    subject=user,
                    kind=AccessChange.Kind.PASSWORD_RESET,
                    detail={"via": "e-mail link"},
                )
