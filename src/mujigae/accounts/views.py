"""Pages about people and their access (thin: parse, authorize, call a service)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.accounts import forms, imports, selectors, services
from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import INVALID_STATUS, form_page, form_status, submit
from mujigae.core.imports import upload_page
from mujigae.core.views import page
from mujigae.security.services import second_factor_required, sign_in, step_up_url

# --------------------------------------------------------------------------
# invitations


@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *Invitation.Status.values):
        status = None
    qs = selectors.invitation_list(user=request.user, status=status)
    return render(
        request,
        "accounts/invitation_list.html",
        {
            "page_obj": page(request, qs),
            "counts": selectors.invitation_counts(user=request.user),
            "status": status,
            "statuses": Invitation.Status.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    return form_page(
        request,
        forms.InvitationForm(request.POST or None, user=user),
        save=lambda data: services.invitation_create(actor=user, **data),
        success=lambda inv: _("The invitation was sent to %(email)s.") % {"email": inv.email},
        done="accounts:invitation_list",
        template="accounts/invitation_form.html",
    )


@require_GET
def invitation_template(request: HttpRequest) -> HttpResponse:
    """An empty list with the columns the bulk invitation reads."""
    return xlsx_response(_("invitations") + ".xlsx", _("Invitations"), imports.TEMPLATE_HEADERS, [])


@csrf_exempt  # upload_page checks CSRF once its in-memory upload handler is in place
@require_http_methods(["GET", "POST"])
def invitation_import(request: HttpRequest) -> HttpResponse:
    user = request.user

    def land(form, upload):
        return imports.import_invitations(actor=user, name=upload.name, content=upload.content)

    def done(result) -> HttpResponse:
        messages.success(request, _("%(n)s invitations were sent.") % {"n": len(result)})
        return redirect("accounts:invitation_list")

    return upload_page(
        request,
        template="accounts/invitation_import.html",
        form=lambda data, files: forms.InvitationImportForm(data, files),
        land=land,
        done=done,
    )


def _invitation_action(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    invitation = policy.access(request.user, Invitation, pk, write=True)
    try:
        action(actor=request.user, invitation=invitation)
    except ApplicationError as exc:
        return render(
            request,
            "accounts/refused.html",
            {"message": exc.message, "back": reverse("accounts:invitation_list")},
            status=exc.status,
        )
    messages.success(request, success)
    return redirect("accounts:invitation_list")


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(
        request,
        pk,
        services.invitation_revoke,
        _("The invitation was revoked: its link no longer works."),
    )


@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(
        request,
        pk,
        services.invitation_resend,
        _("The invitation was sent again with a new link; the old link no longer works."),
    )


# --------------------------------------------------------------------------
# accepting an invitation (public: the token is the key)


LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def accepted_landing(request: HttpRequest, user: Any) -> HttpResponse:
    """Where a person lands after accepting an invitation, the one place: a new
    account is logged in through the login flow's last step (a coordinator or
    school role enrols an authenticator first); a person already logged in who
    took a role that needs the second factor passes it before going on."""
    home = reverse("home")
    if not request.user.is_authenticated:
        return sign_in(request, user, next_url=home, backend=LOGIN_BACKEND)
    if second_factor_required(user, request=request):
        return redirect(step_up_url(home))
    return redirect(home)


UNUSABLE_TITLES = {
    "unknown": (
        gettext_noop("This invitation link does not work"),
        gettext_noop(
            "Check that you opened the whole link from the e-mail. If it still does not "
            "work, ask the person who invited you to send it again."
        ),
    ),
    Invitation.Status.EXPIRED.value: (
        gettext_noop("This invitation has expired"),
        gettext_noop(
            "Invitation links are valid for a limited time. Ask the person who invited "
            "you to send it again."
        ),
    ),
    Invitation.Status.ACCEPTED.value: (
        gettext_noop("This invitation has already been used"),
        gettext_noop(
            "Each invitation link works once. If you set your password already, log in "
            "with your e-mail address."
        ),
    ),
    Invitation.Status.REVOKED.value: (
        gettext_noop("This invitation was revoked"),
        gettext_noop(
            "The person who invited you withdrew it. Ask them if you think this is a mistake."
        ),
    ),
}


def _unusable(request: HttpRequest, exc: services.InvitationUnusable) -> HttpResponse:
    title, text = UNUSABLE_TITLES.get(exc.reason, UNUSABLE_TITLES["unknown"])
    return render(
        request,
        "accounts/invitation_unusable.html",
        {"title": _(title), "text": _(text)},
        status=exc.status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_by_token(token)
    except services.InvitationUnusable as exc:
        return _unusable(request, exc)
    account = services.account_for_email(invitation.email)
    user = request.user
    ctx = {"invitation": invitation, "token": token}
    if user.is_authenticated and (account is None or account.pk != user.pk):
        # Never turn one person's session into another's account.
        return render(request, "accounts/invitation_other_account.html", ctx, status=403)
    if account is not None:
        # The e-mail has an account already: the role is added to it (no second account).
        if not user.is_authenticated:
            ctx["login_url"] = reverse("login") + "?next=" + request.path
            return render(request, "accounts/invitation_existing.html", ctx)
        if request.method == "POST":
            try:
                services.invitation_accept_existing(token=token, user=user)
            except services.InvitationUnusable as exc:
                return _unusable(request, exc)
            except ApplicationError as exc:
                ctx["error"] = exc.message
                return render(request, "accounts/invitation_existing.html", ctx, status=exc.status)
            messages.success(
                request, _("The new role was added to your account and is now in use.")
            )
            return accepted_landing(request, user)
        return render(request, "accounts/invitation_existing.html", ctx)
    form = forms.AcceptForm(request.POST or None, invitation=invitation)
    try:
        created = submit(
            request,
            form,
            lambda data: services.invitation_accept(token=token, password=data["password1"]),
        )
    except services.InvitationUnusable as exc:
        return _unusable(request, exc)
    if created:
        messages.success(request, _("Welcome to mujigae. Your account is ready."))
        return accepted_landing(request, created)
    ctx["form"] = form
    return render(request, "accounts/invitation_accept.html", ctx, status=form_status(form))


# --------------------------------------------------------------------------
# people


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    qs = selectors.people(user=request.user)
    return render(
        request,
        "accounts/people.html",
        {"page_obj": page(request, qs), "total": qs.count(), "manage": request.user.is_coordinator},
    )


def _person(request: HttpRequest, pk: int):
    return selectors.person_detail(user=request.user, pk=pk)


def _person_page(request: HttpRequest, person, *, add_form=None, status: int = 200) -> HttpResponse:
    memberships = selectors.person_memberships(user=request.user, person=person)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "add_form": add_form or forms.MembershipForm(user=request.user),
            "history": selectors.history(user=request.user, person=person.pk)[:20],
            "is_self": person.pk == request.user.pk,
        },
        status=status,
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, _person(request, pk))


def _person_action(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    person = _person(request, pk)
    try:
        action(actor=request.user, person=person)
    except ApplicationError as exc:
        return render(
            request,
            "accounts/refused.html",
            {"message": exc.message, "back": reverse("accounts:person_detail", args=[person.pk])},
            status=exc.status,
        )
    messages.success(request, success)
    return redirect("accounts:person_detail", pk=person.pk)


@require_POST
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request,
        pk,
        services.person_deactivate,
        _("The account was deactivated: the person can no longer log in. Their data stays."),
    )


@require_POST
def person_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request, pk, services.person_reactivate, _("The account was reactivated.")
    )


@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    return form_page(
        request,
        forms.MembershipForm(request.POST or None, user=request.user),
        save=lambda data: services.membership_add(actor=request.user, person=person, **data),
        success=_("The role was added."),
        done=reverse("accounts:person_detail", args=[person.pk]),
        template="accounts/membership_form.html",
        context={"person": person, "adding": True},
    )


@require_http_methods(["GET", "POST"])
def membership_change(request: HttpRequest, pk: int) -> HttpResponse:
    membership = policy.access(request.user, Membership, pk, write=True)
    person = membership.user
    initial = {"role": membership.role, "organisation": membership.organisation_id}
    return form_page(
        request,
        forms.MembershipForm(request.POST or None, user=request.user, initial=initial),
        save=lambda data: services.membership_change(
            actor=request.user, membership=membership, **data
        ),
        success=_("The role was changed."),
        done=reverse("accounts:person_detail", args=[person.pk]),
        template="accounts/membership_form.html",
        context={"person": person, "membership": membership},
    )


@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = policy.access(request.user, Membership, pk, write=True)
    person = membership.user
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ApplicationError as exc:
        return render(
            request,
            "accounts/refused.html",
            {"message": exc.message, "back": reverse("accounts:person_detail", args=[person.pk])},
            status=exc.status,
        )
    messages.success(request, _("The role was removed."))
    return redirect("accounts:person_detail", pk=person.pk)


@require_POST
def role_switch(request: HttpRequest) -> HttpResponse:
    form = forms.RoleSwitchForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "accounts/refused.html",
            {"message": _("Choose one of your own roles."), "back": reverse("home")},
            status=INVALID_STATUS,
        )
    membership = form.cleaned_data["membership"]
    if second_factor_required(request.user, membership.role, request=request):
        # The role reads students' personal data: this session passes the
        # second factor first, then the person switches again.
        messages.info(
            request,
            _("This role needs your authenticator code. Enter it, then switch again."),
        )
        return redirect(step_up_url(reverse("home")))
    services.membership_switch(user=request.user, membership=membership)
    messages.success(
        request,
        _("You now work as %(role)s.")
        % {
            "role": membership.get_role_display()
            + (f" · {membership.organisation.name}" if membership.organisation_id else "")
        },
    )
    return redirect("home")


# --------------------------------------------------------------------------
# the access-rights history


def _history_filter(request: HttpRequest):
    form = forms.HistoryFilterForm(
        request.GET or None, people=selectors.history_people(user=request.user)
    )
    person = None
    if form.is_bound and form.is_valid() and form.cleaned_data["person"]:
        person = form.cleaned_data["person"].pk
    return form, person


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    form, person = _history_filter(request)
    if form.is_bound and not form.is_valid():
        return render(
            request, "accounts/history.html", {"form": form, "page_obj": None}, status=400
        )
    qs = selectors.history(user=request.user, person=person)
    return render(request, "accounts/history.html", {"form": form, "page_obj": page(request, qs)})


@require_GET
def history_export(request: HttpRequest) -> HttpResponse:
    form, person = _history_filter(request)
    if form.is_bound and not form.is_valid():
        return render(
            request, "accounts/history.html", {"form": form, "page_obj": None}, status=400
        )
    qs = selectors.history(user=request.user, person=person)
    headers = [_("When"), _("By"), _("Whom"), _("What"), _("Role"), _("Organisation")]
    kinds = dict(AccessChange.Kind.choices)
    roles = dict(get_user_model()._meta.get_field("role").choices)

    def detail(row, key):
        value = row.detail.get(key) or (row.detail.get("to") or {}).get(key)
        if key == "role" and value:
            return str(roles.get(value, value))
        return value or ""

    rows = (
        [
            r.at,
            r.actor_name,
            r.subject_name,
            str(kinds.get(r.kind, r.kind)),
            detail(r, "role"),
            detail(r, "organisation"),
        ]
        for r in qs.iterator(chunk_size=500)
    )
    return xlsx_response(
        _("access-rights history") + ".xlsx",
        _("Access-rights history"),
        headers,
        rows,
    )


# --------------------------------------------------------------------------
# districts (platform administrators; the ministry reads the list)


@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/district_list.html",
        {"districts": selectors.districts(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
def district_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:  # the route says so too
        raise PermissionDenied
    return form_page(
        request,
        forms.DistrictForm(request.POST or None),
        save=lambda data: services.district_create(actor=request.user, **data),
        success=lambda d: (
            _("The district %(name)s was created and its first coordinator invited.")
            % {"name": d.name}
        ),
        done="accounts:district_list",
        template="accounts/district_form.html",
    )
