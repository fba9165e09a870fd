"""Access matrix part: the documents library (sharing, issue 15 point 1 and 5).

Product rules (docs/sharing-documents.md), written by hand:

* The fixture document is owned by the partner (a "technopark": the
  partner persona's organisation) and shared with the organisation kind
  "school" only. So the partner (owner) and both schools (school, school_b)
  read it, its versions and downloads (200); the companies (company,
  company_b), the second partner (partner_b) and the student get 404 for
  every URL of it — outside the audience, missing and forbidden look alike.
* The coordinator is **not** in that audience and gets 404 too: a district
  coordinator sees the documents shared with them (the whole district, the
  role "coordinator", their own organisation …), not every partner's files.
  Had the partner shared it with them, they could also change it (the
  district's coordinators change what they see).
* Changing it (edit, delete, a new version) is for the owner's staff (the
  partner); a school that reads it gets 403 there. The record of views and
  downloads is for the owner's staff and the district's coordinators (who see
  the document): the partner only, here; a reading school gets 403.
* The list and the folders: every district member and students read the
  list (each sees what is shared with them); members create documents and
  folders (an empty POST: 422). A folder is renamed or deleted by whoever
  made it (the partner, here) and by the coordinators.
* The ministry: nothing (403 on every route); anonymous: the login page.
* The document's title holds MARKER: no company, partner_b or student page
  may show it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from mujigae.core.files import open_stored, storage
from mujigae.partners.models import OrgKind
from mujigae.sharing import documents as services
from tests.core.matrix_expect import (
    COORD,
    MEMBERS,
    NOBODY,
    PARTNER,
    SCHOOL,
    SCHOOL_B,
    STUDENT,
    Expect,
    R,
)
from tests.sharing.doc_helpers import make_document

READERS = MEMBERS | {STUDENT}
AUDIENCE = R({PARTNER, SCHOOL})  # the owner and the schools
OWNER = R({PARTNER})
DOC = {"obj": "sharing_document"}
IN_AUDIENCE = {"peer_read": R({SCHOOL_B}), "peer_write": NOBODY}  # school_b: a school too
NOT_PEERS = {"peer_read": NOBODY, "peer_write": NOBODY}

EXPECTED: dict[str, Expect] = {
    # each sees what is shared with them; POST: no such method for anyone
    "sharing:documents": Expect(READERS, NOBODY),
    # an empty POST: the form's errors (422), nothing stored
    "sharing:document_create": Expect(MEMBERS, MEMBERS),
    "sharing:document_detail": Expect(AUDIENCE, NOBODY, **DOC, **IN_AUDIENCE),
    "sharing:document_edit": Expect(OWNER, OWNER, **DOC, **NOT_PEERS),
    "sharing:document_delete": Expect(OWNER, OWNER, **DOC, **NOT_PEERS),
    "sharing:version_upload": Expect(OWNER, OWNER, **DOC, **NOT_PEERS),
    "sharing:version_download": Expect(AUDIENCE, NOBODY, obj="sharing_version", **IN_AUDIENCE),
    "sharing:document_log": Expect(OWNER, NOBODY, **DOC, **NOT_PEERS),
    "sharing:document_log_export": Expect(OWNER, NOBODY, **DOC, **NOT_PEERS),
    "sharing:folder_create": Expect(MEMBERS, MEMBERS),
    "sharing:folder_edit": Expect(COORD | OWNER, COORD | OWNER, obj="sharing_folder", **NOT_PEERS),
    "sharing:folder_delete": Expect(
        COORD | OWNER, COORD | OWNER, obj="sharing_folder", **NOT_PEERS
    ),
}

SHARED_KINDS: set[str] = set()
OWNED_KINDS: set[str] = {"sharing_document", "sharing_version", "sharing_folder"}
# Shared per object (an audience): whoever is outside it gets 404, whatever their role.
AUDIENCE_KINDS: set[str] = {"sharing_document", "sharing_version"}
MARKER = "DOC-테크노파크-학교전용"
SECRETS: dict[str, set[str]] = {"company_b": {MARKER}, "partner_b": {MARKER}}


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    partner = world.users["partner"]
    folder = services.folder_create(actor=partner, district=world.district, name="회의자료")
    document = make_document(
        partner,
        f"{MARKER} 교육과정 협의자료",
        kinds=[OrgKind.SCHOOL],
        tags="교육과정",
        folder=folder,
    )
    version = document.versions.get()
    with open_stored(version.file.name) as fh:
        content = fh.read()

    def version_pk(org: str) -> int:
        # The matrix's data outlives a test; each test stores files in a
        # folder of its own (tests/conftest.py): put the file back there.
        if not storage().exists(version.file.name):
            storage().save(version.file.name, ContentFile(content))
        return version.pk

    return {
        "sharing_document": lambda org: document.pk,
        "sharing_version": version_pk,
        "sharing_folder": lambda org: folder.pk,
    }
