"""The header's part about people and access: the role switcher (for a person
holding more than one role) and the links to the people and district pages."""

from __future__ import annotations

from django import template

from mujigae.accounts import selectors

register = template.Library()


@register.inclusion_tag("accounts/_header_menu.html", takes_context=True)
def account_header(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "memberships": selectors.own_memberships(user=user) if user is not None else [],
        "nav_allowed": context.get("nav_allowed", set()),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
