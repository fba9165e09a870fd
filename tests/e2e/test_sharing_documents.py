"""The documents library in a real browser (issue 15): a technopark (the
partner persona) uploads a document and shares it with the schools only; a
school finds it by a word of the file's text and downloads it (the Korean
file name survives); a company cannot find it (the search shows nothing) and
its address answers 404."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from mujigae.sharing.models import Document, DocumentAccess
from tests.e2e.conftest import ko, login, logout, shot

pytestmark = pytest.mark.e2e

TITLE = "테크노파크 로봇 실습장 이용 안내"
FILE_TEXT = "협동로봇 실습장 예약 방법과 안전수칙"


def _docx(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            f"<w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


def test_a_technopark_shares_with_the_schools_only(ansan, page, tmp_path):
    path = tmp_path / "실습장_이용안내.docx"
    path.write_bytes(_docx(FILE_TEXT))

    # the partner: the menu, a new document, the schools only
    login(page, "partner")
    page.get_by_role("link", name=ko("Documents and notices")).click()
    page.wait_for_url("**/sharing/")
    page.get_by_test_id("new-document").click()
    page.wait_for_url("**/sharing/documents/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_tags", "실습장, 로봇")
    page.set_input_files("#id_file", str(path))
    page.check("input[name=audience_kinds][value=school]")
    shot(page, "sharing-document-new")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Share")).click()
    assert page.get_by_test_id("document-title").inner_text() == TITLE
    assert ko("every %(kind)s") % {"kind": ko("Vocational high school")} in (
        page.get_by_test_id("audience").inner_text()
    )
    document = Document.objects.get(title=TITLE)
    assert document.owner_org.name == "안산상공회의소"
    logout(page)

    # a school: finds it by a word of the file, opens it, downloads it
    login(page, "school")
    page.goto("/sharing/")
    page.get_by_test_id("document-search").fill("안전수칙")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Search"), exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/sharing/documents/{document.pk}/")
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    download = info.value
    assert download.suggested_filename == "실습장_이용안내.docx"
    assert Path(download.path()).read_bytes() == path.read_bytes()
    assert set(DocumentAccess.objects.values_list("action", flat=True)) == {"view", "download"}
    logout(page)

    # a company: the search finds nothing, the address is a 404
    login(page, "company")
    page.goto("/sharing/")
    page.get_by_test_id("document-search").fill("안전수칙")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Search"), exact=True).click()
    assert page.get_by_test_id("no-documents").is_visible()
    assert TITLE not in page.locator("main").inner_text()
    response = page.goto(f"/sharing/documents/{document.pk}/")
    assert response.status == 404
    assert TITLE not in page.content()
