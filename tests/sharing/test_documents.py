"""The documents library (issue 15 point 1 and 5): create, versions, download,
search (file text of docx/xlsx/HWPX/PDF, Korean queries), audience in and out,
404 on guessed ids, quota, refused files, the access record."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from mujigae.core.models import AuditEntry
from mujigae.partners.models import OrgKind
from mujigae.sharing import document_selectors as selectors
from mujigae.sharing import documents as services
from mujigae.sharing import stored
from mujigae.sharing.models import (
    Document,
    DocumentAccess,
    DocumentTag,
    DocumentVersion,
    Folder,
    StoredFile,
)
from tests import factories as f
from tests.sharing.doc_helpers import (
    docx_bytes,
    form_data,
    hwpx_bytes,
    make_document,
    pdf_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00" + b"\x00" * 200


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --------------------------------------------------------------------------
# create, version, download


def test_a_partner_shares_a_document_through_the_page(world, files_dir):
    partner = world.users["partner"]
    folder = services.folder_create(actor=partner, district=world.district, name="회의자료")
    data = form_data(
        "2025 현장실습 운영계획",
        kinds=[OrgKind.SCHOOL],
        tags="현장실습, 로봇 ,현장실습",
        folder=str(folder.pk),
        description="학교에 공유합니다",
        note="초안",
    )
    data["file"] = upload("운영계획.docx", docx_bytes("용접 로봇 실습 일정"))
    response = _client(partner).post(reverse("sharing:document_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get()
    assert response["Location"] == reverse("sharing:document_detail", args=[doc.pk])
    assert doc.owner_org == world.partner and doc.created_by == partner
    assert doc.folder == folder
    assert list(doc.tags.order_by("pk").values_list("tag", flat=True)) == ["현장실습", "로봇"]
    assert list(doc.audience.entries.values_list("org_kind", flat=True)) == [OrgKind.SCHOOL]
    version = doc.versions.get()
    assert version.number == 1 and version.note == "초안"
    assert version.file.filename == "운영계획.docx" and version.file.kind == "docx"
    assert "용접 로봇" in version.file.text
    assert " 용접 " in doc.search_tokens and " 로봇 " in doc.search_tokens
    assert len(_stored_files(files_dir)) == 1
    assert AuditEntry.objects.filter(object_type="sharing.Document", action="create").count() == 1


def test_versions_are_kept_and_the_korean_name_survives_the_download(world):
    partner = world.users["partner"]
    sent = {text: hwpx_bytes(text) for text in ("초안 검토", "수정 의견", "최종 서명")}
    doc = make_document(
        partner,
        "협약서",
        kinds=[OrgKind.SCHOOL],
        filename="협약서.hwpx",
        data=sent["초안 검토"],
    )
    c = _client(partner)
    for text in ("수정 의견", "최종 서명"):
        r = c.post(
            reverse("sharing:version_upload", args=[doc.pk]),
            {"file": upload("협약서.hwpx", sent[text]), "note": "서명 반영"},
        )
        assert r.status_code == 302
    versions = list(doc.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    # two uploads of the same name: both kept under different storage names
    assert len({v.file.name for v in versions}) == 3
    doc.refresh_from_db()
    # the current version's text is searched, the older ones' not
    assert " 최종 " in doc.search_tokens and " 초안 " not in doc.search_tokens
    school = _client(world.users["school"])
    for v, text in zip(versions, ("초안 검토", "수정 의견", "최종 서명"), strict=True):
        r = school.get(reverse("sharing:version_download", args=[v.pk]))
        assert r.status_code == 200
        assert "filename*=utf-8''%ED%98%91%EC%95%BD%EC%84%9C.hwpx" in r["Content-Disposition"]
        assert _body(r) == sent[text]
    page = school.get(reverse("sharing:document_detail", args=[doc.pk])).content.decode()
    assert page.count("협약서.hwpx") >= 3 and "서명 반영" in page
    assert AuditEntry.objects.filter(object_type="sharing.Document", action="update").count() == 2


def test_every_view_and_download_is_recorded_and_the_owner_reads_the_record(world):
    partner, school = world.users["partner"], world.users["school"]
    doc = make_document(partner, "기자재 목록", kinds=[OrgKind.SCHOOL])
    version = doc.versions.get()
    c = _client(school)
    c.get(reverse("sharing:document_detail", args=[doc.pk]))
    c.get(reverse("sharing:version_download", args=[version.pk]))
    rows = list(DocumentAccess.objects.order_by("pk").values_list("user", "action", "version"))
    assert rows == [(school.pk, "view", version.pk), (school.pk, "download", version.pk)]
    # the owner's staff read the record; an insider who is not the owner does not
    owner = _client(partner)
    page = owner.get(reverse("sharing:document_log", args=[doc.pk]))
    assert page.status_code == 200 and "시험고등학교" in page.content.decode()
    xlsx = owner.get(reverse("sharing:document_log_export", args=[doc.pk]))
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    assert c.get(reverse("sharing:document_log", args=[doc.pk])).status_code == 403


def test_edit_changes_metadata_and_audience_and_delete_is_soft(world, files_dir):
    partner, school, company = (world.users[k] for k in ("partner", "school", "company"))
    doc = make_document(partner, "공유 자료", kinds=[OrgKind.SCHOOL], tags="예산")
    c = _client(partner)
    data = form_data("공유 자료(수정)", kinds=[OrgKind.COMPANY], tags="예산, 집행")
    r = c.post(reverse("sharing:document_edit", args=[doc.pk]), data)
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.title == "공유 자료(수정)"
    assert set(doc.tags.values_list("tag", flat=True)) == {"예산", "집행"}
    assert selectors.document_list(user=company).filter(pk=doc.pk).exists()
    assert not selectors.document_list(user=school).filter(pk=doc.pk).exists()
    # a school cannot edit it (it no longer even sees it)
    assert _client(school).get(reverse("sharing:document_edit", args=[doc.pk])).status_code == 404
    # a company in the audience sees but cannot change it
    assert _client(company).get(reverse("sharing:document_edit", args=[doc.pk])).status_code == 403
    r = c.post(reverse("sharing:document_delete", args=[doc.pk]), {"confirm": "on"})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.deleted_at is not None
    assert StoredFile.objects.get().deleted_at is not None
    assert (
        _client(company).get(reverse("sharing:document_detail", args=[doc.pk])).status_code == 404
    )
    assert AuditEntry.objects.filter(object_type="sharing.Document", action="delete").exists()


def test_students_never_create_and_the_ministry_is_refused(world):
    student = _client(world.users["student"])
    assert student.get(reverse("sharing:documents")).status_code == 200
    assert student.get(reverse("sharing:document_create")).status_code == 403
    assert _client(world.users["ministry"]).get(reverse("sharing:documents")).status_code == 403


def test_a_coordinator_without_an_organisation_owns_as_the_district_office(world):
    coordinator = world.users["coordinator"]
    coordinator.organisation = None
    coordinator.save()
    doc = make_document(coordinator, "지구 공지 자료", everyone=True)
    assert doc.owner_org is None


# --------------------------------------------------------------------------
# audience: inside and outside


def test_audience_inside_and_outside(world):
    u = world.users
    school_b = f.UserFactory(
        username="school_b",
        role="school",
        district=world.district,
        organisation=f.OrganisationFactory(district=world.district, kind=OrgKind.SCHOOL),
    )
    schools = make_document(u["partner"], "학교 전용", kinds=[OrgKind.SCHOOL])
    listed = make_document(u["partner"], "가나로봇 전용", orgs=[world.company])
    coordinators = make_document(u["partner"], "코디네이터 전용", roles=["coordinator"])
    students = make_document(u["school"], "학생 공지 자료", roles=["student"])
    everyone = make_document(u["partner"], "지구 전체 자료", everyone=True)

    def sees(user) -> set[str]:
        return set(selectors.document_list(user=user).values_list("title", flat=True))

    assert sees(u["school"]) == {"학교 전용", "학생 공지 자료", "지구 전체 자료"}
    assert sees(school_b) == {"학교 전용", "지구 전체 자료"}
    assert sees(u["company"]) == {"가나로봇 전용", "지구 전체 자료"}
    assert sees(u["company_b"]) == {"지구 전체 자료"}
    assert sees(u["coordinator"]) == {"코디네이터 전용", "지구 전체 자료"}
    assert sees(u["student"]) == {"학생 공지 자료"}  # never part of "everyone"
    assert sees(u["partner"]) == {"학교 전용", "가나로봇 전용", "코디네이터 전용", "지구 전체 자료"}
    assert sees(u["other_company"]) == set() and sees(u["other_coordinator"]) == set()
    del schools, listed, coordinators, students, everyone


@pytest.mark.parametrize(
    "outsider",
    ["company", "company_b", "student", "other_coordinator", "other_company", "coordinator"],
)
def test_outsiders_get_404_on_every_document_url_including_guessed_ids(world, outsider):
    doc = make_document(world.users["partner"], "SECRET-학교 전용", kinds=[OrgKind.SCHOOL])
    version = doc.versions.get()
    c = _client(world.users[outsider])
    urls = [
        reverse("sharing:document_detail", args=[doc.pk]),
        reverse("sharing:version_download", args=[version.pk]),
    ]
    if outsider != "student":  # students are refused these routes outright (403)
        urls += [
            reverse("sharing:document_edit", args=[doc.pk]),
            reverse("sharing:document_delete", args=[doc.pk]),
            reverse("sharing:version_upload", args=[doc.pk]),
            reverse("sharing:document_log", args=[doc.pk]),
            reverse("sharing:document_log_export", args=[doc.pk]),
        ]
    for url in urls:
        assert c.get(url).status_code == 404, url
    # guessed ids: the next ones, which do not exist, look the same
    for guess in (doc.pk + 1, version.pk + 7, 999999):
        assert c.get(reverse("sharing:document_detail", args=[guess])).status_code == 404
        assert c.get(reverse("sharing:version_download", args=[guess])).status_code == 404
    listing = c.get(reverse("sharing:documents") + "?q=전용")
    assert "SECRET-학교 전용" not in listing.content.decode()
    assert not DocumentAccess.objects.exists()


def test_a_post_by_an_outsider_changes_nothing(world):
    doc = make_document(world.users["partner"], "원본 제목", kinds=[OrgKind.SCHOOL])
    c = _client(world.users["company"])
    r = c.post(
        reverse("sharing:document_edit", args=[doc.pk]), form_data("바뀐 제목", everyone=True)
    )
    assert r.status_code == 404
    r = c.post(reverse("sharing:document_delete", args=[doc.pk]), {"confirm": "on"})
    assert r.status_code == 404
    doc.refresh_from_db()
    assert doc.title == "원본 제목" and doc.deleted_at is None


# --------------------------------------------------------------------------
# search


def test_search_by_title_tag_and_file_text_in_korean(world):
    partner, school = world.users["partner"], world.users["school"]
    make_document(
        partner,
        "회의록",
        kinds=[OrgKind.SCHOOL],
        filename="회의록.docx",
        data=docx_bytes("협동로봇 안전교육 일정을 논의했다"),
    )
    make_document(
        partner,
        "예산표",
        kinds=[OrgKind.SCHOOL],
        filename="예산.xlsx",
        data=xlsx_bytes([["항목", "금액"], ["용접 실습 재료비", "300000"]]),
    )
    make_document(
        partner,
        "협약 문서",
        kinds=[OrgKind.SCHOOL],
        filename="협약.hwpx",
        data=hwpx_bytes("산학협력 협약서 서명본"),
    )
    make_document(
        partner,
        "Report",
        kinds=[OrgKind.SCHOOL],
        filename="report.pdf",
        data=pdf_bytes("Spindle maintenance checklist"),
    )
    make_document(partner, "교육과정 안내", kinds=[OrgKind.SCHOOL], tags="스마트팩토리")

    def found(q="", tag="") -> set[str]:
        return set(
            selectors.document_list(user=school, q=q, tag=tag).values_list("title", flat=True)
        )

    assert found("협동로봇 안전교육") == {"회의록"}  # docx text, Korean, every token
    assert found("협동로봇을") == {"회의록"}  # a particle changes nothing
    assert found("재료비") == {"예산표"}  # xlsx cells
    assert found("협약서") == {"협약 문서"}  # HWPX
    assert found("maintenance") == {"Report"}  # PDF (pypdf)
    assert found("스마트팩토리") == {"교육과정 안내"}  # a tag
    assert found("교육과정") == {"교육과정 안내"}  # the title
    assert found("협동로봇 재료비") == set()  # all tokens, not any
    assert found(tag="스마트팩토리") == {"교육과정 안내"}
    r = _client(school).get(reverse("sharing:documents") + "?q=협약서")
    assert "협약 문서" in r.content.decode() and "회의록" not in r.content.decode()


def test_the_list_query_count_does_not_grow_with_documents(world, django_assert_max_num_queries):
    partner, school = world.users["partner"], world.users["school"]
    folder = services.folder_create(actor=partner, district=world.district, name="자료")
    for i in range(3):
        make_document(partner, f"문서 {i}", kinds=[OrgKind.SCHOOL], tags="a, b", folder=folder)
    c = _client(school)
    c.get(reverse("sharing:documents"))  # warm (session, Kiwi)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert c.get(reverse("sharing:documents") + "?q=문서").status_code == 200
    for i in range(3, 40):
        make_document(partner, f"문서 {i}", kinds=[OrgKind.SCHOOL], tags="a, b", folder=folder)
    with CaptureQueriesContext(connection) as large:
        assert c.get(reverse("sharing:documents") + "?q=문서").status_code == 200
    assert len(large) == len(small)


# --------------------------------------------------------------------------
# bad files, quota


def _ko(message: str, **params) -> str:
    """The page's text for a message (Korean when the catalogue has it)."""
    from django.utils import translation
    from django.utils.html import escape

    with translation.override("ko"):
        return escape(translation.gettext(message) % params)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("빈파일.pdf", b"", "The submitted file is empty."),  # Django's own check
        ("보고서.pdf", EXE, "The file “%(name)s” is a program or script, which cannot be shared."),
        (
            "압축.zip",
            b"PK\x05\x06" + b"\x00" * 18,
            "The file “%(name)s” is a zip archive. Unpack it and upload the files in it "
            "one by one.",
        ),
    ],
)
def test_refused_files_store_nothing(world, files_dir, name, data, message):
    c = _client(world.users["partner"])
    form = form_data("거부될 자료", kinds=[OrgKind.SCHOOL])
    form["file"] = upload(name, data)
    r = c.post(reverse("sharing:document_create"), form)
    assert r.status_code in (400, 422)
    assert _ko(message, name=name) in r.content.decode()
    assert not Document.objects.exists() and not StoredFile.objects.exists()
    assert _stored_files(files_dir) == []


def test_an_oversized_upload_is_refused_in_korean(world, files_dir, settings):
    settings.MUJIGAE_FILES_MAX_BYTES = 1000
    c = _client(world.users["partner"])
    form = form_data("큰 자료", kinds=[OrgKind.SCHOOL])
    # random text: the zip cannot squeeze it under the limit
    form["file"] = upload("큰파일.docx", docx_bytes(secrets.token_hex(3000)))
    r = c.post(reverse("sharing:document_create"), form)
    assert r.status_code == 422
    assert (
        _ko(
            "The file “%(name)s” is too large; the limit is %(limit)s.",
            name="큰파일.docx",
            limit="1000바이트",
        )
        in r.content.decode()
        or "큰파일.docx" in r.content.decode()
    )
    assert not StoredFile.objects.exists() and _stored_files(files_dir) == []


def test_the_district_quota_is_refused_in_korean_and_stores_nothing(world, files_dir, settings):
    partner = world.users["partner"]
    make_document(partner, "첫 자료", kinds=[OrgKind.SCHOOL])
    used = stored.district_usage(world.district.pk)
    settings.MUJIGAE_FILES_DISTRICT_QUOTA_BYTES = used + 100
    c = _client(partner)
    form = form_data("두 번째 자료", kinds=[OrgKind.SCHOOL])
    form["file"] = upload("둘째.docx", docx_bytes("내용" * 200))
    r = c.post(reverse("sharing:document_create"), form)
    assert r.status_code == 413
    assert "저장 공간" in r.content.decode()
    assert Document.objects.count() == 1 and StoredFile.objects.count() == 1
    assert len(_stored_files(files_dir)) == 1
    # another district's files do not count
    assert stored.district_usage(world.other_district.pk) == 0


def test_a_database_failure_after_storing_leaves_no_orphan(world, files_dir, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "stored_file_create", boom)
    with pytest.raises(RuntimeError):
        make_document(world.users["partner"], "중단", kinds=[OrgKind.SCHOOL])
    assert _stored_files(files_dir) == [] and not Document.objects.exists()


def test_bad_tags_and_missing_audience_are_korean_422(world):
    c = _client(world.users["partner"])
    form = form_data("태그 오류", kinds=[OrgKind.SCHOOL], tags="가" * 60)
    form["file"] = upload("a.docx", docx_bytes("x"))
    r = c.post(reverse("sharing:document_create"), form)
    assert r.status_code == 422 and "태그" in r.content.decode()
    form = form_data("공유 대상 없음")
    form["file"] = upload("a.docx", docx_bytes("x"))
    r = c.post(reverse("sharing:document_create"), form)
    assert r.status_code == 422 and "누구와 공유할지" in r.content.decode()
    assert not StoredFile.objects.exists()


# --------------------------------------------------------------------------
# folders


def test_folders_are_made_renamed_and_deleted_only_when_empty(world):
    school = world.users["school"]
    c = _client(school)
    r = c.post(reverse("sharing:folder_create"), {"name": "교육과정"})
    assert r.status_code == 302
    folder = Folder.objects.get()
    r = c.post(reverse("sharing:folder_create"), {"name": "2025", "parent": folder.pk})
    child = Folder.objects.get(name="2025")
    assert child.parent == folder
    assert c.post(reverse("sharing:folder_create"), {"name": "교육과정"}).status_code == 409
    assert (
        c.post(reverse("sharing:folder_edit", args=[folder.pk]), {"name": "교육 과정"}).status_code
        == 302
    )
    folder.refresh_from_db()
    assert folder.name == "교육 과정"
    # not empty: a sub-folder
    r = c.post(reverse("sharing:folder_delete", args=[folder.pk]), {"confirm": "on"})
    assert r.status_code == 409 and Folder.objects.filter(pk=folder.pk).exists()
    doc = make_document(school, "안의 문서", kinds=[OrgKind.SCHOOL], folder=child)
    r = c.post(reverse("sharing:folder_delete", args=[child.pk]), {"confirm": "on"})
    assert r.status_code == 409
    services.document_delete(actor=school, document=doc)
    assert (
        c.post(reverse("sharing:folder_delete", args=[child.pk]), {"confirm": "on"}).status_code
        == 302
    )
    # a company may not rename the school's folder (403), another district: 404
    assert (
        _client(world.users["company"])
        .post(reverse("sharing:folder_edit", args=[folder.pk]), {"name": "x"})
        .status_code
        == 403
    )
    assert (
        _client(world.users["other_coordinator"])
        .get(reverse("sharing:folder_edit", args=[folder.pk]))
        .status_code
        == 404
    )
    page = c.get(reverse("sharing:documents") + f"?folder={folder.pk}").content.decode()
    assert "교육 과정" in page
    assert DocumentTag.objects.count() == 0 and DocumentVersion.objects.count() == 1


def test_a_student_of_the_owner_school_reads_the_document_but_not_its_record(world):
    doc = make_document(world.users["school"], "학생 안내문", roles=["student"])
    student = world.users["student"]
    assert not selectors.record_allowed(student, doc)
    page = _client(student).get(reverse("sharing:document_detail", args=[doc.pk]))
    assert page.status_code == 200
    assert reverse("sharing:document_log", args=[doc.pk]) not in page.content.decode()
    assert selectors.record_allowed(world.users["school"], doc)


def test_a_long_list_counts_no_further_than_its_cap_and_says_so(world, monkeypatch):
    """Past the cap the page says "more than N — narrow it" instead of counting
    every document; below it, the exact number."""
    from mujigae.sharing import document_views

    partner, school = world.users["partner"], world.users["school"]
    for i in range(4):
        make_document(partner, f"안내문 {i}", kinds=[OrgKind.SCHOOL])
    monkeypatch.setattr(document_views, "LIST_CAP", 3)
    monkeypatch.setattr(document_views, "PER_PAGE", 2)
    c = _client(school)
    html = c.get(reverse("sharing:documents")).content.decode()
    assert 'data-testid="count-capped"' in html and "3건이 넘습니다" in html
    monkeypatch.setattr(document_views, "LIST_CAP", 10)
    html = c.get(reverse("sharing:documents")).content.decode()
    assert 'data-testid="count-capped"' not in html and "총 4건" in html
