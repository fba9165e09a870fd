"""Writes of the documents library (docs/sharing-documents.md): folders,
documents, their versions and the record of every view and download.

* A document is created with its first version in one transaction; the file is
  stored through `core.files.stored` *around* that transaction, so a failed
  write (a refused quota, a database error, a cut request) removes the stored
  file again: no orphan, no half-saved document.
* Each upload is a new version (number + 1, "what changed"); older versions
  and their files are kept.
* The district's quota (`core.files.district_quota_bytes()`: the sizes of its
  live stored files) is checked under a row lock on the district, so two
  uploads at once cannot both pass it.
* `search_tokens` holds the Kiwi morphemes (as the competency search cuts
  them) of the title, description, tags and the current version's text,
  space-separated with a space at each end: a query matches the documents
  whose tokens hold every token of the query (`document_selectors`).
* Deleting is soft (`deleted_at`, also on the versions' stored files: the
  purge removes them after the retention period).
* Every write leaves an audit entry (`core.audit`) in the same transaction.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, files
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.core.policy import DISTRICT_MEMBERS, role_of
from mujigae.sharing.audience import audience_describe, audience_save
from mujigae.sharing.models import (
    Document,
    DocumentAccess,
    DocumentTag,
    DocumentVersion,
    Folder,
    StoredFile,
)
from mujigae.sharing.stored import check_quota, stored_file_create

MAX_TAGS = 20
MAX_TAG_CHARS = 50
TOKEN_TEXT_CHARS = 100_000  # of a file's text, tokenised for search
_TAG_SPLIT = re.compile(r"[,，、;]+")


# --------------------------------------------------------------------------
# search tokens


def tokens_of(*texts: str) -> list[str]:
    """The distinct Kiwi morphemes of `texts` (competency search's rules), in order."""
    from mujigae.competencies.suggest import morphemes_many

    seen: dict[str, None] = {}
    for tokens in morphemes_many([t for t in texts if t and t.strip()]):
        for token in tokens:
            seen.setdefault(token.replace(" ", ""), None)
    return [t for t in seen if t]


_HANGUL = re.compile(r"^[가-힣]+$")


def index_tokens(*texts: str) -> list[str]:
    """What a document is found by: its morphemes, and each pair of Hangul
    morphemes that follow each other joined ("안전" "교육" → "안전교육"), since
    Kiwi cuts a compound in a sentence but may keep it whole in a short query."""
    from mujigae.competencies.suggest import morphemes_many

    seen: dict[str, None] = {}
    for tokens in morphemes_many([t for t in texts if t and t.strip()]):
        previous = ""
        for token in tokens:
            token = token.replace(" ", "")
            if not token:
                continue
            seen.setdefault(token, None)
            if previous and _HANGUL.match(previous) and _HANGUL.match(token):
                seen.setdefault(previous + token, None)
            previous = token
    return list(seen)


def search_text(document: Document, tags: list[str], file_text: str) -> str:
    tokens = index_tokens(
        document.title, document.description, ", ".join(tags), file_text[:TOKEN_TEXT_CHARS]
    )
    return f" {' '.join(tokens)} " if tokens else ""


def parse_tags(text: str) -> list[str]:
    """ "로봇, 현장실습 ,예산" -> ["로봇", "현장실습", "예산"] (distinct, in order)."""
    tags: dict[str, None] = {}
    for raw in _TAG_SPLIT.split(text or ""):
        tag = " ".join(raw.split()).lstrip("#")
        if tag:
            tags.setdefault(tag, None)
    out = list(tags)
    for tag in out:
        if len(tag) > MAX_TAG_CHARS:
            msg = _("A tag may have at most %(n)d characters: “%(tag)s”.") % {
                "n": MAX_TAG_CHARS,
                "tag": tag[:60],
            }
            raise ApplicationError(msg, field_errors={"tags": [msg]})
    if len(out) > MAX_TAGS:
        msg = _("At most %(n)d tags.") % {"n": MAX_TAGS}
        raise ApplicationError(msg, field_errors={"tags": [msg]})
    return out


def _refresh_tokens(document: Document) -> None:
    tags = list(document.tags.values_list("tag", flat=True))
    current = document.versions.select_related("file").order_by("-number").first()
    text = current.file.text if current else ""
    document.search_tokens = search_text(document, tags, text)
    document.save(update_fields=["search_tokens"])


def _set_tags(document: Document, tags: list[str]) -> None:
    document.tags.exclude(tag__in=tags).delete()
    have = set(document.tags.values_list("tag", flat=True))
    DocumentTag.objects.bulk_create(
        [DocumentTag(document=document, tag=t) for t in tags if t not in have]
    )


# --------------------------------------------------------------------------
# files and the quota


def _checked(upload: Any) -> Any:
    if getattr(upload, "checked", None) is None:
        upload.checked = files.inspect_upload(upload)  # raises FileRefused (400, Korean)
    return upload.checked


# --------------------------------------------------------------------------
# documents


def owner_of(actor: Any) -> Any:
    """The organisation a new document belongs to: the author's (a coordinator
    without one: None, the district office)."""
    if role_of(actor) in DISTRICT_MEMBERS:
        return actor.organisation
    return None


def _check_folder(folder: Folder | None, district_id: int) -> None:
    if folder is not None and folder.district_id != district_id:
        msg = _("Choose a folder of your district.")
        raise ApplicationError(msg, field_errors={"folder": [msg]})


def document_create(
    *,
    actor: Any,
    district: District,
    title: str,
    upload: Any,
    audience: dict,
    description: str = "",
    tags: str = "",
    folder: Folder | None = None,
    note: str = "",
    via: str = "web",
) -> Document:
    """A new document with its first version (the file), its tags and audience."""
    checked = _checked(upload)
    tag_list = parse_tags(tags)
    _check_folder(folder, district.pk)
    text = files.extract_text(upload, checked)
    # stored first, the transaction inside: a failed write removes the file again
    with (
        files.stored(upload, district_id=district.pk, filename=checked.filename) as name,
        transaction.atomic(),
    ):
        check_quota(district.pk, checked.size)
        now = timezone.now()
        document = Document.objects.create(
            district=district,
            folder=folder,
            title=title,
            description=description,
            owner_org=owner_of(actor),
            created_by=actor,
            audience=audience_save(district=district, data=audience),
            created_at=now,
            updated_at=now,
        )
        _set_tags(document, tag_list)
        stored = stored_file_create(
            actor=actor, district_id=district.pk, upload=upload, name=name, text=text
        )
        DocumentVersion.objects.create(
            document=document, number=1, file=stored, note=note, created_by=actor
        )
        document.search_tokens = search_text(document, tag_list, text)
        document.save(update_fields=["search_tokens"])
        audit.record(
            actor=actor,
            action="create",
            obj=document,
            via=via,
            changes={
                "title": [None, title],
                "folder": [None, str(folder) if folder else None],
                "tags": [None, tag_list],
                "audience": [None, audience_describe(document.audience)],
                "file": [None, checked.filename],
            },
        )
    return document


def document_update(
    *,
    actor: Any,
    document: Document,
    title: str,
    audience: dict,
    description: str = "",
    tags: str = "",
    folder: Folder | None = None,
    via: str = "web",
) -> Document:
    """Metadata and audience (a new file is a new version: `version_add`)."""
    tag_list = parse_tags(tags)
    _check_folder(folder, document.district_id)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        before = {
            "title": document.title,
            "description": document.description,
            "folder": str(document.folder) if document.folder_id else None,
            "tags": sorted(document.tags.values_list("tag", flat=True)),
            "audience": audience_describe(document.audience),
        }
        document.title = title
        document.description = description
        document.folder = folder
        document.updated_at = timezone.now()
        document.save(update_fields=["title", "description", "folder", "updated_at"])
        _set_tags(document, tag_list)
        audience_save(district=document.district, data=audience, audience=document.audience)
        _refresh_tokens(document)
        after = {
            "title": title,
            "description": description,
            "folder": str(folder) if folder else None,
            "tags": sorted(tag_list),
            "audience": audience_describe(document.audience),
        }
        changes = audit.diff(before, after)
        if "description" in changes:
            changes["description"] = ["…", "…"]
        if changes:
            audit.record(actor=actor, action="update", obj=document, changes=changes, via=via)
    return document


def version_add(
    *, actor: Any, document: Document, upload: Any, note: str = "", via: str = "web"
) -> DocumentVersion:
    """A new version of `document` (older ones are kept)."""
    checked = _checked(upload)
    text = files.extract_text(upload, checked)
    district_id = document.district_id
    with (
        files.stored(upload, district_id=district_id, filename=checked.filename) as name,
        transaction.atomic(),
    ):
        check_quota(district_id, checked.size)
        document = Document.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        stored = stored_file_create(
            actor=actor, district_id=district_id, upload=upload, name=name, text=text
        )
        version = DocumentVersion.objects.create(
            document=document, number=number, file=stored, note=note, created_by=actor
        )
        document.updated_at = timezone.now()
        document.save(update_fields=["updated_at"])
        _refresh_tokens(document)
        audit.record(
            actor=actor,
            action="update",
            obj=document,
            via=via,
            changes={"version": [number - 1, number], "file": [None, checked.filename]},
        )
    return version


@transaction.atomic
def document_delete(*, actor: Any, document: Document, via: str = "web") -> None:
    """Soft delete: gone for everyone now; the files are purged after the
    retention period (`mujigae purge_files`)."""
    now = timezone.now()
    Document.objects.filter(pk=document.pk).update(deleted_at=now)
    StoredFile.objects.filter(
        pk__in=document.versions.values("file_id"), deleted_at__isnull=True
    ).update(deleted_at=now)
    audit.record(actor=actor, action="delete", obj=document, via=via)


def record_access(
    *, user: Any, document: Document, action: str, version: DocumentVersion | None = None
) -> DocumentAccess:
    """One row per view of the page and per download (who, when, which version)."""
    return DocumentAccess.objects.create(
        document=document,
        version=version,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
    )


# --------------------------------------------------------------------------
# folders


def _check_folder_name(district_id: int, parent: Folder | None, name: str, exclude=None) -> None:
    if parent is not None and parent.district_id != district_id:
        msg = _("Choose a folder of your district.")
        raise ApplicationError(msg, field_errors={"parent": [msg]})
    clash = Folder.objects.filter(district_id=district_id, parent=parent, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        msg = _("A folder of that name is already there.")
        raise ApplicationError(msg, field_errors={"name": [msg]}, status=409)


@transaction.atomic
def folder_create(
    *, actor: Any, district: District, name: str, parent: Folder | None = None, via: str = "web"
) -> Folder:
    _check_folder_name(district.pk, parent, name)
    folder = Folder.objects.create(district=district, parent=parent, name=name, created_by=actor)
    audit.record(
        actor=actor,
        action="create",
        obj=folder,
        via=via,
        changes={"name": [None, name], "parent": [None, str(parent) if parent else None]},
    )
    return folder


@transaction.atomic
def folder_rename(*, actor: Any, folder: Folder, name: str, via: str = "web") -> Folder:
    _check_folder_name(folder.district_id, folder.parent, name, exclude=folder)
    old = folder.name
    if old != name:
        folder.name = name
        folder.save(update_fields=["name"])
        audit.record(
            actor=actor, action="update", obj=folder, via=via, changes={"name": [old, name]}
        )
    return folder


@transaction.atomic
def folder_delete(*, actor: Any, folder: Folder, via: str = "web") -> None:
    """Only an empty folder (no sub-folder, no document not deleted) goes."""
    if folder.children.exists() or folder.documents.filter(deleted_at__isnull=True).exists():
        raise ApplicationError(
            _("The folder is not empty: move or delete its documents and sub-folders first."),
            status=409,
        )
    audit.record(actor=actor, action="delete", obj=folder, via=via)
    folder.documents.update(folder=None)  # deleted documents keep no dangling folder
    folder.delete()
