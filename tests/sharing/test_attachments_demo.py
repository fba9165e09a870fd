"""The Ansan demo's attachments: signed minutes on the held meetings, evidence
on commitments and done action items; a second run adds nothing."""

from __future__ import annotations

import pytest

from mujigae.demo.ansan import load_ansan
from mujigae.demo.sharing_attachments import load_ansan_attachments
from mujigae.governance.models import Meeting
from mujigae.sharing.attachments import attachments_of
from mujigae.sharing.models import Attachment

pytestmark = pytest.mark.django_db


def test_the_demo_attaches_signed_minutes_once():
    district = load_ansan()
    added = load_ansan_attachments(district)
    held = Meeting.objects.filter(district=district, status=Meeting.Status.HELD)
    assert held.exists()
    for meeting in held:
        files = list(attachments_of(meeting))
        assert len(files) == 1
        assert files[0].file.kind == "pdf" and "회의록" in files[0].file.filename
    assert added == Attachment.objects.count() > held.count()
    assert load_ansan_attachments(district) == 0
