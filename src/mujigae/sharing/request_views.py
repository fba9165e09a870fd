"""Requests for staff pages (thin). Rules in access.py ("staff requests");
docs/sharing-requests.md."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.forms import form_page, form_status, submit
from mujigae.core.views import page
from mujigae.partners.models import OrgKind
from mujigae.sharing import request_selectors as selectors
from mujigae.sharing import requests as services
from mujigae.sharing.models import StaffRequest
from mujigae.sharing.request_forms import FilterForm, MoveForm, RequestForm


@require_GET
def requests(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = FilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    ctx = {
        "form": form,
        "page_obj": page(request, selectors.request_list(user=user, status=status)),
        "may_ask": policy.actable_organisations(user).exists(),
        "org_id": user.organisation_id,
    }
    return render(request, "sharing/requests/list.html", ctx)


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    requesters = policy.actable_organisations(user).exclude(kind=OrgKind.MINISTRY)
    form = RequestForm(
        request.POST or None, requesters=requesters, district=policy.home_district(user)
    )
    return form_page(
        request,
        form,
        save=lambda data: services.request_create(actor=user, **data),
        success=_("The request was sent. The asked organisation sees it in its to-do list."),
        done=lambda r: reverse("sharing:request_detail", args=[r.pk]),
        template="sharing/requests/form.html",
        context={"title": _("Ask for staff or facilities")},
    )


def _detail(request: HttpRequest, req: StaffRequest, form: MoveForm, status: int = 200):
    ctx = {
        "req": req,
        "moves": services.allowed_moves(request.user, req),
        "form": form,
    }
    return render(request, "sharing/requests/detail.html", ctx, status=status)


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_detail(user=request.user, pk=pk)
    return _detail(request, req, MoveForm())


@require_POST
def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, decline, propose other dates, accept the proposal, withdraw, done."""
    req = policy.access(request.user, StaffRequest, pk, write=True)
    form = MoveForm(request.POST)
    result = submit(
        request,
        form,
        lambda data: services.request_move(actor=request.user, request=req, **data),
        _("The request was updated."),
    )
    if result is not None:
        return redirect("sharing:request_detail", pk=req.pk)
    req.refresh_from_db()
    return _detail(request, req, form, status=form_status(form))
