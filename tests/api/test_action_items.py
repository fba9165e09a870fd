"""/api/action-items/: list, filters, detail, create, update; the owner's
limited update."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.core.models import AuditEntry
from mujigae.governance.models import ActionItem

LIST = "/api/action-items/"


def detail(pk) -> str:
    return f"/api/action-items/{pk}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_route_names_match_the_policy_table():
    assert reverse("api:action_items") == LIST
    assert reverse("api:action_item", kwargs={"id": 5}) == detail(5)


def test_list_and_filters(api_as, world, gov):
    client = api_as("coordinator")
    ours = {gov.item_company.pk, gov.item_company_b.pk, gov.item_overdue.pk, gov.item_done.pk}
    assert ids(client.get(LIST)) == ours
    assert ids(client.get(LIST, {"status": "open"})) == ours - {gov.item_done.pk}
    assert ids(client.get(LIST, {"status": "done"})) == {gov.item_done.pk}
    assert ids(client.get(LIST, {"owner": world.company.pk})) == {
        gov.item_company.pk,
        gov.item_done.pk,
    }
    assert ids(client.get(LIST, {"overdue": "true"})) == {gov.item_overdue.pk}
    assert ids(client.get(LIST, {"overdue": "false"})) == ours
    assert ids(client.get(LIST, {"meeting": gov.past_meeting.pk})) == {gov.item_company.pk}


@pytest.mark.parametrize(
    "params",
    [{"status": "late"}, {"owner": "abc"}, {"overdue": "perhaps"}, {"meeting": -1}],
)
def test_list_refuses_bad_filters(api_as, gov, params):
    response = api_as("coordinator").get(LIST, params)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(params)


def test_detail(api_as, world, gov):
    body = api_as("coordinator").get(detail(gov.item_company.pk)).json()
    assert body["title"] == "실습 자리 확보"
    assert body["owner"] == world.company.pk
    assert body["owner_name"] == "가나로봇"
    assert body["meeting"] == gov.past_meeting.pk
    assert body["decision"] == gov.decision.pk
    assert body["status"] == "open"
    assert body["is_overdue"] is False
    assert body["due_date"] == gov.item_company.due_date.isoformat()


def test_create(api_as, world, gov):
    response = api_as("coordinator").post(
        LIST,
        {
            "title": "산학 협약 체결",
            "owner": world.company_b.pk,
            "due_date": "2025-12-31",
            "decision": gov.decision.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    item = ActionItem.objects.get(pk=body["id"])
    assert item.district == world.district
    assert item.owner == world.company_b
    assert item.meeting == gov.past_meeting  # taken from the decision
    assert body["due_date"] == "2025-12-31"
    entry = AuditEntry.objects.get(object_type="governance.ActionItem", object_id=str(item.pk))
    assert entry.via == "api" and entry.action == "create"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"owner": "OWNER"}, "title"),
        ({"title": "", "owner": "OWNER"}, "title"),
        ({"title": "할 일"}, "owner"),
        ({"title": "할 일", "owner": "OTHER_OWNER"}, "owner"),
        ({"title": "할 일", "owner": 999999}, "owner"),
        ({"title": "할 일", "owner": "OWNER", "due_date": "2025-02-30"}, "due_date"),
        ({"title": "할 일", "owner": "OWNER", "due_date": "0000-01-01"}, "due_date"),
        ({"title": "할 일", "owner": "OWNER", "status": "lost"}, "status"),
        ({"title": "할 일", "owner": "OWNER", "meeting": "OTHER_MEETING"}, "meeting"),
        ({"title": "할 일", "owner": "OWNER", "decision": 999999}, "decision"),
    ],
)
def test_create_refuses_bad_input(api_as, world, gov, payload, field):
    swap = {
        "OWNER": world.company.pk,
        "OTHER_OWNER": world.other_company.pk,
        "OTHER_MEETING": gov.other_meeting.pk,
    }
    payload = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    before = ActionItem.objects.count()
    response = api_as("coordinator").post(LIST, payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert ActionItem.objects.count() == before


def test_create_refuses_a_decision_of_another_meeting(api_as, world, gov):
    response = api_as("coordinator").post(
        LIST,
        {
            "title": "할 일",
            "owner": world.company.pk,
            "meeting": gov.meeting.pk,
            "decision": gov.decision.pk,
        },
    )
    assert response.status_code == 422
    assert "decision" in response.json()["errors"]


def test_coordinator_updates_any_field(api_as, world, gov):
    response = api_as("coordinator").patch(
        detail(gov.item_company.pk),
        {"title": "실습 자리 20개 확보", "owner": world.company_b.pk, "due_date": None},
    )
    assert response.status_code == 200, response.content
    gov.item_company.refresh_from_db()
    assert gov.item_company.title == "실습 자리 20개 확보"
    assert gov.item_company.owner == world.company_b
    assert gov.item_company.due_date is None
    entry = AuditEntry.objects.get(
        object_type="governance.ActionItem", object_id=str(gov.item_company.pk), action="update"
    )
    assert entry.via == "api"
    assert set(entry.changes) == {"title", "owner", "due_date"}


def test_coordinator_cannot_hand_an_item_to_another_district(api_as, world, gov):
    response = api_as("coordinator").patch(
        detail(gov.item_company.pk), {"owner": world.other_company.pk}
    )
    assert response.status_code == 422
    assert "owner" in response.json()["errors"]
    gov.item_company.refresh_from_db()
    assert gov.item_company.owner == world.company


def test_company_sees_only_its_own_items(api_as, world, gov):
    client = api_as("company")
    assert ids(client.get(LIST)) == {gov.item_company.pk, gov.item_done.pk}
    assert client.get(detail(gov.item_company.pk)).status_code == 200
    assert client.get(detail(gov.item_company_b.pk)).status_code == 404
    assert client.get(detail(gov.other_item.pk)).status_code == 404


def test_company_updates_status_and_note_of_its_own_item(api_as, world, gov):
    response = api_as("company").patch(
        detail(gov.item_company.pk), {"status": "done", "progress_note": "5명 배치 완료"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "done" and body["completed_at"] is not None
    gov.item_company.refresh_from_db()
    assert gov.item_company.progress_note == "5명 배치 완료"
    entry = AuditEntry.objects.get(
        object_type="governance.ActionItem", object_id=str(gov.item_company.pk), action="update"
    )
    assert entry.via == "api" and entry.actor == world.users["company"]


@pytest.mark.parametrize(
    "payload",
    [{"title": "내 마음대로"}, {"owner": "COMPANY_B"}, {"status": "done", "due_date": None}],
)
def test_company_cannot_change_other_fields(api_as, world, gov, payload):
    payload = {k: world.company_b.pk if v == "COMPANY_B" else v for k, v in payload.items()}
    response = api_as("company").patch(detail(gov.item_company.pk), payload)
    assert response.status_code in (403, 422)
    refused = set(payload) - {"status", "progress_note"}
    assert refused <= set(response.json()["errors"])
    gov.item_company.refresh_from_db()
    assert gov.item_company.title == "실습 자리 확보"
    assert gov.item_company.owner == world.company
    assert gov.item_company.status == "open"


def test_company_cannot_update_another_company_item(api_as, gov):
    response = api_as("company").patch(detail(gov.item_company_b.pk), {"status": "done"})
    assert response.status_code == 404
    gov.item_company_b.refresh_from_db()
    assert gov.item_company_b.status == "open"


def test_company_cannot_create(api_as, world):
    response = api_as("company").post(LIST, {"title": "할 일", "owner": world.company.pk})
    assert response.status_code == 403


def test_create_refuses_a_resident_number_in_any_string(api_as, world, gov):
    """A resident registration number in a JSON body: 400 in Korean naming the
    field, nothing written (core.api_schemas.CleanParser)."""
    before = ActionItem.objects.count()
    response = api_as("coordinator").post(
        LIST,
        {"title": "할 일", "owner": world.company.pk, "description": "학생 080305-3123456"},
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert "description" in body["errors"]
    assert "주민등록번호" in body["detail"]
    assert "3123456" not in response.content.decode()
    assert ActionItem.objects.count() == before
