"""Which objects of other apps take attachments, and who sees and adds them
(docs/sharing.md "Attachments"). Sharing imports no app above it: the objects
are named by model label and reached through core's registry — an attachment
is visible exactly when `policy.visible(user, Model)` holds its object, and
added by whoever `policy.can_change(user, object)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Attachable:
    label: str  # "governance.Meeting"
    what: Any  # what the files are, shown above the list ("signed minutes (PDF)")


# model label -> what its attachments are. Filled below (the attachments part).
ATTACHABLES: dict[str, Attachable] = {}


def register(label: str, what: Any) -> None:
    ATTACHABLES[label] = Attachable(label, what)


def is_attachable(obj_or_model: Any) -> bool:
    return obj_or_model._meta.label in ATTACHABLES


def visible_attachments(user: Any, qs: QuerySet) -> QuerySet:
    from mujigae.core import policy

    q = Q(pk__in=[])
    for label in ATTACHABLES:
        model = apps.get_model(label)
        ct = ContentType.objects.get_for_model(model)
        q |= Q(content_type=ct, object_id__in=policy.visible(user, model).values("pk"))
    return qs.filter(q)


def target_of(attachment: Any) -> Any:
    model = attachment.content_type.model_class()
    return model._default_manager.filter(pk=attachment.object_id).first()


def may_remove(user: Any, attachment: Any) -> bool:
    from mujigae.core import policy

    target = target_of(attachment)
    return target is not None and (
        attachment.created_by_id == user.pk or policy.can_change(user, target)
    )


_ = _  # the attachments part registers labels with lazy Korean texts
