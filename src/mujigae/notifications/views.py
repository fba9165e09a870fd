"""The notifications pages (thin: parse, authorize, call a service or selector,
render). Each person sees and changes only their own rows; the coordinator
sees the failed deliveries of their district's people."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.forms import form_page
from mujigae.notifications import selectors, services
from mujigae.notifications.forms import PickForm, PreferencesForm, ReadForm
from mujigae.notifications.models import Delivery, Notification

INVALID = 422


def _list_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), 50).get_page(request.GET.get("page"))
    ctx = {"page": page, "unread": selectors.unread_count(request.user)}
    return render(request, "notifications/list.html", ctx, status=status)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    form = ReadForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose a notification.")]:
            messages.error(request, error)
        return _list_page(request, INVALID)
    if form.cleaned_data.get("id"):
        n = policy.access(request.user, Notification, form.cleaned_data["id"])
        services.notification_mark_read(user=request.user, notification=n)
    else:
        services.notifications_mark_all_read(user=request.user)
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_POST
def notification_open(request: HttpRequest) -> HttpResponse:
    form = PickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a notification."))
        return _list_page(request, INVALID)
    n = policy.access(request.user, Notification, form.cleaned_data["id"])
    services.notification_mark_read(user=request.user, notification=n)
    if n.url and url_has_allowed_host_and_scheme(
        n.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(n.url)
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    profile, kinds = selectors.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        kinds=kinds,
        initial={"digest": profile.digest, "phone": profile.phone},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.preferences_save(
            user=request.user, digest=data["digest"], phone=data["phone"], channels=form.channels()
        ),
        success=_("Your notification settings are saved."),
        done="notifications:preferences",
        template="notifications/preferences.html",
    )


def _deliveries_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.failed_deliveries(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/deliveries.html", {"page": page}, status=status)


@require_GET
def deliveries(request: HttpRequest) -> HttpResponse:
    return _deliveries_page(request)


@require_POST
def delivery_retry(request: HttpRequest) -> HttpResponse:
    form = PickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a delivery."))
        return _deliveries_page(request, INVALID)
    delivery = policy.access(request.user, Delivery, form.cleaned_data["id"])
    try:
        services.delivery_retry(delivery=delivery)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _deliveries_page(request, exc.status)
    messages.success(request, _("The delivery will be tried again within a minute."))
    return redirect("notifications:deliveries")
