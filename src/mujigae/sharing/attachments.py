"""Attachments: writes (add, remove) and reads (an object's files). The files
themselves go through core.files (checked by content, stored without
orphans); who may do what is sharing.attachables (docs/sharing-attachments.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mujigae.core import audit, files
from mujigae.core.districts import district_of
from mujigae.sharing import attachables
from mujigae.sharing.models import Attachment, StoredFile
from mujigae.sharing.stored import check_quota, stored_file_create


def attachment_add(*, actor: Any, obj: Any, upload: Any, label: str = "") -> Attachment:
    """Attach a checked upload (`upload.checked`, from core.files.UploadField) to
    `obj`, which `actor` may add files to. One transaction; the stored file is
    removed again if the rows cannot be written."""
    if not attachables.is_attachable(obj):
        raise PermissionDenied
    if not attachables.can_attach(actor, obj):
        raise PermissionDenied
    if not hasattr(upload, "checked"):
        upload.checked = files.inspect_upload(upload)
    district_id = district_of(obj)
    with transaction.atomic():
        check_quota(district_id, upload.checked.size)
        with files.stored(
            upload, district_id=district_id, filename=upload.checked.filename
        ) as name:
            stored = stored_file_create(
                actor=actor, upload=upload, district_id=district_id, name=name
            )
            attachment = Attachment.objects.create(
                district_id=district_id,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                file=stored,
                label=label.strip(),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(
                actor=actor,
                action="create",
                obj=attachment,
                changes={
                    "file": [None, stored.filename],
                    "object": [None, f"{obj._meta.label}:{obj.pk}"],
                    "size": [None, stored.size],
                },
            )
    return attachment


def attachment_delete(*, actor: Any, attachment: Attachment) -> None:
    """Soft delete: gone from every list now; the purge removes the row and the
    stored bytes after MUJIGAE_FILES_RETENTION_DAYS."""
    now = timezone.now()
    with transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(deleted_at=now)
        StoredFile.objects.filter(pk=attachment.file_id).update(deleted_at=now)
        audit.record(
            actor=actor,
            action="delete",
            obj=attachment,
            changes={"file": [attachment.file.filename, None]},
        )


def attachments_of(obj: Any) -> QuerySet:
    """The live attachments of `obj` (the caller has checked `obj` is visible)."""
    return (
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            deleted_at__isnull=True,
        )
        .select_related("file", "created_by")
        .order_by("created_at", "pk")
    )
