"""Deleting files for good: the purge after the retention period, the sweep of
orphaned stored files, and a student's erasure taking their files at once."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from mujigae.core import files, schedule
from mujigae.core.files import memory_file
from mujigae.core.models import AuditEntry
from mujigae.sharing import attachments, purge
from mujigae.sharing.models import (
    Attachment,
    Audience,
    Document,
    DocumentVersion,
    StoredFile,
)
from tests import filesamples as s
from tests.sharing import attachment_helpers as h

pytestmark = pytest.mark.django_db


def _exists(name: str) -> bool:
    return files.storage().exists(name)


def test_a_deleted_attachment_is_purged_after_the_retention_period_not_before(world, settings):
    settings.MUJIGAE_FILES_RETENTION_DAYS = 30
    meeting = h.objects(world)["meeting"]
    keep = h.attach(meeting, world.users["coordinator"], name="남길파일.pdf")
    gone = h.attach(meeting, world.users["coordinator"], name="지울파일.pdf")
    attachments.attachment_delete(actor=world.users["coordinator"], attachment=gone)
    name = gone.file.name
    deleted_at = Attachment.objects.get(pk=gone.pk).deleted_at

    # 29 days later: kept (still restorable by an administrator)
    with django_capture_on_commit():
        result = purge.files_purge(deleted_at + dt.timedelta(days=29))
    assert result.files == 0
    assert Attachment.objects.filter(pk=gone.pk).exists() and _exists(name)

    # 31 days later: row and bytes gone; the live file untouched
    with django_capture_on_commit():
        result = purge.files_purge(deleted_at + dt.timedelta(days=31))
    assert result.files == 1
    assert not Attachment.objects.filter(pk=gone.pk).exists()
    assert not StoredFile.objects.filter(name=name).exists()
    assert not _exists(name)
    assert _exists(keep.file.name) and Attachment.objects.filter(pk=keep.pk).exists()


def _document(world, *, deleted_at=None) -> tuple[Document, StoredFile]:
    audience = Audience.objects.create(district=world.district, everyone=True)
    doc = Document.objects.create(
        district=world.district, title="협약서", audience=audience, deleted_at=deleted_at
    )
    upload = memory_file(s.small_pdf("mou"), "협약서.pdf")
    upload.checked = files.inspect_upload(upload)
    with files.stored(upload, district_id=world.district.pk, filename="협약서.pdf") as name:
        stored = attachments.stored_file_create(
            actor=None, upload=upload, district_id=world.district.pk, name=name
        )
    DocumentVersion.objects.create(document=doc, number=1, file=stored)
    return doc, stored


def test_a_document_deleted_past_retention_goes_with_its_versions_files(world, settings):
    settings.MUJIGAE_FILES_RETENTION_DAYS = 30
    now = timezone.now()
    old, old_file = _document(world, deleted_at=now - dt.timedelta(days=40))
    recent, recent_file = _document(world, deleted_at=now - dt.timedelta(days=3))
    live, live_file = _document(world)
    with django_capture_on_commit():
        result = purge.files_purge(now)
    assert result.documents == 1 and result.files == 1
    assert not Document.objects.filter(pk=old.pk).exists()
    assert not Audience.objects.filter(pk=old.audience_id).exists()
    assert not StoredFile.objects.filter(pk=old_file.pk).exists()
    assert not _exists(old_file.name)
    for doc, stored in ((recent, recent_file), (live, live_file)):
        assert Document.objects.filter(pk=doc.pk).exists() and _exists(stored.name)


def test_a_soft_deleted_version_file_is_purged_with_its_version_row(world, settings):
    settings.MUJIGAE_FILES_RETENTION_DAYS = 1
    doc, stored = _document(world)
    StoredFile.objects.filter(pk=stored.pk).update(deleted_at=timezone.now() - dt.timedelta(days=2))
    with django_capture_on_commit():
        purge.files_purge()
    assert not DocumentVersion.objects.filter(document=doc).exists()  # PROTECT handled
    assert not _exists(stored.name)


def test_orphaned_stored_files_older_than_a_day_are_swept(world, files_dir):
    meeting = h.objects(world)["meeting"]
    known = h.attach(meeting, world.users["coordinator"])
    storage = files.storage()
    old_orphan = storage.save("d1/2025/01/crash.pdf", memory_file(b"%PDF-1.4", "crash.pdf"))
    new_orphan = storage.save("d1/2025/01/uploading.pdf", memory_file(b"%PDF-1.4", "u.pdf"))
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(storage.path(old_orphan), (two_days_ago, two_days_ago))
    os.utime(storage.path(known.file.name), (two_days_ago, two_days_ago))
    assert purge.orphans_sweep() == 1
    assert not _exists(old_orphan)
    assert _exists(new_orphan)  # may be an upload in progress
    assert _exists(known.file.name)  # a row knows it


def test_the_command_and_the_daily_job(world, settings):
    settings.MUJIGAE_FILES_RETENTION_DAYS = 0
    meeting = h.objects(world)["meeting"]
    gone = h.attach(meeting, world.users["coordinator"])
    attachments.attachment_delete(actor=world.users["coordinator"], attachment=gone)
    call_command("purge_files", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not Attachment.objects.filter(pk=gone.pk).exists()
    job = schedule.JOBS["sharing.purge_files"]
    assert job.every == 24 * 3600
    assert "files=0" in job.run(timezone.now())


def test_erasing_a_student_removes_their_files_at_once(world):
    from mujigae.students import services

    student = h.student(world, name="김첨부")
    other = h.student(world, name="박남김")
    copy = h.attach(student, world.users["school"], name="김첨부 자격증 사본.pdf")
    kept = h.attach(other, world.users["school"], name="박남김 자격증.pdf")
    with django_capture_on_commit(), transaction.atomic():
        services.student_erase(
            actor=world.users["coordinator"], student=student, reason="본인 요청"
        )
    assert not Attachment.objects.filter(pk=copy.pk).exists()
    assert not StoredFile.objects.filter(pk=copy.file_id).exists()
    assert not _exists(copy.file.name)
    assert _exists(kept.file.name) and Attachment.objects.filter(pk=kept.pk).exists()
    # the audit log no longer names the file
    entries = AuditEntry.objects.filter(object_type="sharing.Attachment", object_id=str(copy.pk))
    assert entries.exists()
    assert not any("김첨부" in (e.object_repr + str(e.changes)) for e in entries)


def test_a_rolled_back_erasure_keeps_the_files(world):
    student = h.student(world)
    copy = h.attach(student, world.users["school"], name="자격증.pdf")

    class Stop(Exception):
        pass

    with django_capture_on_commit(), pytest.raises(Stop), transaction.atomic():
        student.delete()
        raise Stop
    assert Attachment.objects.filter(pk=copy.pk).exists()
    assert _exists(copy.file.name)


# --------------------------------------------------------------------------


class django_capture_on_commit:  # noqa: N801 - reads like the fixture it mimics
    """Run on_commit callbacks of the test's (never committed) transaction, the
    way pytest-django's django_capture_on_commit_callbacks(execute=True) does."""

    def __enter__(self):
        from django.test import TestCase

        self._cm = TestCase.captureOnCommitCallbacks(execute=True)
        return self._cm.__enter__()

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)
