"""The audit trail: every create/update/delete of a domain object leaves a row,
written by the service that makes the change in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _noop

from mujigae.core.districts import district_of
from mujigae.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]  # order may mean something (options)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The current values of `fields` (many-to-many fields as sorted names)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        else:
            values[name] = _plain(getattr(obj, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    via: str = "web",
) -> AuditEntry:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        district_id=district_of(obj),
        actor=actor if authenticated else None,
        actor_name=(actor.get_username() if authenticated else "system"),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
        via=via,
    )


# ------------------------------------------------------------------ display
# What an entry's `changes` holds is stored as the services wrote it (field
# names, raw choice values, ISO dates, JSON booleans). It is turned into what a
# person reads only when shown, so old entries read the same way as new ones,
# and in the reader's language.

# Keys some services write that are no model field.
EXTRA_LABELS = {
    "rows": _noop("rows"),
    "reason": _noop("reason"),
    "move": _noop("step"),
    "matching": _noop("matching"),
    "invitations_sent": _noop("invitations sent"),
    "erasure_record": _noop("erasure record"),
    "reminder": _noop("reminder"),
    "people": _noop("people"),
    "file": _noop("file"),
    "version": _noop("version"),
    "current": _noop("amount"),
    "acknowledged_by": _noop("acknowledged by"),
    "activation_code": _noop("activation code"),
    "password": _noop("password"),
    "user": _noop("user account"),
    "choices": _noop("choices"),
    "sent": _noop("sent"),
    "skipped": _noop("skipped"),
    "no_email": _noop("without an email address"),
    "failed": _noop("failed"),
    "created": _noop("created"),
    "updated": _noop("updated"),
    "revoked": _noop("revoked"),
    "placed": _noop("placed"),
    "ledger_import": _noop("ledger import"),
    "allocation": _noop("allocation"),
    "refund_of": _noop("refund of"),
    "object": _noop("item"),
}
# Keys with a number in them (the number is an internal id: not shown).
PATTERN_LABELS = ((re.compile(r"^ranking of slot \d+$"), _noop("ranking of the applicants")),)
VALUE_LABELS = {"requested": _noop("requested"), "used": _noop("used")}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None: the entry holds only a value (no "before")
    new: str


def _model(label: str) -> type[models.Model] | None:
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        # also a verbose name Django made from the field's name ("created at"):
        # looked up in the catalogues when shown
        return gettext(str(field.verbose_name))
    if name in EXTRA_LABELS:
        return gettext(EXTRA_LABELS[name])
    for pattern, label in PATTERN_LABELS:
        if pattern.match(name):
            return gettext(label)
    return name.replace("_", " ")


def _when(text: str, field: models.Field | None) -> str | None:
    """An ISO date or datetime as the site writes dates (2025. 8. 8.)."""
    date_only = isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    try:
        if date_only or _ISO_DATE.match(text):
            return formats.date_format(dt.date.fromisoformat(text[:10]), "DATE_FORMAT")
        if isinstance(field, models.DateTimeField) or _ISO_DATETIME.match(text):
            moment = dt.datetime.fromisoformat(text)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "DATETIME_FORMAT")
    except ValueError:
        return None
    return None


def display_value(value: Any, field: models.Field | None = None) -> str:
    """One stored value as a reader sees it: choices by their label, yes/no,
    dates in the site's format, lists joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list | tuple):
        return ", ".join(display_value(v, field) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{field_label(None, str(k))}: {display_value(v)}" for k, v in value.items()
        )
    if field is not None and field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str):
        if field is None or isinstance(field, models.DateField):
            when = _when(value, field)
            if when is not None:
                return when
        if value in VALUE_LABELS:
            return gettext(VALUE_LABELS[value])
    return str(value)


def entry_changes(entry: AuditEntry) -> list[Change]:
    """The entry's changes, one line per field: its label in the reader's
    language, the old and the new value as `display_value` writes them. A
    change is stored as [old, new]; some entries store just a value."""
    model = _model(entry.object_type)
    out = []
    for name, change in (entry.changes or {}).items():
        field = _field(model, name)
        if isinstance(change, list) and len(change) == 2:
            old: str | None = display_value(change[0], field)
            new = display_value(change[1], field)
        else:
            old, new = None, display_value(change, field)
        out.append(Change(field_label(model, name), old, new))
    return out
