"""The rows of stored files, for every part of sharing (documents' versions,
attachments): the district's quota and the `StoredFile` row of a checked
upload. The bytes themselves go through `core.files`."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from mujigae.core import files
from mujigae.core.exceptions import ApplicationError
from mujigae.core.imports import format_size
from mujigae.core.models import District
from mujigae.sharing.models import StoredFile


def district_usage(district_id: int) -> int:
    """Bytes of the district's live stored files (what the quota counts)."""
    total = StoredFile.objects.filter(district_id=district_id, deleted_at__isnull=True).aggregate(
        n=Sum("size")
    )["n"]
    return int(total or 0)


def check_quota(district_id: int, size: int) -> None:
    """Refuse (413, Korean) a file that does not fit in the district's space.
    Call inside the transaction that writes the row: the district row is
    locked, so two uploads of one district are checked one after the other."""
    District.objects.select_for_update().filter(pk=district_id).first()
    quota = files.district_quota_bytes()
    used = district_usage(district_id)
    if used + size > quota:
        msg = _(
            "The district's storage is full: %(used)s of %(quota)s is used and this file "
            "needs %(size)s. Delete documents that are no longer needed or ask the district "
            "office to raise the limit."
        ) % {"used": format_size(used), "quota": format_size(quota), "size": format_size(size)}
        raise ApplicationError(msg, field_errors={"file": [msg]}, status=413)


def stored_file_create(
    *, actor: Any, upload: Any, district_id: int, name: str, text: str = ""
) -> StoredFile:
    """The row of a checked upload (`upload.checked`) saved under `name`."""
    checked: files.Checked = upload.checked
    return StoredFile.objects.create(
        district_id=district_id,
        name=name,
        filename=checked.filename,
        size=checked.size,
        content_type=checked.content_type,
        kind=checked.kind.code,
        sha256=checked.sha256,
        text=text,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
