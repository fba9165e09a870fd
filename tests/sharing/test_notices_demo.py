"""The demo notices and requests for staff: idempotent, every state, the
school login has the safety notice to confirm, the robot company's page shows
its contribution."""

from __future__ import annotations

from io import StringIO

import pytest

from mujigae.core.inbox import todos_for
from mujigae.core.models import User
from mujigae.demo.ansan import COMPANY_USER_ORG, load_ansan
from mujigae.demo.sharing_notices import ACK_TITLE, load_ansan_notices
from mujigae.sharing import request_selectors
from mujigae.sharing.models import Notice, NoticeReceipt, StaffRequest


@pytest.mark.django_db
def test_demo_notices_and_requests():
    load_ansan()
    out = StringIO()
    counts = load_ansan_notices(out=out)
    assert counts == {"notices": 5, "requests": 6}
    assert Notice.objects.filter(pinned=True).count() == 1
    ack = Notice.objects.get(title=ACK_TITLE)
    assert ack.requires_ack
    assert set(StaffRequest.objects.values_list("status", flat=True)) == {
        "done",
        "accepted",
        "proposed",
        "requested",
        "declined",
        "withdrawn",
    }
    school = User.objects.get(username="school")
    assert not NoticeReceipt.objects.filter(notice=ack, user=school).exists()
    assert "sharing.notice_ack" in [t.kind for t in todos_for(school)]
    done = StaffRequest.objects.get(status="done")
    assert done.provider.name == COMPANY_USER_ORG
    rows = {r.name: r for r in request_selectors.contributions(ack.district, done.starts_on.year)}
    assert rows[COMPANY_USER_ORG].hours_given >= 16
    before = (Notice.objects.count(), StaffRequest.objects.count(), NoticeReceipt.objects.count())
    assert load_ansan_notices() == counts
    assert (
        Notice.objects.count(),
        StaffRequest.objects.count(),
        NoticeReceipt.objects.count(),
    ) == before
