"""Attachment pages: an object's files, upload, download, delete. Thin: the
object is fetched through the policy (404 for what the user may not see,
guessed ids included), the services write."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mujigae.core import files, policy
from mujigae.core.forms import confirm_delete, form_status, submit
from mujigae.sharing import attachables, attachments
from mujigae.sharing.attachment_panels import (
    AttachmentForm,
    panel_context,
    safe_next,
    target_of,
)
from mujigae.sharing.models import Attachment


def _object(request: HttpRequest, target: str):
    label, _sep, pk = target.rpartition("-")
    attachable = attachables.attachable_for(label)
    if attachable is None:
        raise Http404
    return policy.access(request.user, attachable.model, pk)


def _page(
    request: HttpRequest, obj, *, back: str, back_link: str, form=None, status: int = 200
) -> HttpResponse:
    panel = panel_context(request, obj, form=form, back=back)
    panel.pop("template")
    return render(
        request,
        "sharing/attachments.html",
        {**panel, "obj": obj, "model_name": obj._meta.verbose_name, "back_link": back_link},
        status=status,
    )


@require_GET
def attachments_page(request: HttpRequest, target: str) -> HttpResponse:
    """The files of an object that has no page of its own (a spending row)."""
    obj = _object(request, target)
    return _page(request, obj, back=request.get_full_path(), back_link=safe_next(request, ""))


def attachment_upload(request: HttpRequest, target: str) -> HttpResponse:
    """POST only; someone who cannot see the object gets 404 whatever the method."""
    obj = _object(request, target)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not attachables.can_attach(request.user, obj):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES, prefix=AttachmentForm.prefix)
    files.refused_upload_errors(request, form)
    result = submit(
        request,
        form,
        lambda data: attachments.attachment_add(
            actor=request.user, obj=obj, upload=data["file"], label=data.get("label") or ""
        ),
        success=lambda a: _("“%(name)s” was attached.") % {"name": a.file.filename},
    )
    if result is not None:
        attachables.record_personal(request, obj, "input")
        return redirect(safe_next(request, reverse("sharing:attachments", args=[target_of(obj)])))
    back = safe_next(request, reverse("sharing:attachments", args=[target_of(obj)]))
    return _page(request, obj, back=back, back_link=back, form=form, status=form_status(form))


def _attachment(request: HttpRequest, pk: int, *, write: bool = False) -> Attachment:
    qs = policy.visible(request.user, Attachment).select_related("file")
    return policy.access(request.user, Attachment, pk, write=write, qs=qs)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk)
    stored = attachment.file
    try:
        response = files.file_response(
            stored.name, filename=stored.filename, content_type=stored.content_type
        )
    except FileNotFoundError as exc:  # the row outlived its bytes (restored backup)
        raise Http404 from exc
    attachables.record_personal(request, attachables.target_of(attachment), "download")
    return response


def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk, write=True)
    target = attachables.target_of(attachment)
    back = safe_next(request, reverse("sharing:attachments", args=[target_of(target)]))
    return confirm_delete(
        request,
        attachment,
        back=back,
        delete=lambda: (
            attachments.attachment_delete(actor=request.user, attachment=attachment),
            attachables.record_personal(request, target, "delete"),
        ),
        success=_("The attachment was deleted."),
        what=_("the attachment “%(name)s”") % {"name": attachment.file.filename},
    )
