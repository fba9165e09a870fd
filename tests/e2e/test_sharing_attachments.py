"""Minutes get the signed PDF (issue 15): a coordinator opens a past meeting,
attaches the signed minutes (a Korean file name) and sees it listed; a partner
of the district downloads it with the Korean name intact."""

from __future__ import annotations

import pytest

from mujigae.governance.models import Meeting
from mujigae.sharing.models import Attachment
from tests.e2e.conftest import ko, login, logout, shot
from tests.filesamples import small_pdf

pytestmark = pytest.mark.e2e

NAME = "2025 제2차 운영위원회 회의록(서명본).pdf"


def test_minutes_get_the_signed_pdf(ansan, page):
    meeting = (
        Meeting.objects.filter(district=ansan, status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .first()
    )
    assert meeting is not None
    pdf = small_pdf("Signed minutes", "Council of the district")

    login(page, "coordinator")
    page.goto(f"/governance/meetings/{meeting.pk}/")
    panel = page.get_by_test_id("attachments")
    panel.get_by_role("heading", name=ko("Attached files")).wait_for()
    page.set_input_files(
        "#id_attachment-file",
        files=[{"name": NAME, "mimeType": "application/pdf", "buffer": pdf}],
    )
    page.fill("#id_attachment-label", "서명된 회의록")
    with page.expect_navigation():
        panel.get_by_role("button", name=ko("Attach the file")).click()
    page.wait_for_url(f"**/governance/meetings/{meeting.pk}/")
    rows = page.get_by_test_id("attachment-rows")
    rows.get_by_role("link", name=NAME).wait_for()
    assert "서명된 회의록" in rows.inner_text()
    shot(page, "sharing-attachments-minutes")
    attachment = Attachment.objects.get(file__filename=NAME)
    assert attachment.file.kind == "pdf"
    logout(page)

    login(page, "partner")
    page.goto(f"/governance/meetings/{meeting.pk}/")
    link = page.get_by_test_id("attachment-rows").get_by_role("link", name=NAME)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == NAME
    with open(download.path(), "rb") as fh:
        assert fh.read() == pdf
    # the partner may read, not add
    assert page.get_by_test_id("attachment-form").count() == 0
