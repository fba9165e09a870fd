"""Removing files for good (docs/files.md "Deleting and the purge").

* `files_purge(now)`: files deleted (soft) before `core.files.purge_before()`
  — attachments, stored files, and documents deleted past the retention
  period with all their versions — lose their rows and their stored bytes.
* `orphans_sweep(now)`: stored bytes with no StoredFile row, older than a day
  (a crash between saving and the database write), are removed.
* `on_object_deleted`: when an attachable object itself is deleted (a
  student's erasure), its attachments go at once, not after the retention.

The bytes are removed only after the transaction that removed the rows has
committed: a rolled-back erasure keeps its files.
Daily in the scheduler (`sharing.purge_files`) and `mujigae purge_files`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mujigae.core import files
from mujigae.sharing.models import Attachment, Audience, Document, DocumentVersion, StoredFile

BATCH = 500
ORPHAN_AGE = dt.timedelta(days=1)


@dataclass
class PurgeResult:
    documents: int = 0
    files: int = 0
    orphans: int = 0

    def __str__(self) -> str:
        return f"documents={self.documents} files={self.files} orphans={self.orphans}"


def _delete_bytes_after_commit(names: list[str]) -> None:
    def remove() -> None:
        for name in names:
            files.delete_stored(name)

    transaction.on_commit(remove)


def _remove_stored(file_ids: list[int]) -> int:
    """Delete the rows of these stored files and what points at them (the
    PROTECT references first), then their bytes after commit."""
    names = list(StoredFile.objects.filter(pk__in=file_ids).values_list("name", flat=True))
    Attachment.objects.filter(file_id__in=file_ids).delete()
    DocumentVersion.objects.filter(file_id__in=file_ids).delete()
    StoredFile.objects.filter(pk__in=file_ids).delete()
    _delete_bytes_after_commit(names)
    return len(names)


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def files_purge(now: dt.datetime | None = None) -> PurgeResult:
    now = now or timezone.now()
    cutoff = files.purge_before(now)
    result = PurgeResult()
    # documents deleted past the retention period: the document and every version
    for doc_id in list(Document.objects.filter(deleted_at__lt=cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
            doc = Document.objects.select_for_update().filter(pk=doc_id).first()
            if doc is None:
                continue
            file_ids = list(doc.versions.values_list("file_id", flat=True))
            audience_id = doc.audience_id
            doc.delete()
            Audience.objects.filter(pk=audience_id).delete()
            result.files += _remove_stored(file_ids)
            result.documents += 1
    # stored files (and attachments) deleted past the retention period
    due = StoredFile.objects.filter(
        Q(deleted_at__lt=cutoff) | Q(attachment__deleted_at__lt=cutoff)
    ).values_list("pk", flat=True)
    for batch in _batches(list(due)):
        with transaction.atomic():
            result.files += _remove_stored(batch)
    return result


def _walk(storage: Any, path: str = "") -> Iterator[str]:
    try:
        dirs, names = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        yield f"{path}/{name}" if path else name
    for d in dirs:
        yield from _walk(storage, f"{path}/{d}" if path else d)


def orphans_sweep(now: dt.datetime | None = None) -> int:
    """Remove stored files that no row knows, older than a day."""
    now = now or timezone.now()
    storage = files.storage()
    removed = 0
    names = list(_walk(storage))
    for i in range(0, len(names), BATCH):
        batch = names[i : i + BATCH]
        known = set(StoredFile.objects.filter(name__in=batch).values_list("name", flat=True))
        for name in batch:
            if name in known:
                continue
            try:
                modified = storage.get_modified_time(name)
            except (OSError, NotImplementedError):
                continue
            if timezone.is_naive(modified):
                modified = timezone.make_aware(modified, dt.UTC)
            if now - modified > ORPHAN_AGE:
                files.delete_stored(name)
                removed += 1
    return removed


def purge_all(now: dt.datetime | None = None) -> PurgeResult:
    result = files_purge(now)
    result.orphans = orphans_sweep(now)
    return result


def on_object_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An attachable object was deleted (a student erased): its files go now."""
    from mujigae.core.models import AuditEntry

    ct = ContentType.objects.get_for_model(sender)
    rows = list(
        Attachment.objects.filter(content_type=ct, object_id=instance.pk).values_list(
            "pk", "file_id"
        )
    )
    if rows:
        # the audit log keeps that files were added, not their names (a
        # certificate copy named after the student)
        AuditEntry.objects.filter(
            object_type=Attachment._meta.label, object_id__in=[str(pk) for pk, _f in rows]
        ).update(object_repr="-", changes={})
        _remove_stored([file_id for _pk, file_id in rows])


def register_job() -> None:
    from mujigae.core import schedule

    @schedule.job("sharing.purge_files", every=24 * 3600)
    def _purge(now: dt.datetime) -> str:
        return str(purge_all(now))
