"""Notice pages (thin: parse, authorize, call a service or selector, render).
Rules in access.py ("notices" section); docs/sharing-notices.md."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.forms import confirm_delete, form_page
from mujigae.core.views import page
from mujigae.sharing import notice_selectors as selectors
from mujigae.sharing import notices as services
from mujigae.sharing.audience import audience_describe, audience_initial
from mujigae.sharing.models import Notice
from mujigae.sharing.notice_forms import NoticeForm


def _may_post(user) -> bool:
    return policy.role_of(user) in policy.DISTRICT_MEMBERS and user.district_id is not None


@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    user = request.user
    ctx = {
        "page_obj": page(request, selectors.notice_list(user=user), per_page=30),
        "may_post": _may_post(user),
    }
    return render(request, "sharing/notices/list.html", ctx)


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    district = policy.home_district(user)
    form = NoticeForm(request.POST or None, district=district)
    return form_page(
        request,
        form,
        save=lambda _data: services.notice_create(
            actor=user, district=district, **form.service_data()
        ),
        success=_("The notice was posted."),
        done=lambda n: reverse("sharing:notice_detail", args=[n.pk]),
        template="sharing/notices/form.html",
        context={"title": _("New notice")},
    )


def _detail(request: HttpRequest, notice: Notice, *, status: int = 200, error: str = ""):
    user = request.user
    receipt = services.notice_read(user=user, notice=notice)
    can_change = policy.can_change(user, notice)
    ctx = {
        "notice": notice,
        "receipt": receipt,
        "audience": audience_describe(notice.audience),
        "can_change": can_change,
        "readers": selectors.readers(notice) if can_change else None,
        "error": error,
    }
    return render(request, "sharing/notices/detail.html", ctx, status=status)


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notice records the read receipt (once)."""
    return _detail(request, selectors.notice_detail(user=request.user, pk=pk))


@require_POST
def notice_ack(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_detail(user=request.user, pk=pk)
    try:
        services.notice_acknowledge(user=request.user, notice=notice)
    except ApplicationError as exc:
        return _detail(request, notice, status=exc.status, error=exc.message)
    messages.success(request, _("Thank you: your confirmation was recorded."))
    return redirect("sharing:notice_detail", pk=notice.pk)


@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    notice = policy.access(user, Notice, pk, write=True)
    form = NoticeForm(
        request.POST or None,
        district=notice.district,
        initial={
            "title": notice.title,
            "body": notice.body,
            "pinned": notice.pinned,
            "requires_ack": notice.requires_ack,
            **audience_initial(notice.audience),
        },
    )
    return form_page(
        request,
        form,
        save=lambda _data: services.notice_update(actor=user, notice=notice, **form.service_data()),
        success=_("The notice was saved."),
        done=reverse("sharing:notice_detail", args=[notice.pk]),
        template="sharing/notices/form.html",
        context={"title": _("Edit the notice"), "notice": notice},
    )


@require_http_methods(["GET", "POST"])
def notice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    notice = policy.access(request.user, Notice, pk, write=True)
    return confirm_delete(
        request,
        notice,
        back=reverse("sharing:notices"),
        delete=lambda: services.notice_delete(actor=request.user, notice=notice),
        success=_("The notice was deleted."),
        what=notice.title,
    )


@require_POST
def notice_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind those who have not acknowledged (or read) it: one notification each."""
    notice = policy.access(request.user, Notice, pk, write=True)
    try:
        n = services.notice_remind(actor=request.user, notice=notice)
    except ApplicationError as exc:
        return _detail(request, notice, status=exc.status, error=exc.message)
    messages.success(request, _("A reminder was sent to %(n)s people.") % {"n": n})
    return redirect("sharing:notice_detail", pk=notice.pk)
