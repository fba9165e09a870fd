"""The district of an object: one answer shared by the access policy and the
audit log.

Every domain row belongs to a district, directly (a `district` foreign key) or
through its parents (a question through its section's survey). `district_path`
finds that path once per model from the model's own foreign keys (the
shortest one; a direct `district` field wins); `district_of` follows it. Links
to user accounts are never followed: an actor's district is not the district
of what they touched.
"""

from __future__ import annotations

from collections import deque
from functools import cache

from django.conf import settings
from django.db.models import Model

from mujigae.core.models import District

MAX_DEPTH = 4


def _forward_links(model: type[Model]):
    for f in model._meta.get_fields():
        if not (f.concrete and (f.many_to_one or f.one_to_one) and f.related_model):
            continue
        target = f.related_model
        if target._meta.label == settings.AUTH_USER_MODEL:
            continue
        yield f.name, target


@cache
def district_path(model: type[Model]) -> str | None:
    """The lookup path from `model` to its District ("district",
    "survey__district", …); "" for District itself; None when the rows belong
    to no district (national reference data, personal tokens)."""
    model = model._meta.concrete_model
    if model is District or model._meta.label == District._meta.label:
        return ""
    queue: deque[tuple[type[Model], tuple[str, ...]]] = deque([(model, ())])
    seen = {model._meta.label}
    while queue:
        current, path = queue.popleft()
        links = list(_forward_links(current))
        # a direct district link wins over any longer path
        for name, target in links:
            if target._meta.label == District._meta.label:
                return "__".join((*path, name))
        if len(path) + 1 >= MAX_DEPTH:
            continue
        for name, target in links:
            if target._meta.label in seen:
                continue
            seen.add(target._meta.label)
            queue.append((target, (*path, name)))
    return None


def district_of(obj: Model) -> int | None:
    """The id of the district `obj` belongs to, or None."""
    path = district_path(type(obj))
    if path is None:
        return None
    if path == "":
        return obj.pk
    *parents, last = path.split("__")
    current = obj
    for name in parents:
        current = getattr(current, name, None)
        if current is None:
            return None
    return getattr(current, f"{last}_id", None)
