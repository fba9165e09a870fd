"""Access rules of sharing (MOU clause 7). See docs/sharing.md.

* **Documents and notices are shared per object**: a person sees exactly those
  whose audience includes them (`sharing.audience`), plus what their own
  organisation owns or they wrote. Anyone else — another district, a company
  outside a "schools only" audience, the ministry — gets 404 for the document,
  its versions, its downloads and its record, however the id is guessed.
  The owner organisation's staff (and the district's coordinators, for what
  they can see) change a document; the author changes a notice.
* **Attachments** are seen by exactly those who see the object they belong to
  (`sharing.attachables`: the object's own app's scope, through
  `policy.visible`); they are added and removed by those who may change it.
* **Requests for staff** are seen by the two organisations and the district's
  coordinators; the asked organisation answers, the asking one withdraws.
* **Files** (`StoredFile`) are reached only through a version or an
  attachment, never by their own id.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from mujigae.core import policy
from mujigae.core.policy import (
    COORDINATOR,
    DISTRICT_MEMBERS,
    STUDENT,
    in_district,
    role_of,
    rule,
)
from mujigae.sharing import attachables
from mujigae.sharing.audience import audience_q
from mujigae.sharing.models import (
    Attachment,
    Audience,
    AudienceEntry,
    Document,
    DocumentAccess,
    DocumentTag,
    DocumentVersion,
    Folder,
    Notice,
    NoticeReceipt,
    StaffRequest,
    StoredFile,
)

READERS = DISTRICT_MEMBERS | {STUDENT}  # who may be in an audience

# --------------------------------------------------------------------------
# object scopes


def _own(user: Any, owner_path: str, author_path: str) -> Q:
    q = Q(**{author_path: user.pk})
    if role_of(user) in DISTRICT_MEMBERS and user.organisation_id:
        q |= Q(**{f"{owner_path}_id": user.organisation_id})
    return q


def _documents(user: Any, qs: QuerySet) -> QuerySet:
    if role_of(user) not in READERS:
        return qs.none()
    qs = in_district(user, qs).filter(deleted_at__isnull=True)
    return qs.filter(audience_q(user) | _own(user, "owner_org", "created_by"))


def _notices(user: Any, qs: QuerySet) -> QuerySet:
    if role_of(user) not in READERS:
        return qs.none()
    qs = in_district(user, qs).filter(deleted_at__isnull=True)
    return qs.filter(audience_q(user) | _own(user, "author_org", "author"))


def _folders(user: Any, qs: QuerySet) -> QuerySet:
    if role_of(user) not in READERS:
        return qs.none()
    return in_district(user, qs)


def _audiences(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(
        Q(document__in=_documents(user, Document.objects.all()))
        | Q(notice__in=_notices(user, Notice.objects.all()))
    )


def _document_accesses(user: Any, qs: QuerySet) -> QuerySet:
    """The record of views and downloads: the owner's staff and the district's
    coordinators, for documents they see."""
    docs = _documents(user, Document.objects.all())
    if role_of(user) != COORDINATOR:
        docs = docs.filter(_own(user, "owner_org", "created_by"))
    return qs.filter(document__in=docs)


def _receipts(user: Any, qs: QuerySet) -> QuerySet:
    """One's own receipts; the author's side sees every receipt of their notice."""
    own_notices = _notices(user, Notice.objects.all()).filter(_own(user, "author_org", "author"))
    return qs.filter(Q(user_id=user.pk) | Q(notice__in=own_notices)) if role_of(user) else qs.none()


def _attachments(user: Any, qs: QuerySet) -> QuerySet:
    return attachables.visible_attachments(user, qs.filter(deleted_at__isnull=True))


def _stored_files(user: Any, qs: QuerySet) -> QuerySet:
    versions = DocumentVersion.objects.filter(document__in=_documents(user, Document.objects.all()))
    attachments = _attachments(user, Attachment.objects.all())
    return qs.filter(Q(pk__in=versions.values("file_id")) | Q(pk__in=attachments.values("file_id")))


def _staff_requests(user: Any, qs: QuerySet) -> QuerySet:
    role = role_of(user)
    if role not in DISTRICT_MEMBERS:
        return qs.none()
    qs = in_district(user, qs)
    if role == COORDINATOR:
        return qs
    if not user.organisation_id:
        return qs.none()
    return qs.filter(Q(requester_id=user.organisation_id) | Q(provider_id=user.organisation_id))


policy.register_scope(Document, _documents)
policy.register_scope(DocumentTag, policy.children_of(Document, "document"))
policy.register_scope(DocumentVersion, policy.children_of(Document, "document"))
policy.register_scope(DocumentAccess, _document_accesses)
policy.register_scope(Folder, _folders)
policy.register_scope(Audience, _audiences)
policy.register_scope(AudienceEntry, policy.children_of(Audience, "audience"))
policy.register_scope(Notice, _notices)
policy.register_scope(NoticeReceipt, _receipts)
policy.register_scope(Attachment, _attachments)
policy.register_scope(StoredFile, _stored_files)
policy.register_scope(StaffRequest, _staff_requests)


# --------------------------------------------------------------------------
# who changes what (besides the district's coordinators)


def _owner_staff(user: Any, obj: Any) -> bool:
    return obj.created_by_id == user.pk or (
        role_of(user) in DISTRICT_MEMBERS
        and user.organisation_id is not None
        and obj.owner_org_id == user.organisation_id
    )


def _notice_author(user: Any, obj: Notice) -> bool:
    return obj.author_id == user.pk or (
        role_of(user) in DISTRICT_MEMBERS
        and user.organisation_id is not None
        and obj.author_org_id == user.organisation_id
    )


def _folder_maker(user: Any, obj: Folder) -> bool:
    return obj.created_by_id == user.pk


def _staff_request_party(user: Any, obj: StaffRequest) -> bool:
    return role_of(user) in DISTRICT_MEMBERS and user.organisation_id in (
        obj.requester_id,
        obj.provider_id,
    )


policy.register_change(Document, _owner_staff)
policy.register_change(Notice, _notice_author)
policy.register_change(Folder, _folder_maker)
policy.register_change(StaffRequest, _staff_request_party)
policy.register_change(Attachment, attachables.may_remove)


# --------------------------------------------------------------------------
# routes: one section per part (documents, notices, attachments, requests)

policy.register_routes(
    {
        # -- documents (docs/sharing.md "Documents") --
        # readers: the district's members and students (each sees only what is
        # shared with them: 404 otherwise); writers: the district's members
        # (changing a document: its owner's staff and the coordinators,
        # `_owner_staff`); the ministry: nothing.
        "sharing:documents": rule(READERS),
        "sharing:document_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:document_detail": rule(READERS, note="records the view"),
        "sharing:document_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:document_delete": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:version_upload": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:version_download": rule(READERS, note="records the download"),
        "sharing:document_log": rule(DISTRICT_MEMBERS, note="owner's staff and coordinators"),
        "sharing:document_log_export": rule(DISTRICT_MEMBERS, note="the same, as xlsx"),
        "sharing:folder_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:folder_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:folder_delete": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        # -- end documents --
        # -- notices --
        # everyone of the district (students too) reads what is shared with
        # them (the scope: 404 outside the audience); staff post; the author's
        # side (and the coordinators) edit, delete and remind
        "sharing:notices": policy.rule(READERS),
        "sharing:notice_create": policy.rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:notice_detail": policy.rule(READERS),
        "sharing:notice_ack": policy.rule(READERS, READERS, "those the notice is shared with"),
        "sharing:notice_edit": policy.rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "the author's side"),
        "sharing:notice_delete": policy.rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "the author's side"
        ),
        "sharing:notice_remind": policy.rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "the author's side"
        ),
        # -- end notices --
        # -- attachments (docs/sharing-attachments.md): the object's own scope decides --
        "sharing:attachments": policy.rule(policy.ALL_ROLES, note="those who see the object"),
        "sharing:attachment_upload": policy.rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, note="POST only; those who may add files to it"
        ),
        "sharing:attachment_download": policy.rule(
            policy.ALL_ROLES, note="those who see the object"
        ),
        "sharing:attachment_delete": policy.rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, note="the uploader and those who change the object"
        ),
        # -- end attachments --
        # -- staff requests --
        # the two organisations and the district's coordinators (scope: 404
        # for anyone else); the asked side answers, the asking side withdraws
        "sharing:requests": policy.rule(DISTRICT_MEMBERS),
        "sharing:request_create": policy.rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS),
        "sharing:request_detail": policy.rule(DISTRICT_MEMBERS, note="the two organisations"),
        "sharing:request_move": policy.rule(
            DISTRICT_MEMBERS, DISTRICT_MEMBERS, "the side whose turn it is"
        ),
        # -- end staff requests --
    }
)
