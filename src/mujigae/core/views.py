"""Platform pages: health check, audit log, API tokens, error pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy, selectors, services
from mujigae.core.forms import ApiTokenForm, form_status, submit
from mujigae.core.models import ApiToken, AuditEntry


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (a LIMITed count): a list over hundreds of
    thousands of rows costs the same as one over `cap`. The page says "more than
    N items" (`capped`) and offers the first `cap` rows' pages; narrowing the
    search or the folder finds the rest."""

    def __init__(self, object_list, per_page: int, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)


def page(request: HttpRequest, qs, per_page: int = 50, *, cap: int | None = None):
    """One page of `qs` (?page=). `cap`: count no further than that many rows."""
    paginator = Paginator(qs, per_page) if cap is None else CappedPaginator(qs, per_page, cap)
    return paginator.get_page(request.GET.get("page"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """A closed platform: nothing here is for search engines."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    qs = selectors.audit_log(
        user=request.user,
        object_type=request.GET.get("type") or None,
        actor=request.GET.get("actor") or None,
        action=request.GET.get("action") or None,
    )
    return render(
        request,
        "core/audit_log.html",
        {
            "page_obj": page(request, qs),
            "types": selectors.audit_object_types(user=request.user),
            "actions": AuditEntry.Action.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The page shows a new token once, right after it is made (no redirect)."""
    form = ApiTokenForm(request.POST or None)
    created = submit(
        request,
        form,
        lambda data: services.api_token_create(user=request.user, name=data["name"]),
    )
    new_token = None
    if created:
        _token, new_token = created
        form = ApiTokenForm()
    return render(
        request,
        "core/tokens.html",
        {"form": form, "new_token": new_token, "tokens": policy.visible(request.user, ApiToken)},
        status=form_status(form),
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = policy.access(request.user, ApiToken, pk, write=True)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("core:tokens")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """400 in Korean; a typed resident registration number says so and where."""
    from mujigae.core.exceptions import ResidentNumberRefused

    resident = isinstance(exception, ResidentNumberRefused)
    return render(
        request,
        "400.html",
        {"resident_number": resident, "field": exception.field if resident else ""},
        status=400,
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
