"""/api/commitments/: list, filters, detail, update (party: status and evidence)."""

from __future__ import annotations

from django.urls import reverse

from mujigae.core.models import AuditEntry

LIST = "/api/commitments/"


def detail(pk) -> str:
    return f"/api/commitments/{pk}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_route_names_match_the_policy_table():
    assert reverse("api:commitments") == LIST
    assert reverse("api:commitment", kwargs={"id": 1}) == detail(1)


def test_list_and_filters(api_as, world, gov):
    client = api_as("coordinator")
    ours = {gov.commitment_company.pk, gov.commitment_company_b.pk, gov.commitment_school.pk}
    assert ids(client.get(LIST)) == ours
    assert ids(client.get(LIST, {"clause": 2})) == {
        gov.commitment_company.pk,
        gov.commitment_company_b.pk,
    }
    assert ids(client.get(LIST, {"organisation": world.school.pk})) == {gov.commitment_school.pk}
    assert ids(client.get(LIST, {"status": "achieved"})) == {gov.commitment_company_b.pk}
    assert ids(client.get(LIST, {"clause": 1, "status": "achieved"})) == set()
    assert client.get(LIST, {"clause": "first"}).status_code == 422
    assert client.get(LIST, {"clause": 10**9}).status_code == 422
    assert client.get(LIST, {"status": "done"}).status_code == 422


def test_detail(api_as, world, gov):
    body = api_as("company").get(detail(gov.commitment_company.pk)).json()
    assert body["clause"] == gov.clause2.pk
    assert body["clause_number"] == 2
    assert body["clause_title"] == "현장실습"
    assert body["agreement"] == gov.agreement.pk
    assert body["organisation"] == world.company.pk
    assert body["organisation_name"] == "가나로봇"
    assert body["status"] == "not_started"


def test_list_is_read_only(api_as):
    assert api_as("coordinator").post(LIST, {"status": "achieved"}).status_code == 403


def test_coordinator_updates(api_as, gov):
    response = api_as("coordinator").patch(
        detail(gov.commitment_school.pk),
        {"status": "in_progress", "description": "교육과정 공동 개발", "evidence": "회의록"},
    )
    assert response.status_code == 200, response.content
    gov.commitment_school.refresh_from_db()
    assert gov.commitment_school.status == "in_progress"
    assert gov.commitment_school.description == "교육과정 공동 개발"
    entry = AuditEntry.objects.get(
        object_type="governance.Commitment", object_id=str(gov.commitment_school.pk)
    )
    assert entry.via == "api" and entry.action == "update"


def test_party_updates_status_and_evidence_of_its_own(api_as, gov):
    response = api_as("company").patch(
        detail(gov.commitment_company.pk), {"status": "achieved", "evidence": "실습생 5명"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "achieved"
    assert AuditEntry.objects.filter(
        object_type="governance.Commitment", object_id=str(gov.commitment_company.pk), via="api"
    ).exists()


def test_party_cannot_change_the_description(api_as, gov):
    response = api_as("company").patch(
        detail(gov.commitment_company.pk), {"description": "다른 약속"}
    )
    assert response.status_code in (403, 422)
    assert "description" in response.json()["errors"]
    gov.commitment_company.refresh_from_db()
    assert gov.commitment_company.description == ""


def test_party_cannot_change_another_partys_commitment(api_as, gov):
    # visible to every member of the district, changeable only by its party
    client = api_as("company")
    assert client.get(detail(gov.commitment_company_b.pk)).status_code == 200
    response = client.patch(detail(gov.commitment_company_b.pk), {"status": "at_risk"})
    assert response.status_code == 403
    gov.commitment_company_b.refresh_from_db()
    assert gov.commitment_company_b.status == "achieved"


def test_bad_status_is_422(api_as, gov):
    response = api_as("coordinator").patch(detail(gov.commitment_company.pk), {"status": "won"})
    assert response.status_code == 422
    assert "status" in response.json()["errors"]


def test_another_district_is_404(api_as, gov):
    client = api_as("coordinator")
    assert gov.other_commitment.pk not in ids(client.get(LIST))
    assert client.get(detail(gov.other_commitment.pk)).status_code == 404
    assert client.patch(detail(gov.other_commitment.pk), {"status": "at_risk"}).status_code == 404
