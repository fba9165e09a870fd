"""The calendar page, the private feed and a meeting's `.ics` download."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from mujigae.calendars import selectors, services
from mujigae.calendars.ical import calendar_bytes
from mujigae.core import inbox, policy
from mujigae.governance.models import Meeting

ICS = "text/calendar; charset=utf-8"
REFRESH = dt.timedelta(hours=1)


def feed_url(raw: str) -> str:
    return settings.MUJIGAE_BASE_URL.rstrip("/") + reverse("calendars:feed", args=[raw])


def _page(request: HttpRequest, *, new_token: str | None = None) -> HttpResponse:
    url = feed_url(new_token) if new_token else None
    return render(
        request,
        "calendars/page.html",
        {
            "upcoming": selectors.upcoming(request.user),
            "feed": selectors.active_feed(request.user),
            "new_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1] if url else None,
        },
    )


@never_cache
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@never_cache
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Shows the new address once, right after it is made (no redirect)."""
    _feed, raw = services.calendar_feed_create(user=request.user)
    return _page(request, new_token=raw)


@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    if services.calendar_feed_revoke(user=request.user):
        messages.success(
            request, _("The private address was revoked: calendar apps can no longer read it.")
        )
    return redirect("calendars:page")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's entries; an unknown, revoked or switched-off address: 404,
    the same answer whichever it is."""
    owner = services.calendar_feed_owner(token)
    if owner is None:
        # a plain answer (the site's 404 page would echo the address back)
        with translation.override(settings.LANGUAGE_CODE):
            text = _("No calendar at this address (wrong, replaced or revoked).")
        return _private(HttpResponseNotFound(text, content_type="text/plain; charset=utf-8"))
    # no session, no language choice: the feed speaks the platform's language
    with translation.override(settings.LANGUAGE_CODE):
        body = calendar_bytes(
            inbox.calendar_for(owner), name=_("mujigae schedule"), refresh=REFRESH
        )
    return _private(HttpResponse(body, content_type=ICS))


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.access(request.user, Meeting, pk)
    response = HttpResponse(calendar_bytes([selectors.meeting_entry(meeting)]), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return _private(response)
