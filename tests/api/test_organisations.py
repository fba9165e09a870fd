"""/api/organisations/: list, filters, detail, create, update."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.core.models import AuditEntry
from mujigae.partners.models import Organisation
from tests import factories as f

LIST = "/api/organisations/"


def detail(pk) -> str:
    return f"/api/organisations/{pk}"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_route_names_match_the_policy_table():
    assert reverse("api:organisations") == LIST
    assert reverse("api:organisation", kwargs={"id": 7}) == detail(7)


def test_list_shows_own_district_only(api_as, world):
    response = api_as("coordinator").get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and body["page"] == 1 and body["page_size"] == 50
    assert ids(response) == {
        o.pk for o in (world.office, world.school, world.company, world.company_b, world.partner)
    }
    assert world.other_company.pk not in ids(response)


def test_list_filters(api_as, world, gov):
    client = api_as("coordinator")
    assert ids(client.get(LIST, {"kind": "company"})) == {world.company.pk, world.company_b.pk}
    assert ids(client.get(LIST, {"industry": gov.industry.pk})) == {world.company.pk}
    assert ids(client.get(LIST, {"q": "로봇"})) == {world.company.pk}
    world.partner.area = "상록구"
    world.partner.save()
    assert ids(client.get(LIST, {"area": "상록구"})) == {world.partner.pk}
    # another district's industry filters down to nothing, it does not leak
    assert ids(client.get(LIST, {"industry": gov.other_industry.pk})) == set()


def test_detail(api_as, world, gov):
    response = api_as("coordinator").get(detail(world.company.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "가나로봇"
    assert body["kind"] == "company"
    assert body["district"] == world.district.pk
    assert body["industries"] == [gov.industry.pk]
    assert body["created_at"].endswith("+09:00")  # ISO 8601, Korean time


def test_detail_of_another_district_or_missing_is_404(api_as, world):
    client = api_as("coordinator")
    for url in (detail(world.other_company.pk), detail(999999), detail("abc"), detail(2**70)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "detail" in response.json()


def test_create(api_as, world, gov):
    response = api_as("coordinator").post(
        LIST,
        {
            "name": "  새 기업  ",
            "kind": "company",
            "industries": [gov.industry.pk],
            "employees": 40,
            "website": "https://example.kr",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "새 기업"
    assert body["industries"] == [gov.industry.pk]
    org = Organisation.objects.get(pk=body["id"])
    assert org.district == world.district  # the coordinator's own district
    entry = AuditEntry.objects.get(object_type="partners.Organisation", object_id=str(org.pk))
    assert entry.action == "create" and entry.via == "api"
    assert entry.actor == world.users["coordinator"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "company"}, "name"),
        ({"name": "", "kind": "company"}, "name"),
        ({"name": "   ", "kind": "company"}, "name"),
        ({"name": "x" * 201, "kind": "company"}, "name"),
        ({"name": "새 기관", "kind": "spaceship"}, "kind"),
        ({"name": "새 기관"}, "kind"),
        ({"name": "새 기관", "kind": "company", "employees": -1}, "employees"),
        ({"name": "새 기관", "kind": "company", "employees": 10**20}, "employees"),
        ({"name": "새 기관", "kind": "company", "employees": "many"}, "employees"),
        ({"name": "새 기관", "kind": "company", "website": "not a url"}, "website"),
        ({"name": "새 기관", "kind": "company", "industries": [999999]}, "industries"),
        ({"name": "새 기관", "kind": "company", "industries": "1"}, "industries"),
        ({"name": "새 기관", "kind": "company", "industries": [0]}, "industries"),
    ],
)
def test_create_refuses_bad_input_with_field_errors(api_as, payload, field):
    response = api_as("coordinator").post(LIST, payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"]
    assert field in body["errors"], body
    assert all(isinstance(m, str) and m for m in body["errors"][field])
    assert not Organisation.objects.filter(name__contains="새").exists()


def test_create_refuses_an_industry_of_another_district(api_as, gov):
    response = api_as("coordinator").post(
        LIST, {"name": "새 기관", "kind": "company", "industries": [gov.other_industry.pk]}
    )
    assert response.status_code == 422
    assert "industries" in response.json()["errors"]


def test_duplicate_name_is_a_conflict_not_a_crash(api_as):
    response = api_as("coordinator").post(LIST, {"name": "가나로봇", "kind": "company"})
    assert response.status_code in (409, 422)
    assert response.json()["detail"]


def test_update_is_partial_and_audited(api_as, world):
    response = api_as("coordinator").patch(
        detail(world.company.pk), {"employees": 120, "description": "로봇 부품"}
    )
    assert response.status_code == 200, response.content
    world.company.refresh_from_db()
    assert world.company.employees == 120
    assert world.company.description == "로봇 부품"
    assert world.company.name == "가나로봇"  # untouched
    entry = AuditEntry.objects.get(
        object_type="partners.Organisation", object_id=str(world.company.pk), action="update"
    )
    assert entry.via == "api"
    assert set(entry.changes) == {"employees", "description"}


def test_update_can_clear_industries_and_a_nullable_field(api_as, world, gov):
    world.company.employees = 10
    world.company.save()
    response = api_as("coordinator").patch(
        detail(world.company.pk), {"industries": [], "employees": None}
    )
    assert response.status_code == 200
    assert response.json()["industries"] == []
    assert response.json()["employees"] is None


def test_update_refuses_null_for_a_required_field(api_as, world):
    response = api_as("coordinator").patch(detail(world.company.pk), {"name": None})
    assert response.status_code == 422
    assert "name" in response.json()["errors"]
    world.company.refresh_from_db()
    assert world.company.name == "가나로봇"


def test_update_of_another_district_is_404(api_as, world):
    response = api_as("coordinator").patch(detail(world.other_company.pk), {"name": "해킹"})
    assert response.status_code == 404
    world.other_company.refresh_from_db()
    assert world.other_company.name == "타지구기업"


def test_pagination(api_as, world):
    for n in range(7):
        f.OrganisationFactory(district=world.district, name=f"추가 기관 {n}")
    client = api_as("coordinator")
    first = client.get(LIST, {"page_size": 5}).json()
    second = client.get(LIST, {"page_size": 5, "page": 2}).json()
    third = client.get(LIST, {"page_size": 5, "page": 3}).json()
    assert first["count"] == second["count"] == 12
    assert (len(first["results"]), len(second["results"]), len(third["results"])) == (5, 5, 2)
    seen = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(seen)) == 12
    beyond = client.get(LIST, {"page": 99}).json()
    assert beyond["count"] == 12 and beyond["results"] == []
