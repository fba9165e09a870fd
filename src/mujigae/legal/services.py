"""Every write of the policy pages: keyword-only functions, one transaction
each, one audit row each (core.writes)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.legal.models import EDITABLE, SECTIONS, Contact, PrivacyPolicy

CONTACT_FIELDS = ("office_name", "department", "address", "phone", "email", "hours", "note")


def _same(version: PrivacyPolicy, data: dict[str, Any]) -> bool:
    return all(getattr(version, name) == data.get(name) for name in EDITABLE)


@transaction.atomic
def privacy_policy_publish(
    *, actor: Any, district: District, data: dict[str, Any]
) -> tuple[PrivacyPolicy, bool]:
    """Publish a new version of the district's privacy policy (never change one
    in place). Returns (version, created): the same text sent again (a double
    submit, a reload) writes nothing and returns the latest version. A version
    cannot take effect before the one it follows."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("Check the values you entered."))
    # One publisher at a time per district: the version numbers stay 1, 2, 3 …
    District.objects.select_for_update().filter(pk=district.pk).first()
    latest = PrivacyPolicy.objects.filter(district=district).order_by("-version").first()
    data = {name: data.get(name, "") for name in EDITABLE}
    if latest is not None and _same(latest, data):
        return latest, False
    if latest is not None and data["effective_date"] < latest.effective_date:
        message = _(
            "The effective date cannot be earlier than that of version %(version)s (%(date)s)."
        ) % {"version": latest.version, "date": date_format(latest.effective_date)}
        raise ApplicationError(message, field_errors={"effective_date": [message]})
    version = writes.create(
        actor=actor,
        model=PrivacyPolicy,
        data={
            **data,
            "district": district,
            "version": (latest.version if latest else 0) + 1,
            "created_by": actor,
        },
        redact=SECTIONS,  # long texts: the versions themselves are the record
    )
    return version, True


@transaction.atomic
def contact_save(*, actor: Any, district: District, data: dict[str, Any]) -> Contact:
    """Create or change the district's contact."""
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise ApplicationError(_("Check the values you entered."))
    contact = Contact.objects.filter(district=district).first()
    if contact is None:
        return writes.create(actor=actor, model=Contact, data={**data, "district": district})
    return writes.update(actor=actor, obj=contact, data=data)
