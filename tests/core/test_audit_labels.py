"""Every audited key has a label in the reader's language, also the keys that
are no model field (a ranking of a slot, a ledger import …)."""

from __future__ import annotations

import pytest
from django.utils import translation

from mujigae.core.audit import entry_changes
from mujigae.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entry(changes, object_type="rounds.RoundSlot"):
    return AuditEntry(
        actor_name="coordinator",
        action="update",
        object_type=object_type,
        object_id="7",
        object_repr="2026 1차",
        changes=changes,
    )


def test_a_ranking_of_a_slot_has_a_korean_label_without_its_id():
    entry = _entry({"ranking of slot 42": [[], [3, 1]], "placed": [None, 12]})
    with translation.override("ko"):
        labels = [c.label for c in entry_changes(entry)]
    assert labels == ["지원자 순위", "배정 인원"]
    assert not any("slot" in label or "42" in label for label in labels)


def test_labels_follow_the_reader_language():
    entry = _entry({"ranking of slot 42": [[], [3, 1]], "ledger_import": [None, 5]})
    with translation.override("en"):
        labels = [c.label for c in entry_changes(entry)]
    assert labels == ["ranking of the applicants", "ledger import"]
