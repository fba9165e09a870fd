"""Which objects of other apps take attachments, and who sees and adds them
(docs/sharing-attachments.md). Sharing imports no app above it: the objects
are named by model label and reached through core's registry — an attachment
is visible exactly when `policy.visible(user, Model)` holds its object, and
added by whoever `policy.can_change(user, object)` (plus, for a few models,
the organisation whose paper it is: `Attachable.adders`).

`setup()` (called once from hooks.register) registers the attachable models,
their panel on the object's page (core.panels), the removal of an object's
files when the object itself is deleted (a student's erasure), and the daily
purge of deleted files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mujigae.core.policy import DISTRICT_MEMBERS, PARTNER, SCHOOL, role_of


@dataclass(frozen=True)
class Attachable:
    label: str  # "governance.Meeting"
    what: Any  # what the files are, shown above the list ("signed minutes (PDF)")
    # who besides those who may change the object adds files to it
    adders: Callable[[Any, Any], bool] | None = None
    # the object has no page of its own: its list shows a link to the
    # attachments page (sharing:attachments) instead of the whole panel
    compact: bool = False
    # the object is a person's record: every upload, download and delete of
    # its files goes to the personal-data access log (`record_personal`)
    personal: Callable[[Any, Any, str], None] | None = None

    @property
    def model(self) -> Any:
        return apps.get_model(self.label)


ATTACHABLES: dict[str, Attachable] = {}


def register(label: str, what: Any, **kwargs: Any) -> None:
    ATTACHABLES[label] = Attachable(label, what, **kwargs)


def attachable_for(label: str) -> Attachable | None:
    """The attachable model named by its label, in any case ("governance.meeting")."""
    wanted = (label or "").lower()
    return next((a for key, a in ATTACHABLES.items() if key.lower() == wanted), None)


def record_personal(request: Any, obj: Any, action: str) -> None:
    """Log a file of a person's record being added ("input"), downloaded
    ("download") or deleted ("delete"), where the object is one (a student)."""
    attachable = ATTACHABLES.get(obj._meta.label) if obj is not None else None
    if attachable is not None and attachable.personal is not None:
        attachable.personal(request, obj, action)


def _student_file_access(request: Any, student: Any, action: str) -> None:
    from mujigae.students.models import AccessPurpose
    from mujigae.students.services import personal_data_access_record

    personal_data_access_record(
        request_or_actor=request,
        students=student,
        action=action,
        purpose=AccessPurpose.RECORDS,
    )


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


def can_attach(user: Any, obj: Any) -> bool:
    """May `user` (who sees `obj`) add files to it?"""
    from mujigae.core import policy

    if policy.can_change(user, obj):
        return True
    attachable = ATTACHABLES.get(obj._meta.label)
    return bool(
        attachable
        and attachable.adders
        and role_of(user) in DISTRICT_MEMBERS
        and attachable.adders(user, obj)
    )


def may_remove(user: Any, attachment: Any) -> bool:
    """The uploader, and whoever may add files to the object."""
    target = target_of(attachment)
    return target is not None and (attachment.created_by_id == user.pk or can_attach(user, target))


# --------------------------------------------------------------------------
# the attachable objects


def _proposal_party(user: Any, proposal: Any) -> bool:
    """The proposing company and the programme's provider exchange papers."""
    org = user.organisation_id
    return org is not None and org in (proposal.proposer_id, proposal.programme.provider_id)


def _spending_runner(user: Any, spending: Any) -> bool:
    """The organisation running the project keeps its receipts."""
    return (
        role_of(user) in (SCHOOL, PARTNER)
        and user.organisation_id is not None
        and spending.project.runner_id == user.organisation_id
    )


def setup() -> None:
    """Register the attachable models and what sharing plugs in for them."""
    from django.db.models.signals import post_delete

    from mujigae.core import panels
    from mujigae.sharing import attachment_panels, purge

    register("governance.Meeting", _("Signed minutes and meeting papers (PDF)"))
    register("governance.ActionItem", _("Evidence of completion"))
    register("governance.Commitment", _("Evidence for the MOU commitment"))
    register(
        "curriculum.ModuleProposal",
        _("Papers of the proposal (syllabus, materials)"),
        adders=_proposal_party,
    )
    register("placements.Slot", _("Job description"))
    register(
        "budget.Spending",
        _("Receipts and evidence of the spending"),
        adders=_spending_runner,
        compact=True,
    )
    register(
        "students.Student",
        _("Copies of certificates and papers"),
        personal=_student_file_access,
    )
    for attachable in ATTACHABLES.values():
        panels.register(attachable.label, attachment_panels.panel)
        post_delete.connect(
            purge.on_object_deleted,
            sender=attachable.model,
            dispatch_uid=f"sharing-attachments-{attachable.label}",
        )
    purge.register_job()
