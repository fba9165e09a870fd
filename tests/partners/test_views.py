"""The partner directory and organisation pages."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.core.models import AuditEntry
from mujigae.partners.models import Organisation, OrgKind, Person
from tests import factories as f
from tests.formcheck import LONG, refused, too_long

pytestmark = pytest.mark.django_db


def names(response) -> set[str]:
    assert response.status_code == 200
    return {o.name for o in response.context["page_obj"]}


def test_directory_filters_by_type_industry_area_and_text(world, client_for):
    robot = f.IndustryFactory(district=world.district, name="로봇 AI")
    world.company.industries.add(robot)
    world.company_b.area = "상록구"
    world.company_b.save()
    client = client_for("school")
    url = reverse("partners:directory")
    assert names(client.get(url + "?kind=company")) == {"가나로봇", "다라정밀"}
    assert names(client.get(url + f"?industry={robot.pk}")) == {"가나로봇"}
    assert names(client.get(url + "?area=상록구")) == {"다라정밀"}
    assert names(client.get(url + "?q=정밀")) == {"다라정밀"}
    # another district's organisations never appear; junk filters do not crash
    assert "타지구기업" not in names(client.get(url))
    assert client.get(url + "?kind=zzz&industry=abc&page=999").status_code == 200


def test_ministry_directory_spans_districts_and_filters_by_district(world, client_for):
    client = client_for("ministry")
    assert {"타지구기업", "가나로봇"} <= names(client.get(reverse("partners:directory")))
    assert names(
        client.get(reverse("partners:directory") + f"?district={world.other_district.pk}")
    ) == {"타지구기업"}


def test_organisation_page_shows_people_commitments_actions_meetings(world, client_for, client):
    f.PersonFactory(organisation=world.company, name="이대표", position="대표이사")
    meeting = f.MeetingFactory(district=world.district, title="기업 간담회")
    meeting.organisations.add(world.company)
    f.ActionItemFactory(owner=world.company, title="실습 자리 등록")
    url = reverse("partners:organisation_detail", args=[world.company.pk])
    page = client_for("coordinator").get(url).content.decode()
    for text in ["이대표", "대표이사", "기업 간담회", "실습 자리 등록"]:
        assert text in page
    # another company sees the organisation page but not its action items
    client.force_login(world.users["company_b"])
    page = client.get(url).content.decode()
    assert "이대표" in page and "실습 자리 등록" not in page
    # other district: not found
    client.force_login(world.users["other_coordinator"])
    assert client.get(url).status_code == 404


def test_coordinator_adds_organisation_and_duplicate_is_refused(world, client_for):
    client = client_for("coordinator")
    data = {"name": "새기업", "kind": OrgKind.COMPANY, "area": "단원구", "employees": "25"}
    response = client.post(reverse("partners:organisation_create"), data)
    org = Organisation.objects.get(name="새기업")
    assert response.status_code == 302 and org.district == world.district
    assert AuditEntry.objects.filter(
        object_type="partners.Organisation", object_id=str(org.pk), action="create"
    ).exists()
    response = client.post(reverse("partners:organisation_create"), data)
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert Organisation.objects.filter(name="새기업").count() == 1
    response = client.post(
        reverse("partners:organisation_create"),
        {"name": "x", "kind": "nonsense", "employees": "-3"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() >= {"kind", "employees"}


def test_coordinator_edits_organisation_with_audit_diff(world, client_for):
    client = client_for("coordinator")
    url = reverse("partners:organisation_edit", args=[world.company.pk])
    response = client.post(url, {"name": "가나로봇(주)", "kind": OrgKind.COMPANY, "area": "단원구"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(
        object_type="partners.Organisation", object_id=str(world.company.pk), action="update"
    )
    assert entry.changes["name"] == ["가나로봇", "가나로봇(주)"]


def test_people_are_added_and_edited(world, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("partners:person_create", args=[world.school.pk]),
        {"name": "최교사", "position": "취업부장", "email": "not-an-email"},
    )
    assert response.status_code == 422 and "email" in response.context["form"].errors
    response = client.post(
        reverse("partners:person_create", args=[world.school.pk]),
        {"name": "최교사", "position": "취업부장", "email": "choi@school.example.kr"},
    )
    person = Person.objects.get(name="최교사")
    assert (
        response.status_code == 302
        and person.organisation == world.school
        and person.district == world.district
    )
    client.post(
        reverse("partners:person_edit", args=[person.pk]), {"name": "최교사", "position": "교감"}
    )
    person.refresh_from_db()
    assert person.position == "교감"


def test_directory_export_opens_in_excel_with_korean_headers(world, client_for):
    response = client_for("coordinator").get(reverse("partners:directory_export") + "?kind=company")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1] in ("기관명", "이름", "Name")
    assert sorted(r[1] for r in rows[1:]) == ["가나로봇", "다라정밀"]


def test_organisation_and_person_forms_say_too_long_and_save_nothing(world, client_for):
    client = client_for("coordinator")
    before = Organisation.objects.count()
    response = client.post(
        reverse("partners:organisation_create"),
        {"name": LONG, "kind": OrgKind.COMPANY, "area": "단원구", "employees": "25"},
    )
    page = refused(response, LONG, "단원구")
    assert too_long(200) in page
    assert Organisation.objects.count() == before
    response = client.post(
        reverse("partners:person_create", args=[world.school.pk]),
        {"name": LONG, "position": "취업부장", "email": "kim@example.com"},
    )
    page = refused(response, "취업부장", "kim@example.com")
    assert too_long(100) in page
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()
