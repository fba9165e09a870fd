"""Cross-cutting behaviour of /api/: authentication (token, session + CSRF),
who may call what, district scoping, errors and their language, paging limits,
query counts, and the OpenAPI description and docs."""

from __future__ import annotations

import secrets
import string

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from mujigae.core import policy
from mujigae.core.models import AuditEntry
from mujigae.core.services import api_token_create, api_token_revoke
from mujigae.partners.models import Organisation
from tests import factories as f
from tests.api.conftest import JsonClient

# --------------------------------------------------------------------------
# every API route, every role


def api_route_names() -> set[str]:
    resolver = get_resolver()
    api_resolver = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    return {f"api:{p.name}" for p in api_resolver.url_patterns if isinstance(p, URLPattern)}


def test_every_api_route_has_a_policy_rule():
    names = api_route_names()
    assert names == {
        "api:openapi-json",
        "api:openapi-view",
        "api:organisations",
        "api:organisation",
        "api:meetings",
        "api:meeting",
        "api:action_items",
        "api:action_item",
        "api:commitments",
        "api:commitment",
        # read-only figures (issue 16, tests/api/test_figures_api.py)
        "api:frameworks",
        "api:evaluation",
        "api:district_evaluation",
        "api:gap",
        "api:survey_aggregates",
    }
    assert all(policy.rule_for(name) is not None for name in names)


def urls(world, gov) -> dict[str, str]:
    return {
        "api:organisations": "/api/organisations/",
        "api:organisation": f"/api/organisations/{world.company.pk}",
        "api:meetings": "/api/meetings/",
        "api:meeting": f"/api/meetings/{gov.meeting.pk}",
        "api:action_items": "/api/action-items/",
        "api:action_item": f"/api/action-items/{gov.item_company.pk}",
        "api:commitments": "/api/commitments/",
        "api:commitment": f"/api/commitments/{gov.commitment_company.pk}",
    }


def test_student_is_refused_everywhere(api_as, world, gov):
    client = api_as("student")
    for name, url in urls(world, gov).items():
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (name, method)
            assert response.json()["detail"]


def test_ministry_reads_every_district(api_as, world, gov):
    client = api_as("ministry")
    orgs = {
        r["id"] for r in client.get("/api/organisations/", {"page_size": 100}).json()["results"]
    }
    assert {world.company.pk, world.other_company.pk} <= orgs
    items = {r["id"] for r in client.get("/api/action-items/").json()["results"]}
    assert {gov.item_company.pk, gov.other_item.pk} <= items
    assert client.get(f"/api/organisations/{world.other_company.pk}").status_code == 200
    assert client.get(f"/api/meetings/{gov.other_meeting.pk}").status_code == 200
    assert client.get(f"/api/commitments/{gov.other_commitment.pk}").status_code == 200


def test_ministry_never_writes(api_as, world, gov):
    client = api_as("ministry")
    for name, url in urls(world, gov).items():
        response = (
            client.post(url, {"title": "x"})
            if name.endswith("s")
            else client.patch(url, {"status": "done"})
        )
        assert response.status_code == 403, name
    assert not AuditEntry.objects.filter(via="api").exists()


def test_other_district_coordinator_sees_nothing_of_ours(api_as, world, gov):
    client = api_as("other_coordinator")
    ours = [
        ("/api/organisations/", world.company.pk, {"name": "x"}),
        ("/api/meetings/", gov.meeting.pk, {"title": "x"}),
        ("/api/action-items/", gov.item_company.pk, {"status": "done"}),
        ("/api/commitments/", gov.commitment_company.pk, {"status": "achieved"}),
    ]
    for list_url, pk, change in ours:
        listed = client.get(list_url, {"page_size": 100}).json()["results"]
        assert all(row["district"] == world.other_district.pk for row in listed), list_url
        assert pk not in {row["id"] for row in listed}
        assert client.get(f"{list_url}{pk}").status_code == 404
        assert client.patch(f"{list_url}{pk}", change).status_code == 404
    assert not AuditEntry.objects.filter(via="api").exists()


def test_other_district_coordinator_creates_in_their_own_district(api_as, world):
    response = api_as("other_coordinator").post(
        "/api/organisations/", {"name": "새 기관", "kind": "school"}
    )
    assert response.status_code == 201
    assert Organisation.objects.get(pk=response.json()["id"]).district == world.other_district


@pytest.mark.parametrize("role", ["school", "partner", "company"])
def test_members_read_but_do_not_manage(api_as, world, gov, role):
    client = api_as(role)
    assert client.get("/api/organisations/").status_code == 200
    assert client.get("/api/meetings/").status_code == 200
    assert client.post("/api/organisations/", {"name": "x", "kind": "company"}).status_code == 403
    assert client.patch(f"/api/meetings/{gov.meeting.pk}", {"title": "x"}).status_code == 403


# --------------------------------------------------------------------------
# authentication


def test_no_authentication_is_401(world):
    client = JsonClient(Client())
    for url in ("/api/organisations/", f"/api/organisations/{world.company.pk}"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["detail"]
    assert client.post("/api/organisations/", {"name": "x", "kind": "company"}).status_code == 401


def test_token_reads_and_writes_without_csrf(token_for, world):
    client = token_for("coordinator")  # enforce_csrf_checks=True, no cookie at all
    assert client.get("/api/organisations/").status_code == 200
    response = client.post("/api/organisations/", {"name": "토큰 기관", "kind": "company"})
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.get(object_id=str(response.json()["id"]), action="create")
    assert entry.via == "api" and entry.actor == world.users["coordinator"]


def test_token_user_gets_its_own_scope(token_for, gov):
    client = token_for("company")
    ids = {r["id"] for r in client.get("/api/action-items/").json()["results"]}
    assert ids == {gov.item_company.pk, gov.item_done.pk}
    assert (
        client.patch(
            f"/api/action-items/{gov.item_company.pk}", {"status": "in_progress"}
        ).status_code
        == 200
    )
    assert (
        client.patch(f"/api/action-items/{gov.item_company_b.pk}", {"status": "done"}).status_code
        == 404
    )


def test_revoked_or_unknown_token_is_401(world):
    user = world.users["coordinator"]
    token, raw = api_token_create(user=user, name="old")
    api_token_revoke(user=user, token=token)
    for header in (f"Bearer {raw}", "Bearer mjg_not-a-token", "Bearer "):
        response = JsonClient(Client(), Authorization=header).get("/api/organisations/")
        assert response.status_code == 401, header
        assert response.json()["detail"]


def test_token_of_an_inactive_user_is_401(world):
    user = world.users["coordinator"]
    _, raw = api_token_create(user=user, name="t")
    user.is_active = False
    user.save()
    response = JsonClient(Client(), Authorization=f"Bearer {raw}").get("/api/organisations/")
    assert response.status_code == 401


def test_student_token_is_refused_401(token_for, world):
    # students hold no API tokens (issue 16); one made before that rule no
    # longer authenticates anybody, and none can be made any more
    assert token_for("student").get("/api/organisations/").status_code == 401
    with pytest.raises(PermissionDenied):
        api_token_create(user=world.users["student"], name="내 토큰")


def test_ministry_token_cannot_write(token_for):
    response = token_for("ministry").post("/api/organisations/", {"name": "x", "kind": "company"})
    assert response.status_code == 403


def _csrf_client(user) -> tuple[JsonClient, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    client.cookies["csrftoken"] = secret
    return JsonClient(client), secret


def test_session_requires_csrf_for_unsafe_methods(world, gov):
    client, token = _csrf_client(world.users["coordinator"])
    assert client.get("/api/organisations/").status_code == 200  # safe: no token needed

    response = client.post("/api/organisations/", {"name": "세션 기관", "kind": "company"})
    assert response.status_code == 403
    assert response.json()["detail"]
    response = client.patch(f"/api/meetings/{gov.meeting.pk}", {"title": "x"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="세션 기관").exists()

    response = client.post(
        "/api/organisations/", {"name": "세션 기관", "kind": "company"}, X_CSRFToken=token
    )
    assert response.status_code == 201, response.content
    response = client.patch(
        f"/api/meetings/{gov.meeting.pk}", {"title": "바뀐 제목"}, X_CSRFToken=token
    )
    assert response.status_code == 200
    response = client.patch(
        f"/api/meetings/{gov.meeting.pk}", {"title": "x"}, X_CSRFToken="wrong" * 8
    )
    assert response.status_code == 403


def test_company_session_requires_csrf_for_its_own_update(world, gov):
    client, token = _csrf_client(world.users["company"])
    url = f"/api/action-items/{gov.item_company.pk}"
    assert client.patch(url, {"status": "done"}).status_code == 403
    assert client.patch(url, {"status": "done"}, X_CSRFToken=token).status_code == 200


# --------------------------------------------------------------------------
# errors


def test_messages_are_korean_by_default_and_english_on_request(api_as):
    client = api_as("coordinator")
    response = client.post("/api/organisations/", {"kind": "company"})
    assert response.json()["errors"]["name"] == ["필수 항목입니다."]
    response = client.post("/api/organisations/", {"kind": "company"}, Accept_Language="en")
    assert response.json()["errors"]["name"] == ["This field is required."]
    response = client.get("/api/organisations/999999", Accept_Language="en")
    assert response.json() == {"detail": "Not found.", "errors": {}}


@pytest.mark.parametrize(
    "body", ["{not json", "[1, 2]", '"text"', "null", "42", '{"name": "\\u0000", "kind": "school"}']
)
def test_malformed_bodies_are_4xx(api_as, body):
    response = api_as("coordinator").client.post(
        "/api/organisations/", body, content_type="application/json"
    )
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]


def test_unknown_fields_are_422_not_ignored(api_as, world):
    response = api_as("coordinator").patch(
        f"/api/organisations/{world.company.pk}", {"nmae": "오타"}
    )
    assert response.status_code == 422
    assert "nmae" in response.json()["errors"]


def test_unsupported_methods_are_405(api_as, world):
    client = api_as("coordinator")
    assert client.put(f"/api/organisations/{world.company.pk}", {"name": "x"}).status_code == 405
    assert client.delete(f"/api/organisations/{world.company.pk}").status_code == 405


@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"page": 0},
        {"page": -1},
        {"page_size": 0},
        {"page_size": "lots"},
    ],
)
def test_bad_paging_is_422(api_as, params):
    response = api_as("coordinator").get("/api/organisations/", params)
    assert response.status_code == 422
    assert set(params) <= set(response.json()["errors"])


def test_page_size_is_capped(api_as, settings, world):
    settings.MUJIGAE_API_PAGE_SIZE_MAX = 3
    body = api_as("coordinator").get("/api/organisations/", {"page_size": 10**6}).json()
    assert body["page_size"] == 3
    assert len(body["results"]) == 3
    assert body["count"] == 5


def test_a_huge_page_number_is_just_empty(api_as):
    body = api_as("coordinator").get("/api/organisations/", {"page": 10**30}).json()
    assert body["results"] == [] and body["count"] == 5


def test_bad_ids_are_404(api_as):
    client = api_as("coordinator")
    for pk in ("abc", "0", "-3", "1.5", str(2**64)):
        for prefix in ("organisations", "meetings", "action-items", "commitments"):
            response = client.get(f"/api/{prefix}/{pk}")
            assert response.status_code == 404, (prefix, pk)


# --------------------------------------------------------------------------
# query counts do not grow with rows


def _rows(world, n: int) -> None:
    d = world.district
    industry = f.IndustryFactory(district=d)
    agreement = f.AgreementFactory(district=d)
    clause = f.ClauseFactory(agreement=agreement, number=90)
    for i in range(n):
        org = f.OrganisationFactory(district=d, name=f"행 기관 {i}")
        org.industries.add(industry)
        meeting = f.MeetingFactory(district=d, starts_at=timezone.now())
        meeting.organisations.set([org, world.company])
        f.ActionItemFactory(owner=org, meeting=meeting)
        f.CommitmentFactory(clause=clause, organisation=org)


@pytest.mark.parametrize(
    "url", ["/api/organisations/", "/api/meetings/", "/api/action-items/", "/api/commitments/"]
)
@pytest.mark.parametrize("n", [3, 30])
def test_list_query_count_is_constant(api_as, world, django_assert_max_num_queries, url, n):
    _rows(world, n)
    client = api_as("coordinator")
    with django_assert_max_num_queries(5):
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= n


# --------------------------------------------------------------------------
# OpenAPI and docs


def test_openapi_is_public_and_lists_the_routes(client, db):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    spec = response.json()
    assert set(spec["paths"]) == {
        "/api/organisations/",
        "/api/organisations/{id}",
        "/api/meetings/",
        "/api/meetings/{id}",
        "/api/action-items/",
        "/api/action-items/{id}",
        "/api/commitments/",
        "/api/commitments/{id}",
        # read-only figures (issue 16, tests/api/test_figures_api.py)
        "/api/frameworks/",
        "/api/evaluations/{year}",
        "/api/districts/{id}/evaluation",
        "/api/gap/",
        "/api/surveys/{id}/aggregates",
    }
    assert set(spec["paths"]["/api/organisations/{id}"]) == {"get", "patch"}
    assert set(spec["paths"]["/api/commitments/"]) == {"get"}
    assert {"TokenAuth", "SessionCsrfAuth"} <= set(spec["components"]["securitySchemes"])


def test_docs_use_local_assets_only(client, db):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert '"validatorUrl": null' in html  # no call to validator.swagger.io
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert f"/static/{asset}" in html
        assert finders.find(asset), asset
