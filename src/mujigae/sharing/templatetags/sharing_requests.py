"""`{% load sharing_requests %}`: the Korean words of a request's status."""

from __future__ import annotations

from django import template

from mujigae.sharing.requests import status_label as _status_label

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return _status_label(status)
