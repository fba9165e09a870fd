"""Shared mechanics of a domain write: validate, save, set many-to-many, audit.
Domain services call these inside their own transaction after checking their
own rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

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
        first = next(iter(errors.values()))[0] if errors else "입력값을 확인하세요."
        raise ApplicationError(
            str(first), field_errors={k: list(v) for k, v in errors.items()}
        ) from exc


def _save(obj: models.Model, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as exc:
        raise ApplicationError(
            "이미 같은 항목이 있습니다. 입력값을 확인하세요.", status=409
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
    before = audit.snapshot(obj, fields)
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
        raise ApplicationError("다른 항목이 참조하고 있어 삭제할 수 없습니다.", status=409) from exc
