"""The rows of sharing (MOU clause 7, docs/sharing.md): stored files, the
audience a document or notice is shared with, the documents library (folders,
documents, versions, the record of every view and download), notices with
their read/acknowledged receipts, attachments of other apps' objects, and
requests for staff or facilities between partners.

Every stored file has one `StoredFile` row (its storage name, the person's file
name, type by content, size, SHA-256, the text read for search); a document
version or an attachment points at it. Deleting is soft (`deleted_at`); the
purge (`mujigae purge_files`, daily in the scheduler) removes rows and stored
bytes after MUJIGAE_FILES_RETENTION_DAYS.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District, Role
from mujigae.partners.models import Organisation, OrgKind


class StoredFile(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="stored_files")
    name = models.CharField(_("storage name"), max_length=300, unique=True)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    kind = models.CharField(_("type"), max_length=16)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["district", "deleted_at"], name="storedfile_district_live")]
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.filename


class Audience(models.Model):
    """Who a document or notice is shared with: the whole district, or any of
    the entries (listed organisations, organisation kinds, roles). The owner
    organisation and the author always see their own."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="audiences")
    everyone = models.BooleanField(_("the whole district"), default=False)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return f"audience {self.pk}"


class AudienceEntry(models.Model):
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="entries")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    org_kind = models.CharField(
        _("kind of organisation"), max_length=32, blank=True, choices=OrgKind.choices
    )
    role = models.CharField(_("role"), max_length=20, blank=True, choices=Role.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="audience_entry_exactly_one",
                condition=(
                    Q(organisation__isnull=False, org_kind="", role="")
                    | Q(organisation__isnull=True, org_kind__gt="", role="")
                    | Q(organisation__isnull=True, org_kind="", role__gt="")
                ),
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "audience"], name="audience_entry_org"),
            models.Index(fields=["org_kind", "audience"], name="audience_entry_kind"),
            models.Index(fields=["role", "audience"], name="audience_entry_role"),
        ]

    def __str__(self) -> str:
        return str(self.organisation_id or self.org_kind or self.role)


class Folder(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="folders")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "parent", "name"], name="folder_name_unique_in_parent"
            )
        ]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="documents")
    folder = models.ForeignKey(
        Folder, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # the organisation that owns it (None: the district's coordinators)
    owner_org = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.OneToOneField(Audience, on_delete=models.PROTECT, related_name="document")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # title, description, tags and the current version's text, tokenised (Kiwi)
    search_tokens = models.TextField(blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "deleted_at", "-updated_at"], name="document_list"),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class DocumentTag(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("tag"), max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "tag"], name="document_tag_once")
        ]
        indexes = [models.Index(fields=["tag"], name="document_tag")]

    def __str__(self) -> str:
        return self.tag


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="version")
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class DocumentAccess(models.Model):
    """Every view and download of a document: who, when, which version."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        DOWNLOAD = "download", _("downloaded")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="accesses")
    version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["document", "-at"], name="document_access_when")]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.OneToOneField(Audience, on_delete=models.PROTECT, related_name="notice")
    pinned = models.BooleanField(_("pinned"), default=False)
    requires_ack = models.BooleanField(_("requires acknowledgement"), default=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pinned", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "deleted_at", "-created_at"], name="notice_list")
        ]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.title


class NoticeReceipt(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="notice_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.user_id}"


class Attachment(models.Model):
    """A file attached to another app's object (minutes, action item, MOU
    commitment, curriculum proposal, slot, spending row …): seen by exactly
    those who see the object (sharing.attachables)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="attachments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="attachment")
    label = models.CharField(_("what it is"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_object")]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file.filename


class StaffRequest(models.Model):
    """A partner asks another for people or facilities (참여인력 협조)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("A person (instructor, engineer, mentor)")
        FACILITY = "facility", _("A facility (lab, workshop, equipment)")
        EXPERT = "expert", _("An expert (council, review, advice)")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        PROPOSED = "proposed", _("another date proposed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DONE = "done", _("done")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="staff_requests")
    requester = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff_requests_made",
        verbose_name=_("asking organisation"),
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff_requests_received",
        verbose_name=_("asked organisation"),
    )
    kind = models.CharField(_("what is asked"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1)
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    proposed_starts_on = models.DateField(_("proposed from"), null=True, blank=True)
    proposed_ends_on = models.DateField(_("proposed until"), null=True, blank=True)
    response_note = models.TextField(_("answer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="staff_request_two_organisations", condition=~Q(requester=models.F("provider"))
            ),
            models.CheckConstraint(
                name="staff_request_dates_in_order", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(name="staff_request_hours_positive", condition=Q(hours__gt=0)),
        ]
        indexes = [
            models.Index(fields=["district", "status"], name="staff_request_status"),
        ]
        verbose_name = _("request for staff")
        verbose_name_plural = _("requests for staff")

    def __str__(self) -> str:
        return self.title
