"""Deny by default: every request is checked against the access policy's route
table before its view runs."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from mujigae.core import inbox, policy
from mujigae.core.services import api_token_user

logger = logging.getLogger(__name__)


def route_name(request: HttpRequest) -> str | None:
    match = request.resolver_match
    if match is None:
        return None
    if not match.url_name:
        # An unnamed pattern (the admin has a few) falls under its namespace's rule.
        return f"{match.namespace}:" if match.namespace else None
    return match.view_name  # "namespace:url_name"


def is_api(request: HttpRequest) -> bool:
    match = request.resolver_match
    return bool(match and "api" in match.namespaces)


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        # (read before the view: logging out replaces request.user)
        user_id = getattr(getattr(request, "user", None), "pk", None)
        response = self.get_response(request)
        if response.status_code < 400:
            # the user did something: the to-do count in the menu is recomputed
            inbox.forget(user_id)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        name = route_name(request)
        api = is_api(request)
        request.via_token = False
        if api:
            header = request.headers.get("Authorization", "")
            if header.startswith("Bearer "):
                user = api_token_user(header[7:].strip())
                if user is None:
                    return JsonResponse({"detail": _("Invalid or revoked API token.")}, status=401)
                request.user = user
                request.via_token = True
        rule = policy.rule_for(name)
        if rule is None:
            logger.error("route without an access rule refused: %s", name or request.path)
            return self._deny(request, api, status=403)
        if rule.public:
            return None
        user = request.user
        if not user.is_authenticated:
            if api:
                return JsonResponse({"detail": _("Authentication required.")}, status=401)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not rule.allows(user, request.method or "GET"):
            return self._deny(request, api, status=403)
        return None

    def _deny(self, request: HttpRequest, api: bool, status: int) -> HttpResponse:
        if api:
            return JsonResponse(
                {"detail": _("You do not have permission to do this.")}, status=status
            )
        return render(request, "403.html", status=status)
