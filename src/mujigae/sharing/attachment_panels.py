"""The attachments panel on an object's page (core.panels): the files, who
added them and when, the upload form for those who may add files, and the
delete links for those who may remove them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from mujigae.core.files import UploadField
from mujigae.sharing import attachables
from mujigae.sharing.attachments import attachments_of


class AttachmentForm(forms.Form):
    prefix = "attachment"  # the object's page has forms of its own

    file = UploadField(label=_("File"))
    label = forms.CharField(
        label=_("What it is (optional)"),
        max_length=120,
        required=False,
        help_text=_("For example: signed minutes, receipt, certificate copy."),
    )


def target_of(obj: Any) -> str:
    """How an object is named in the attachment URLs: "governance.meeting-12"."""
    return f"{obj._meta.label_lower}-{obj.pk}"


def safe_next(request: Any, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def panel_context(
    request: Any, obj: Any, *, form: AttachmentForm | None = None, back: str = ""
) -> dict:
    attachable = attachables.ATTACHABLES[obj._meta.label]
    user = request.user
    can_add = attachables.can_attach(user, obj)
    rows = []
    for a in attachments_of(obj):
        rows.append(
            {
                "attachment": a,
                "removable": a.created_by_id == user.pk or can_add,
            }
        )
    return {
        "template": "sharing/_attachments.html",
        "what": attachable.what,
        "rows": rows,
        "can_add": can_add,
        "form": form if form is not None else (AttachmentForm() if can_add else None),
        "upload_url": reverse("sharing:attachment_upload", args=[target_of(obj)]),
        "back": back or request.get_full_path(),
    }


def panel(request: Any, obj: Any) -> dict | None:
    if request is None or not getattr(request.user, "is_authenticated", False):
        return None
    attachable = attachables.ATTACHABLES.get(obj._meta.label)
    if attachable is None:
        return None
    if attachable.compact:
        return {
            "template": "sharing/_attachments_link.html",
            "url": reverse("sharing:attachments", args=[target_of(obj)]),
            "back": request.get_full_path(),
        }
    return panel_context(request, obj)
