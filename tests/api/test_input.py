"""Control characters in a JSON body or a query are removed before any schema
sees them (core.api_schemas.CleanParser, core.input_middleware): the request
succeeds and the text is stored without them (docs/input.md)."""

from __future__ import annotations

import json

from mujigae.governance.models import ActionItem
from mujigae.partners.models import Organisation


def test_a_created_action_item_is_stored_without_control_characters(api_as, world, gov):
    response = api_as("coordinator").post(
        "/api/action-items/",
        {
            "title": "\x07산학\x00 협약 체결",
            "owner": world.company.pk,
            "description": "첫 줄\r\n둘째 줄\x1b",
            "progress_note": "\ud800준비 중",
        },
    )
    assert response.status_code == 201, response.content
    item = ActionItem.objects.get(pk=response.json()["id"])
    assert item.title == "산학 협약 체결"
    assert item.description == "첫 줄\n둘째 줄"
    assert item.progress_note == "준비 중"


def test_the_owner_patch_of_a_progress_note_is_cleaned(api_as, world, gov):
    response = api_as("company").patch(
        f"/api/action-items/{gov.item_company.pk}", {"progress_note": "=1+1\x07 진행"}
    )
    assert response.status_code == 200, response.content
    gov.item_company.refresh_from_db()
    # a formula is text like any other here; the export neutralises it (docs/exports.md)
    assert gov.item_company.progress_note == "=1+1 진행"


def test_an_organisation_name_is_cleaned_before_its_uniqueness_is_checked(api_as, world):
    response = api_as("coordinator").post(
        "/api/organisations/", {"name": "새\x00기관\x07", "kind": "company"}
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.filter(name="새기관").count() == 1
    again = api_as("coordinator").post(
        "/api/organisations/", {"name": "새기관\x1f", "kind": "company"}
    )
    assert again.status_code in (409, 422)  # the same name: refused, not a second row
    assert Organisation.objects.filter(name__startswith="새").count() == 1


def test_a_raw_json_body_with_escaped_controls_is_cleaned(api_as, world):
    body = json.dumps({"name": "로봇\u0007기업", "kind": "company"})  # "\\u0007" on the wire
    assert "\\u0007" in body
    client = api_as("coordinator").client
    response = client.post("/api/organisations/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "로봇기업"


def test_a_query_with_a_nul_searches_without_it(api_as, world):
    response = api_as("coordinator").get("/api/organisations/", {"q": "가나\x00로봇"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["가나로봇"]
