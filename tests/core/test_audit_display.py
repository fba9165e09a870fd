"""The audit log reads as a person writes: field labels, choice labels, yes/no
and dates in the site's format, in Korean (or English when chosen), for old
entries as well as new ones (it is done when shown, not when stored)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from mujigae.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entry(world, changes, object_type="outcomes.Hire"):
    return AuditEntry.objects.create(
        district=world.district,
        actor_name="coordinator",
        action="update",
        object_type=object_type,
        object_id="7",
        object_repr="홍길동 2025",
        changes=changes,
    )


CHANGES = {
    "contract_type": ["fixed_term", "permanent"],
    "insured": [False, True],
    "start_date": [None, "2025-03-02"],
    "created_at": [None, "2025-03-02T05:30:00+00:00"],
}


def _cells(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_the_audit_log_shows_korean_labels_values_and_dates(world, client_for):
    _entry(world, CHANGES)
    page = _cells(client_for("coordinator").get(reverse("core:audit_log")).content.decode())
    assert "<strong>계약 형태</strong>: Fixed-term (계약직)" not in page  # not English labels
    for raw in ("contract_type", "permanent", "fixed_term", "True", "False", "2025-03-02"):
        assert raw not in page
    assert "계약직" in page and "정규직" in page
    assert "아니요 → 예" in page
    assert "2025. 3. 2." in page
    assert "2025. 3. 2. 14:30" in page  # 05:30 UTC is 14:30 in Seoul


def test_the_audit_log_in_english(world, client_for):
    _entry(world, CHANGES)
    c = client_for("coordinator")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _cells(c.get(reverse("core:audit_log")).content.decode())
    assert "<strong>contract type</strong>: Fixed-term (계약직) → Permanent (정규직)" in page
    assert "<strong>insured (health or employment insurance)</strong>: No → Yes" in page
    assert "True" not in page and "2025-03-02" not in page


def test_other_shapes_of_changes(world, client_for):
    """A key that is no field, a value without a "before", a model that no
    longer exists: each still reads as words."""
    _entry(world, {"reason": [None, "정정 요청"], "invitations_sent": {"sent": 3, "failed": 0}})
    _entry(world, {"is_participating": True}, object_type="partners.Organisation")
    _entry(world, {"flag": [False, True]}, object_type="gone.Model")
    page = _cells(client_for("coordinator").get(reverse("core:audit_log")).content.decode())
    assert "<strong>사유</strong>: — → 정정 요청" in page
    assert "<strong>초대 발송</strong>: 발송: 3, 실패: 0" in page
    assert "<strong>참여 기업</strong>: 예" in page
    assert "<strong>flag</strong>: 아니요 → 예" in page


def test_how_the_change_was_made_is_korean(world, client_for):
    AuditEntry.objects.create(
        district=world.district,
        action="create",
        object_type="outcomes.Hire",
        object_id="1",
        object_repr="가져온 기록",
        via="import",
    )
    page = _cells(client_for("coordinator").get(reverse("core:audit_log")).content.decode())
    assert "파일 가져오기" in page and "import" not in page
