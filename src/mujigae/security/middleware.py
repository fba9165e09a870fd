"""Idle logout (개인정보의 안전성 확보조치 기준 제6조): a session ends after
`MUJIGAE_IDLE_MINUTES` without a request (roles that read students' personal
data: coordinator, school) or `MUJIGAE_IDLE_MINUTES_OTHER` (everyone else).

The session keeps the time of the last request (refreshed at most every
`TOUCH_SECONDS`, so a busy page does not write the session on every request).
Logging in stamps the session in the same save as the login itself
(`stamp_on_login`, also for `force_login` in tests), so the first requests
write nothing; a session without the stamp (made before this was deployed)
counts as fresh and is stamped once. When the time is over the person is logged out and sent
to the login page with a Korean message; an htmx request gets `HX-Redirect`.
The page learns the limit from `request.idle_seconds` (`data-idle-seconds` on
<body>; static/security/idle.js warns a minute before)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from mujigae.core.policy import STUDENT_STAFF

LAST_SEEN = "security.last_seen"
TOUCH_SECONDS = 15


def idle_seconds(user) -> int:
    minutes = (
        settings.MUJIGAE_IDLE_MINUTES
        if user.role in STUDENT_STAFF
        else settings.MUJIGAE_IDLE_MINUTES_OTHER
    )
    return int(minutes * 60)


def stamp_on_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: a new session starts its idle clock now."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN] = time.time()


class IdleLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            limit = idle_seconds(user)
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > limit:
                return self._logged_out(request, limit)
            if last is None or now - last >= TOUCH_SECONDS:
                request.session[LAST_SEEN] = now
            request.idle_seconds = limit
        return self.get_response(request)

    def _logged_out(self, request: HttpRequest, limit: int) -> HttpResponse:
        htmx = request.headers.get("HX-Request") == "true"
        back = request.get_full_path() if request.method == "GET" and not htmx else ""
        logout(request)
        messages.warning(
            request,
            _("You were logged out after %(minutes)d minutes without activity. Log in again.")
            % {"minutes": limit // 60},
        )
        url = reverse("login") + (f"?{urlencode({'next': back})}" if back else "")
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
