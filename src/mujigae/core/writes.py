"""Shared mechanics of a domain write: validate, save, set many-to-many, audit.
Domain services call these inside their own transaction after checking their
own rules.

The audit row of `create`/`update` lists the fields written (an update: only
those that changed, [old, new]). `redact` names fields whose values stay out of
the log (free text or personal data: recorded as "…"); `extra` adds changes
that are not fields of the object (a list replaced beside it, a reason), in
the same row."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from mujigae.core import audit
from mujigae.core.exceptions import ApplicationError


def _split(
    model: type[models.Model], data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    plain, m2m = {}, {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        (m2m if field.many_to_many else plain)[name] = value
    return plain, m2m


def _validate(obj: models.Model, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(errors.values()))[0] if errors else _("Check the values you entered.")
        raise ApplicationError(
            str(first), field_errors={k: list(v) for k, v in errors.items()}
        ) from exc


def _save(obj: models.Model, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as exc:
        raise ApplicationError(
            _("The same entry already exists. Check the values you entered."), status=409
        ) from exc


REDACTED = "…"


def _redacted(
    changes: dict[str, list[Any]], redact: Collection[str], *, created: bool = False
) -> dict[str, list[Any]]:
    hidden = [None, REDACTED] if created else [REDACTED, REDACTED]
    return {k: list(hidden) if k in redact else v for k, v in changes.items()}


def create(
    *,
    actor: Any,
    model: type[models.Model],
    data: dict[str, Any],
    via: str = "web",
    redact: Collection[str] = (),
    extra: dict[str, list[Any]] | None = None,
) -> models.Model:
    plain, m2m = _split(model, data)
    obj = model(**plain)
    _validate(obj)
    _save(obj)
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    fields = list(data)
    changes = {k: [None, v] for k, v in audit.snapshot(obj, fields).items()}
    audit.record(
        actor=actor,
        action="create",
        obj=obj,
        changes={**_redacted(changes, redact, created=True), **(extra or {})},
        via=via,
    )
    return obj


def update(
    *,
    actor: Any,
    obj: models.Model,
    data: dict[str, Any],
    via: str = "web",
    redact: Collection[str] = (),
    extra: dict[str, list[Any]] | None = None,
) -> models.Model:
    """Write `data` onto `obj`; the audit row (only when something changed, or
    `extra` says so) holds the fields that changed."""
    if not data and not extra:
        return obj
    plain, m2m = _split(type(obj), data)
    fields = list(data)
    # Compare with what is stored, not with the instance: a ModelForm has
    # already copied the new values onto it during validation.
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(stored, fields)
    for name, value in plain.items():
        setattr(obj, name, value)
    _validate(obj)
    _save(obj)
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    changes = {
        **_redacted(audit.diff(before, audit.snapshot(obj, fields)), redact),
        **(extra or {}),
    }
    if changes:
        audit.record(actor=actor, action="update", obj=obj, changes=changes, via=via)
    return obj


def delete(*, actor: Any, obj: models.Model, via: str = "web") -> None:
    audit.record(actor=actor, action="delete", obj=obj, via=via)
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as exc:
        raise ApplicationError(
            _("This cannot be deleted because other entries refer to it."), status=409
        ) from exc
