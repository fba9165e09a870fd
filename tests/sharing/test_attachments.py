"""Attachments on other apps' objects (issue 15 point 3): upload, download and
delete on every attachable object; an attachment is seen exactly by those who
see its object (404 for anyone else, guessed ids included)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mujigae.core.models import AuditEntry
from mujigae.sharing.models import Attachment, StoredFile
from tests import filesamples as s
from tests.sharing import attachment_helpers as h

pytestmark = pytest.mark.django_db

# who adds files to each kind of object (besides the coordinator), who only reads
ADDERS = {
    "meeting": set(),
    "action": {"company"},  # the owner of the action item
    "commitment": {"company"},  # the party of the commitment
    "proposal": {"company", "school"},  # the proposer and the programme's provider
    "slot": {"company"},  # the slot's company
    "spending": {"school"},  # the organisation running the project
    "student": {"school"},  # the student's school
}
READERS = {
    "meeting": {"coordinator", "school", "company", "company_b", "partner", "ministry"},
    "action": {"coordinator", "company", "ministry"},  # the owner's organisation only
    "commitment": {"coordinator", "school", "company", "company_b", "partner", "ministry"},
    "proposal": {"coordinator", "school", "company"},
    "slot": {"coordinator", "school", "company", "student"},  # an open slot
    "spending": {"coordinator", "school"},
    "student": {"coordinator", "school", "student"},
}


@pytest.fixture
def objs(world):
    return h.objects(world)


def upload_url(obj) -> str:
    return reverse("sharing:attachment_upload", args=[f"{obj._meta.label_lower}-{obj.pk}"])


def post_file(client, obj, name="회의록(서명).pdf", data=None, next_url=""):
    return client.post(
        upload_url(obj),
        {
            "attachment-file": SimpleUploadedFile(
                name, s.small_pdf("signed") if data is None else data
            ),
            "attachment-label": "서명본",
            "next": next_url,
        },
    )


@pytest.mark.parametrize("kind", sorted(ADDERS))
def test_who_may_attach_to_each_kind_of_object(world, objs, client, kind):
    obj = objs[kind]
    for role in ("coordinator", "school", "company", "partner", "student", "ministry"):
        client.force_login(world.users[role])
        response = post_file(client, obj, name=f"{role}.pdf")
        allowed = role == "coordinator" or role in ADDERS[kind]
        created = Attachment.objects.filter(file__filename=f"{role}.pdf").exists()
        assert created == allowed, (kind, role, response.status_code)
        if not allowed:
            # cannot see it: 404; sees it but may not add: 403 (ministry/students: route)
            assert response.status_code in (403, 404), (kind, role)
            if role not in READERS[kind]:
                assert response.status_code in (403, 404)
        else:
            assert response.status_code == 302


@pytest.mark.parametrize("kind", sorted(READERS))
def test_an_attachment_is_seen_by_exactly_those_who_see_its_object(world, objs, client, kind):
    attachment = h.attach(objs[kind], world.users["coordinator"])
    url = reverse("sharing:attachment_download", args=[attachment.pk])
    for role in (
        "coordinator",
        "school",
        "company",
        "company_b",
        "partner",
        "student",
        "ministry",
        "other_coordinator",
        "other_company",
    ):
        client.force_login(world.users[role])
        response = client.get(url)
        if role in READERS[kind]:
            assert response.status_code == 200, (kind, role)
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        else:
            assert response.status_code in (403, 404), (kind, role, response.status_code)
            if role in ("company_b", "other_coordinator", "other_company") or (
                role in ("school", "company", "partner", "coordinator")
            ):
                assert response.status_code == 404, (kind, role)


def test_a_company_cannot_download_a_proposal_attachment_it_cannot_see(world, objs, client):
    attachment = h.attach(objs["proposal"], world.users["company"], name="강의계획서.pdf")
    client.force_login(world.users["company_b"])
    assert (
        client.get(reverse("sharing:attachment_download", args=[attachment.pk])).status_code == 404
    )
    assert client.get(reverse("sharing:attachment_delete", args=[attachment.pk])).status_code == 404
    assert post_file(client, objs["proposal"]).status_code == 404
    page = reverse("sharing:attachments", args=[f"curriculum.moduleproposal-{objs['proposal'].pk}"])
    assert client.get(page).status_code == 404


def test_guessed_and_unknown_ids_are_404(world, objs, client):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("sharing:attachment_download", args=[999_999])).status_code == 404
    assert client.get(reverse("sharing:attachments", args=["core.user-1"])).status_code == 404
    assert (
        client.get(reverse("sharing:attachments", args=["governance.meeting-999999"])).status_code
        == 404
    )
    assert post_file(client, objs["meeting"]).status_code == 302
    client.force_login(world.users["other_coordinator"])
    attachment = Attachment.objects.get()
    assert (
        client.get(reverse("sharing:attachment_download", args=[attachment.pk])).status_code == 404
    )
    assert post_file(client, objs["meeting"]).status_code == 404


def test_upload_lists_and_downloads_with_the_korean_name(world, objs, client):
    meeting = objs["meeting"]
    client.force_login(world.users["coordinator"])
    detail = reverse("governance:meeting_detail", args=[meeting.pk])
    response = post_file(client, meeting, name="2025 운영위원회 회의록(서명).pdf", next_url=detail)
    assert response.status_code == 302 and response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "2025 운영위원회 회의록(서명).pdf" in page
    assert "서명본" in page
    attachment = Attachment.objects.get()
    assert attachment.file.kind == "pdf" and attachment.created_by == world.users["coordinator"]
    assert AuditEntry.objects.filter(object_type="sharing.Attachment", action="create").exists()
    client.force_login(world.users["partner"])
    response = client.get(reverse("sharing:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert (
        "filename*=utf-8''" + quote("2025 운영위원회 회의록(서명).pdf")
        in response["Content-Disposition"]
    )


def test_the_panel_shows_the_form_only_to_those_who_may_add(world, objs, client):
    slot = objs["slot"]
    detail = reverse("placements:slot_detail", args=[slot.pk])
    client.force_login(world.users["company"])
    assert 'data-testid="attachment-form"' in client.get(detail).content.decode()
    client.force_login(world.users["school"])
    page = client.get(detail).content.decode()
    assert 'data-testid="attachments"' in page and 'data-testid="attachment-form"' not in page


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("계약서.pdf", b"MZ\x90\x00" + b"\0" * 100, "프로그램"),
        ("빈파일.pdf", b"", ""),
        ("사진인데.pdf", s.png(), "이미지"),
        ("자료.zip", s.zipped({"a.txt": "a"}), "압축"),
    ],
)
def test_a_bad_file_gets_a_korean_message_and_nothing_is_stored(
    world, objs, client, files_dir, name, data, words
):
    client.force_login(world.users["coordinator"])
    response = post_file(client, objs["meeting"], name=name, data=data)
    assert response.status_code in (400, 422)
    page = response.content.decode()
    assert words in page
    assert not Attachment.objects.exists() and not StoredFile.objects.exists()
    assert not any(files_dir.rglob("*.*")) if files_dir.exists() else True


def test_an_oversized_upload_is_refused_in_korean_and_not_stored(
    world, objs, client, settings, files_dir
):
    settings.MUJIGAE_FILES_MAX_BYTES = 50 * 1024
    client.force_login(world.users["coordinator"])
    response = post_file(client, objs["meeting"], data=s.small_pdf("x") + b"\0" * 200_000)
    assert response.status_code in (400, 422)
    assert "너무 큽니다" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_the_district_quota_refuses_a_file_that_does_not_fit(world, objs, client, settings):
    settings.MUJIGAE_FILES_DISTRICT_QUOTA_BYTES = 2000
    client.force_login(world.users["coordinator"])
    assert post_file(client, objs["meeting"], name="a.pdf").status_code == 302
    response = post_file(
        client, objs["meeting"], name="b.pdf", data=s.small_pdf("x") + b"\0" * 1500
    )
    assert response.status_code == 413
    assert "저장 공간이 부족합니다" in response.content.decode()
    assert StoredFile.objects.count() == 1


def test_a_get_on_the_upload_route_is_405(world, objs, client):
    client.force_login(world.users["coordinator"])
    assert client.get(upload_url(objs["meeting"])).status_code == 405


def test_delete_is_soft_behind_a_confirmation(world, objs, client, files_dir):
    attachment = h.attach(objs["action"], world.users["company"])
    url = reverse("sharing:attachment_delete", args=[attachment.pk])
    client.force_login(world.users["partner"])  # does not see the company's item
    assert client.get(url).status_code == 404
    client.force_login(world.users["ministry"])  # sees it, never writes
    assert client.get(url).status_code == 403
    client.force_login(world.users["company"])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 422  # the box not ticked
    assert client.post(url, {"confirm": "on"}).status_code == 302
    attachment.refresh_from_db()
    assert attachment.deleted_at is not None and attachment.file.deleted_at is not None
    # gone for everyone, the bytes kept until the purge
    assert (
        client.get(reverse("sharing:attachment_download", args=[attachment.pk])).status_code == 404
    )
    assert (files_dir / attachment.file.name).exists()
    assert AuditEntry.objects.filter(object_type="sharing.Attachment", action="delete").exists()


def test_the_uploader_may_delete_their_own_file(world, objs, client):
    attachment = h.attach(objs["proposal"], world.users["school"])  # the provider
    client.force_login(world.users["school"])
    url = reverse("sharing:attachment_delete", args=[attachment.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 302


def test_spending_rows_link_to_their_receipts_page(world, objs, client):
    spending = objs["spending"]
    client.force_login(world.users["school"])
    rows = client.get(reverse("budget:spending_list", args=[2026])).content.decode()
    link = reverse("sharing:attachments", args=[f"budget.spending-{spending.pk}"])
    assert link in rows
    page = client.get(link)
    assert page.status_code == 200 and 'data-testid="attachment-form"' in page.content.decode()
    assert post_file(client, spending, name="영수증.pdf", next_url=link)["Location"] == link
    assert "영수증.pdf" in client.get(link).content.decode()


def test_a_students_files_are_in_the_personal_data_access_log(world, objs, client):
    """A file on a student's record is personal data: adding, downloading and
    deleting it each leave an access-log row (who, what, the student)."""
    from mujigae.students.models import AccessLog

    student = objs["student"]
    client.force_login(world.users["school"])
    assert post_file(client, student, name="자격증 사본.pdf").status_code == 302
    attachment = Attachment.objects.get(object_id=student.pk, deleted_at__isnull=True)
    response = client.get(reverse("sharing:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    delete = reverse("sharing:attachment_delete", args=[attachment.pk])
    assert client.post(delete, {"confirm": "on"}).status_code == 302
    rows = AccessLog.objects.filter(student=student).order_by("pk")
    assert [r.action for r in rows] == ["input", "download", "delete"]
    assert {r.who_id for r in rows} == {world.users["school"].pk}
    # a meeting's minutes are not personal data: nothing logged
    client.force_login(world.users["coordinator"])
    assert post_file(client, objs["meeting"]).status_code == 302
    assert AccessLog.objects.count() == 3
