"""/api/meetings/: list, filters, detail with decisions, create, update."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.core.models import AuditEntry
from mujigae.governance.models import Meeting

LIST = "/api/meetings/"


def detail(pk) -> str:
    return f"/api/meetings/{pk}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_route_names_match_the_policy_table():
    assert reverse("api:meetings") == LIST
    assert reverse("api:meeting", kwargs={"id": 3}) == detail(3)


def test_list_and_filters(api_as, world, gov):
    client = api_as("coordinator")
    assert ids(client.get(LIST)) == {gov.past_meeting.pk, gov.meeting.pk}
    assert ids(client.get(LIST, {"kind": "council"})) == {gov.meeting.pk}
    assert ids(client.get(LIST, {"organisation": world.company.pk})) == {gov.past_meeting.pk}
    assert ids(client.get(LIST, {"when": "upcoming"})) == {gov.meeting.pk}
    assert ids(client.get(LIST, {"when": "past"})) == {gov.past_meeting.pk}
    row = next(r for r in client.get(LIST).json()["results"] if r["id"] == gov.meeting.pk)
    assert sorted(row["organisations"]) == sorted([world.office.pk, world.company_b.pk])


@pytest.mark.parametrize("params", [{"when": "tomorrow"}, {"kind": "party"}, {"organisation": "x"}])
def test_list_refuses_bad_filters(api_as, gov, params):
    response = api_as("coordinator").get(LIST, params)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(params)


def test_detail_has_decisions_and_attending_organisations(api_as, world, gov):
    gov.past_meeting.attendees.set([gov.person])
    body = api_as("coordinator").get(detail(gov.past_meeting.pk)).json()
    assert body["title"] == "지난 간담회"
    assert sorted(body["organisations"]) == sorted([world.company.pk, world.school.pk])
    assert body["attendees"] == [gov.person.pk]
    assert body["decisions"] == [{"id": gov.decision.pk, "number": 1, "text": "현장실습 확대"}]
    assert body["starts_at"].endswith("+09:00")
    assert body["status"] == "held"


def test_detail_of_another_district_is_404(api_as, gov):
    assert api_as("coordinator").get(detail(gov.other_meeting.pk)).status_code == 404


def test_create(api_as, world, gov):
    response = api_as("coordinator").post(
        LIST,
        {
            "kind": "steering",
            "title": "운영위원회",
            "starts_at": "2025-09-01T14:00:00+09:00",
            "organisations": [world.company.pk, world.school.pk],
            "attendees": [gov.person.pk],
            "agenda": "1. 현장실습",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    meeting = Meeting.objects.get(pk=body["id"])
    assert meeting.district == world.district
    assert meeting.starts_at == dt.datetime(2025, 9, 1, 5, 0, tzinfo=dt.UTC)
    assert body["starts_at"] == "2025-09-01T14:00:00+09:00"
    assert sorted(body["organisations"]) == sorted([world.company.pk, world.school.pk])
    assert body["status"] == "planned"
    entry = AuditEntry.objects.get(object_type="governance.Meeting", object_id=str(meeting.pk))
    assert entry.via == "api" and entry.action == "create"


def test_a_time_without_offset_is_korean_time(api_as):
    response = api_as("coordinator").post(
        LIST, {"kind": "meeting", "title": "간담회", "starts_at": "2025-09-01T14:00"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2025-09-01T14:00:00+09:00"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "meeting", "title": "", "starts_at": "2025-09-01T14:00"}, "title"),
        ({"kind": "meeting", "title": "x", "starts_at": "2025-13-01T14:00"}, "starts_at"),
        ({"kind": "meeting", "title": "x", "starts_at": "yesterday"}, "starts_at"),
        ({"kind": "meeting", "title": "x", "starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at"),
        ({"kind": "meeting", "title": "x"}, "starts_at"),
        ({"kind": "dinner", "title": "x", "starts_at": "2025-09-01T14:00"}, "kind"),
        (
            {"kind": "meeting", "title": "x", "starts_at": "2025-09-01T14:00", "status": "x"},
            "status",
        ),
        (
            {
                "kind": "meeting",
                "title": "x",
                "starts_at": "2025-09-01T14:00",
                "organisations": [0],
            },
            "organisations",
        ),
    ],
)
def test_create_refuses_bad_input(api_as, payload, field):
    response = api_as("coordinator").post(LIST, payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Meeting.objects.filter(title="x").exists()


def test_create_refuses_organisations_and_people_of_another_district(api_as, world, gov):
    client = api_as("coordinator")
    base = {"kind": "meeting", "title": "간담회", "starts_at": "2025-09-01T14:00"}
    response = client.post(LIST, {**base, "organisations": [world.other_company.pk]})
    assert response.status_code == 422
    assert "organisations" in response.json()["errors"]
    response = client.post(
        LIST, {**base, "organisations": [world.company.pk], "attendees": [gov.other_person.pk]}
    )
    assert response.status_code == 422
    assert "attendees" in response.json()["errors"]


def test_create_refuses_attendees_whose_organisation_is_not_attending(api_as, world, gov):
    response = api_as("coordinator").post(
        LIST,
        {
            "kind": "meeting",
            "title": "간담회",
            "starts_at": "2025-09-01T14:00",
            "organisations": [world.school.pk],
            "attendees": [gov.person.pk],
        },
    )
    assert response.status_code == 422
    assert "attendees" in response.json()["errors"]


def test_update(api_as, world, gov):
    new_time = timezone.now() + dt.timedelta(days=10)
    response = api_as("coordinator").patch(
        detail(gov.meeting.pk),
        {"title": "다음 협의회 (변경)", "starts_at": new_time.isoformat(), "place": "교육지원청"},
    )
    assert response.status_code == 200, response.content
    gov.meeting.refresh_from_db()
    assert gov.meeting.title == "다음 협의회 (변경)"
    assert gov.meeting.place == "교육지원청"
    assert abs(gov.meeting.starts_at - new_time) < dt.timedelta(seconds=1)
    assert gov.meeting.kind == "council"  # untouched
    assert AuditEntry.objects.filter(
        object_type="governance.Meeting", object_id=str(gov.meeting.pk), via="api"
    ).exists()


def test_update_attendees_checks_the_attending_organisations(api_as, gov):
    # gov.person works for world.company, which is not attending gov.meeting
    response = api_as("coordinator").patch(detail(gov.meeting.pk), {"attendees": [gov.person.pk]})
    assert response.status_code == 422
    assert "attendees" in response.json()["errors"]


def test_update_of_another_district_is_404(api_as, gov):
    response = api_as("coordinator").patch(detail(gov.other_meeting.pk), {"title": "x"})
    assert response.status_code == 404
