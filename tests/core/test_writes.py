"""`core.writes`: the one way a service writes a field change and its audit row
(what the coordinator reads in the audit log)."""

from __future__ import annotations

import pytest

from mujigae.core import writes
from mujigae.core.models import AuditEntry
from mujigae.partners.models import Person
from tests import factories as f

pytestmark = pytest.mark.django_db


def _rows(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))


def test_update_records_only_what_changed_and_hides_redacted_values(world):
    person = f.PersonFactory(organisation=world.company, phone="010-1234-5678")
    actor = world.users["coordinator"]
    writes.update(
        actor=actor,
        obj=person,
        data={"position": "부장", "phone": "010-9999-0000", "name": person.name},
        redact=("phone",),
    )
    (row,) = _rows(person)
    assert row.changes == {"position": ["팀장", "부장"], "phone": ["…", "…"]}
    assert "9999" not in str(row.changes) and "5678" not in str(row.changes)
    assert Person.objects.get(pk=person.pk).phone == "010-9999-0000"
    writes.update(actor=actor, obj=person, data={"position": "부장"})
    assert _rows(person).count() == 1  # nothing changed: no row


def test_extra_changes_share_the_row_and_count_as_a_change(world):
    person = f.PersonFactory(organisation=world.company)
    actor = world.users["coordinator"]
    writes.update(
        actor=actor,
        obj=person,
        data={"position": person.position},
        extra={"reason": [None, "전화로 요청"]},
    )
    (row,) = _rows(person)
    assert row.action == "update" and row.changes == {"reason": [None, "전화로 요청"]}


def test_create_lists_every_field_written_with_redacted_values_hidden(world):
    person = writes.create(
        actor=world.users["coordinator"],
        model=Person,
        data={
            "district": world.district,
            "organisation": world.company,
            "name": "김담당",
            "email": "kim@example.com",
        },
        redact=("email",),
        extra={"source": [None, "명함"]},
    )
    (row,) = _rows(person)
    assert row.action == "create" and row.district_id == world.district.pk
    assert row.changes["name"] == [None, "김담당"]
    assert row.changes["email"] == [None, "…"] and "kim@" not in str(row.changes)
    assert row.changes["source"] == [None, "명함"]
