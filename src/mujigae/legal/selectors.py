"""Reads of the policy pages. They are public (PIPA art. 30: a controller
publishes its privacy policy): a district's name, its privacy policy and its
contact are readable by anyone, logged in or not — the scopes in access.py say
so, and these selectors go through them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from mujigae.core import policy
from mujigae.core.models import District
from mujigae.legal.models import Contact, PrivacyPolicy


def public_districts() -> QuerySet:
    """Every district, for the index pages (names and codes only)."""
    return District.objects.order_by("is_sample", "name").only("pk", "code", "name", "is_sample")


def public_district(code: str) -> District:
    try:
        return public_districts().get(code=code)
    except District.DoesNotExist as exc:
        raise Http404 from exc


def user_district(user: Any) -> District | None:
    """The district of a logged-in user (None: anonymous, the ministry)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return policy.home_district(user)


def privacy_versions(*, user: Any, district: District) -> QuerySet:
    return policy.visible(user, PrivacyPolicy).filter(district=district).order_by("-version")


@dataclass
class PrivacyHistory:
    current: PrivacyPolicy | None = None
    upcoming: list[PrivacyPolicy] = field(default_factory=list)  # effective later
    earlier: list[PrivacyPolicy] = field(default_factory=list)  # replaced

    @property
    def latest(self) -> PrivacyPolicy | None:
        return self.upcoming[0] if self.upcoming else self.current


def privacy_history(*, user: Any, district: District, today: dt.date | None = None):
    """The version in force today, the ones announced for later, the earlier
    ones. The version in force is the highest version whose effective date has
    come (versions never go back in effective date: services.py)."""
    today = today or timezone.localdate()
    history = PrivacyHistory()
    for version in privacy_versions(user=user, district=district):
        if version.effective_date > today:
            history.upcoming.append(version)
        elif history.current is None:
            history.current = version
        else:
            history.earlier.append(version)
    return history


def contact_of(*, user: Any, district: District) -> Contact | None:
    return policy.visible(user, Contact).filter(district=district).first()
