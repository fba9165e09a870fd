"""The home page shows the notices pinned for the user's audience, above the to-do list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.partners.models import OrgKind
from mujigae.sharing import notices

pytestmark = pytest.mark.django_db


def test_home_shows_a_pinned_notice_to_its_audience_only(client_for, world):
    notices.notice_create(
        actor=world.users["coordinator"],
        district=world.district,
        audience={"audience_kinds": [OrgKind.SCHOOL]},
        title="현장실습 안전교육 필수",
        body="모든 학교는 확인 바랍니다.",
        pinned=True,
    )
    notices.notice_create(
        actor=world.users["coordinator"],
        district=world.district,
        audience={"audience_kinds": [OrgKind.SCHOOL]},
        title="고정 안 된 공지",
        body="본문",
    )
    page = client_for("school").get(reverse("home")).content.decode()
    box = page.split('data-testid="pinned-notices"')[1].split("</section>")[0]
    assert "고정 공지" in page and "현장실습 안전교육 필수" in box
    assert "고정 안 된 공지" not in box
    assert page.index('data-testid="pinned-notices"') < page.index('id="h-todos"')

    for other in ("company", "other_coordinator"):
        page = client_for(other).get(reverse("home")).content.decode()
        assert "현장실습 안전교육 필수" not in page
        assert 'data-testid="pinned-notices"' not in page
