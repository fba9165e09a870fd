"""The login flow (password → code or enrolment → logged in), the password
pages, a coordinator's reset of someone's second factor, the keep-alive ping.
Thin: parse, authorize, call a service, render."""

from __future__ import annotations

from base64 import b32encode

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mujigae.core.exceptions import ApplicationError
from mujigae.core.forms import INVALID_STATUS
from mujigae.core.models import User
from mujigae.security import forms, services

# --------------------------------------------------------------------------
# step 1: the password


class LoginView(auth_views.LoginView):
    """Django's login page and form (django-axes, `?next=`, a logged-in visitor
    sent on), the spraying limit, then `services.sign_in`: straight in, or on to
    the code or enrolment step."""

    form_class = forms.SprayGuardLoginForm
    authentication_form = forms.SprayGuardLoginForm
    template_name = "security/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        return services.sign_in(self.request, form.get_user(), next_url=self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.spray_blocked:
            response.status_code = 429
        return response


# --------------------------------------------------------------------------
# step 2: the code, or the first enrolment


def _subject(request: HttpRequest):
    """(user, pending sign-in or None, where to go next), or None when there is
    nobody: no fresh password step and nobody logged in."""
    found = services.pending_sign_in(request)
    if found is not None:
        user, pending = found
        return user, pending, pending.get("next")
    if request.user.is_authenticated:
        nxt = request.POST.get("next") or request.GET.get("next")
        return request.user, None, services.safe_next(request, nxt)
    return None


def _start_again(request: HttpRequest, message: str) -> HttpResponse:
    messages.warning(request, message)
    return redirect("login")


def _expired(request: HttpRequest) -> HttpResponse:
    return _start_again(
        request, _("The log-in took too long or was not started. Log in again with your password.")
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    subject = _subject(request)
    if subject is None:
        return _expired(request)
    user, pending, target = subject
    if not services.has_device(user):
        if pending is not None:
            return redirect("security:enrol")
        return redirect(services.step_up_url(target, step="security:enrol"))
    form = forms.CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        form.is_bound = True
        if form.is_valid():
            try:
                method = services.code_verify(user=user, code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form.add_error("code", exc.message)
                status = exc.status
                if pending is not None and services.pending_failure(request, pending):
                    return _start_again(
                        request, _("Too many wrong codes. Log in again with your password.")
                    )
            else:
                target = services.finish_sign_in(request, user, pending, target)
                if method == "recovery":
                    left = services.recovery_codes_left(user=user)
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(left)d are left. Make new ones on "
                            "the second-factor page, or set up your app again if you lost it."
                        )
                        % {"left": left},
                    )
                return redirect(target)
        else:
            status = INVALID_STATUS
    ctx = {"form": form, "subject": user, "pending": pending is not None, "next": target}
    return render(request, "security/verify.html", ctx, status=status)


def _qr_svg(uri: str) -> str:
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=5, dark="#1f2937", light="#ffffff", title="")


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    subject = _subject(request)
    if subject is None:
        return _expired(request)
    user, pending, target = subject
    if services.has_device(user):
        # Replacing an authenticator needs this session to have passed the
        # current one (a password alone never replaces it).
        if pending is not None:
            return redirect("security:verify")
        if request.session.get(services.VERIFIED) != user.pk:
            return redirect(services.step_up_url(reverse("security:enrol")))
    device = services.enrolment_device(user=user)
    form = forms.EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        form.is_bound = True
        if form.is_valid():
            try:
                codes = services.enrolment_confirm(
                    user=user, device=device, code=form.cleaned_data["code"]
                )
            except ApplicationError as exc:
                form.add_error("code", exc.message)
                status = exc.status
            else:
                target = services.finish_sign_in(request, user, pending, target)
                ctx = {"codes": codes, "next": target}
                return render(request, "security/recovery_codes.html", ctx)
        else:
            status = INVALID_STATUS
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    ctx = {
        "form": form,
        "subject": user,
        "pending": pending is not None,
        "next": target,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped(secret),
        "otpauth_uri": device.config_url,
        "replacing": services.has_device(user),
    }
    return render(request, "security/enrol.html", ctx, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """One's own second factor: enrolled or not, recovery codes left; new
    recovery codes after typing a current code."""
    user = request.user
    form = forms.CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        form.is_bound = True
        if form.is_valid():
            try:
                services.code_verify(user=user, code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form.add_error("code", exc.message)
                status = exc.status
            else:
                request.session[services.VERIFIED] = user.pk
                codes = services.recovery_codes_create(user=user)
                ctx = {"codes": codes, "next": reverse("security:second_factor")}
                return render(request, "security/recovery_codes.html", ctx)
        else:
            status = INVALID_STATUS
    ctx = {
        "form": form,
        "enrolled": services.has_device(user),
        "required": services.user_needs_second_factor(user),
        "codes_left": services.recovery_codes_left(user=user),
    }
    return render(request, "security/second_factor.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator resets the second factor of a person of their district:
    GET asks to confirm, POST resets. Anyone else's: 404."""
    coordinator = request.user
    person = User.objects.filter(pk=pk, district_id=coordinator.district_id).first()
    if person is None or coordinator.district_id is None:
        raise Http404
    if request.method == "POST":
        services.second_factor_reset(actor=coordinator, subject=person)
        messages.success(
            request,
            _("The second factor of %(name)s was reset. They set up an app at their next log-in.")
            % {"name": person},
        )
        return redirect("security:second_factor_reset", pk=person.pk)
    ctx = {
        "person": person,
        "enrolled": services.has_device(person),
        "codes_left": services.recovery_codes_left(user=person),
    }
    return render(request, "security/second_factor_reset.html", ctx)


# --------------------------------------------------------------------------
# passwords


class PasswordChange(auth_views.PasswordChangeView):
    form_class = forms.KoreanPasswordChangeForm
    template_name = "security/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = INVALID_STATUS
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Forgot my password: the same answer whether or not the address belongs
    to an account (only the e-mail, if any, differs)."""
    form = forms.PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        form.is_bound = True
        if form.is_valid():
            services.password_reset_send(request=request, email=form.cleaned_data["email"])
            return redirect("security:password_reset_done")
        return render(
            request, "security/password_reset.html", {"form": form}, status=INVALID_STATUS
        )
    return render(request, "security/password_reset.html", {"form": form})


def password_reset_done(request: HttpRequest) -> HttpResponse:
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return render(request, "security/password_reset_done.html", {"minutes": minutes})


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's view: the link works until the password changes (once) and
    for PASSWORD_RESET_TIMEOUT; the token leaves the address bar at once."""

    form_class = forms.KoreanSetPasswordForm
    template_name = "security/password_reset_confirm.html"
    success_url = reverse_lazy("security:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A forgotten password often comes after a lock-out: lift it.
        axes_reset(username=form.user.get_username())
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = INVALID_STATUS
        return response


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "security/password_reset_complete.html")


# --------------------------------------------------------------------------
# idle logout


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """The page's "keep using" button: the middleware has already stamped this
    request as activity."""
    return HttpResponse(status=204)
