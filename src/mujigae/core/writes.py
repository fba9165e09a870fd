"""Shared mechanics of a domain write: validate, save, set many-to-many, audit.
Domain services call these inside their own transaction after checking their
own rules."""

from __future__ import annotations

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


def create(
    *, actor: Any, model: type[models.Model], data: dict[str, Any], via: str = "web"
) -> models.Model:
    plain, m2m = _split(model, data)
    obj = model(**plain)
    _validate(obj)
    _save(obj)
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    fields = list(data)
    audit.record(
        actor=actor,
        action="create",
        obj=obj,
        changes={k: [None, v] for k, v in audit.snapshot(obj, fields).items()},
        via=via,
    )
    return obj


def update(
    *, actor: Any, obj: models.Model, data: dict[str, Any], via: str = "web"
) -> models.Model:
    if not data:
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
    changes = audit.diff(before, audit.snapshot(obj, fields))
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
