"""Reads of the documents library: every one starts from
`policy.visible(user, Document)` (sharing/access.py), so a person sees exactly
the documents whose audience includes them, plus their organisation's own.

The list is a queryset (paginated by the view): its query count does not grow
with the number of documents (tags are one prefetch per page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from mujigae.core import policy
from mujigae.core.policy import DISTRICT_MEMBERS, role_of
from mujigae.sharing.documents import tokens_of
from mujigae.sharing.models import (
    Document,
    DocumentAccess,
    DocumentTag,
    DocumentVersion,
    Folder,
)

MAX_QUERY_CHARS = 200


def query_tokens(q: str) -> list[str]:
    return tokens_of((q or "")[:MAX_QUERY_CHARS])


def document_list(
    *, user: Any, q: str = "", tag: str = "", folder: Folder | None = None
) -> QuerySet:
    """The documents `user` sees, newest change first. `q`: every token of the
    query is among the document's tokens (title, description, tags, the
    current file's text); a query Kiwi keeps nothing of (only particles)
    matches titles containing it. `tag`: documents with that tag. `folder`:
    documents directly in it."""
    qs = policy.visible(user, Document)
    if folder is not None:
        qs = qs.filter(folder=folder)
    if tag:
        qs = qs.filter(pk__in=DocumentTag.objects.filter(tag=tag).values("document_id"))
    q = (q or "").strip()
    if q:
        tokens = query_tokens(q)
        if tokens:
            for token in tokens:
                qs = qs.filter(search_tokens__contains=f" {token} ")
        else:
            qs = qs.filter(title__icontains=q[:MAX_QUERY_CHARS])
    return (
        qs.select_related("folder", "owner_org")
        .prefetch_related(Prefetch("tags", queryset=DocumentTag.objects.order_by("pk")))
        .order_by("-updated_at", "-pk")
    )


def document_detail(*, user: Any, pk: Any) -> Document:
    return policy.access(
        user,
        Document,
        pk,
        qs=Document.objects.select_related("folder", "owner_org", "created_by", "audience"),
    )


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("file", "created_by").order_by("-number"))


def version_for(*, user: Any, pk: Any) -> DocumentVersion:
    """A version of a document `user` sees (404 otherwise, whatever the id)."""
    return policy.access(
        user, DocumentVersion, pk, qs=DocumentVersion.objects.select_related("file", "document")
    )


def access_record(*, user: Any, document: Document) -> QuerySet:
    """Every view and download of `document`, for its owner's staff and the
    district's coordinators (scope `_document_accesses`)."""
    return (
        policy.visible(user, DocumentAccess)
        .filter(document=document)
        .select_related("user__organisation", "version")
        .order_by("-at", "-pk")
    )


def record_allowed(user: Any, document: Document) -> bool:
    """May `user` read the record of `document` (which they see)?"""
    if policy.coordinates(user, document.district_id):
        return True
    if role_of(user) not in DISTRICT_MEMBERS:  # a student of the owner school: no
        return False
    return (user.organisation_id is not None and document.owner_org_id == user.organisation_id) or (
        document.created_by_id == user.pk
    )


# --------------------------------------------------------------------------
# folders


@dataclass
class FolderNode:
    folder: Folder
    depth: int
    children: list[FolderNode] = field(default_factory=list)


def folders_of(user: Any) -> list[Folder]:
    return list(policy.visible(user, Folder).order_by("name", "pk"))


def folder_tree(folders: list[Folder]) -> list[FolderNode]:
    """The folders as a flat list in tree order (each with its depth)."""
    children: dict[int | None, list[Folder]] = {}
    for f in folders:
        children.setdefault(f.parent_id, []).append(f)
    out: list[FolderNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for f in children.get(parent, []):
            out.append(FolderNode(f, depth))
            if depth < 20:
                walk(f.pk, depth + 1)

    walk(None, 0)
    return out


def breadcrumb(folder: Folder | None, folders: list[Folder]) -> list[Folder]:
    by_id = {f.pk: f for f in folders}
    trail: list[Folder] = []
    while folder is not None and len(trail) < 25:
        trail.append(folder)
        folder = by_id.get(folder.parent_id) if folder.parent_id else None
    return list(reversed(trail))


def folder_for(*, user: Any, pk: Any) -> Folder:
    return policy.access(user, Folder, pk)
