"""Access matrix part: attachments (issue 15, MOU clause 7; docs/sharing-attachments.md).

Product rules, written by hand: an attachment is seen by exactly those who see
its object, added by those who may change it (or whose paper it is), removed
by its uploader and those. Each persona works on an object of its own
organisation that it sees:

* the coordinator: a meeting (signed minutes);
* the school: the first school's student record (a certificate copy) — the
  student persona is that student and reads it; school_b gets 404;
* the company (and the ministry, which reads every district's action items):
  the company's action item (evidence) — company_b gets 404;
* the partner: the partner's action item — partner_b gets 404.

Pages: an object's files (`sharing:attachments`), upload (POST only: a GET
answers 405 to those who see the object, 404 to anyone else), download,
delete (behind a confirmation; an empty POST answers 422). Students and the
ministry never write; anonymous visitors are sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from mujigae.core import files
from mujigae.governance.models import ActionItem
from mujigae.sharing.models import Attachment, StoredFile
from mujigae.students.models import Student
from tests import factories as f
from tests import filesamples as s
from tests.core.matrix_expect import LOGGED_IN, MEMBERS, NOBODY, Expect

TARGET = {"obj": "sharing_target", "peer_read": NOBODY, "peer_write": NOBODY}
ATTACHMENT = {"obj": "sharing_attachment", "peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    "sharing:attachments": Expect(LOGGED_IN, NOBODY, **TARGET),
    "sharing:attachment_upload": Expect(MEMBERS, MEMBERS, **TARGET),
    "sharing:attachment_download": Expect(LOGGED_IN, NOBODY, **ATTACHMENT),
    "sharing:attachment_delete": Expect(MEMBERS, MEMBERS, **ATTACHMENT),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"sharing_target", "sharing_attachment"}
# the file name of the first school's student's certificate copy
MARKER = "ATT-시험고등학교-자격증사본"
SECRETS: dict[str, set[str]] = {peer: {MARKER} for peer in ("school_b", "company_b", "partner_b")}


def _target(obj: Any) -> str:
    return f"{obj._meta.label_lower}-{obj.pk}"


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    coordinator = world.users["coordinator"]
    meeting = f.MeetingFactory(district=world.district, title="첨부 시험 회의")
    # the students part made the first school's student, the student persona's record
    student = Student.objects.filter(user=world.users["student"]).first()
    if student is None:
        from tests.students.factories import StudentFactory

        student = StudentFactory(school=orgs["school"], user=world.users["student"])
    actions = {
        key: ActionItem.objects.create(
            district=world.district,
            owner=orgs[key],
            title=f"[ATT-{key}]",
            due_date="2025-12-31",
        )
        for key in ("company", "partner")
    }
    objects = {"office": meeting, "school": student, **actions}

    pdf = s.small_pdf("evidence")

    def attach(obj: Any, name: str) -> Any:
        # rows only: the bytes are written when a test asks for the URL (each
        # test has its own file folder; see `attachment_pk`)
        key = _target(obj)
        stored = StoredFile.objects.create(
            district=world.district,
            name=f"d{world.district.pk}/matrix/{key}.pdf",
            filename=name,
            size=len(pdf),
            content_type="application/pdf",
            kind="pdf",
            sha256="0" * 64,
        )
        return Attachment.objects.create(
            district=world.district,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            file=stored,
            created_by=coordinator,
        )

    attachments = {
        "office": attach(meeting, "서명된 회의록.pdf"),
        "school": attach(student, f"{MARKER}.pdf"),
        "company": attach(actions["company"], "완료 증빙.pdf"),
        "partner": attach(actions["partner"], "협력기관 증빙.pdf"),
    }

    def attachment_pk(org: str) -> int:
        attachment = attachments[org]
        storage = files.storage()
        if not storage.exists(attachment.file.name):
            storage.save(attachment.file.name, ContentFile(pdf))
        return attachment.pk

    return {
        "sharing_target": lambda org: _target(objects[org]),
        "sharing_attachment": attachment_pk,
    }
