"""Taxonomy, import and competency-map pages as each role (through the policy)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.competencies.models import CompetencyUnit, Occupation
from mujigae.core.models import AuditEntry
from tests import factories as f
from tests.competencies import factories as cf
from tests.competencies.ncs_files import good_rows, to_csv
from tests.formcheck import LONG, refused, too_long

pytestmark = pytest.mark.django_db


def _upload(raw: bytes, name: str = "ncs.csv"):
    return SimpleUploadedFile(name, raw, content_type="text/csv")


@pytest.fixture
def taxonomy(world):
    unit = cf.unit("1903060101_17v1", "로봇 유지보수 계획 수립")
    other = cf.unit("1903060102_17v1", "로봇 하드웨어 점검")
    robot = f.IndustryFactory(district=world.district, code="robot-ai", name="로봇 AI")
    occ = cf.occupation(world.district, "로봇 유지보수 기술자", units=[unit], industry=robot)
    theirs = cf.occupation(world.other_district, "타지구 직종", units=[unit])
    return {"unit": unit, "other": other, "occ": occ, "theirs": theirs, "robot": robot}


def test_the_taxonomy_is_browsed_from_major_category_to_unit(client_for, taxonomy):
    client = client_for("company")
    page = client.get(reverse("competencies:taxonomy")).content.decode()
    assert "분류 19" in page
    unit = taxonomy["unit"]
    major = unit.job.parent.parent.parent
    page = client.get(reverse("competencies:class_detail", args=[major.pk])).content.decode()
    assert "분류 1903" in page
    page = client.get(reverse("competencies:class_detail", args=[unit.job.pk])).content.decode()
    assert "로봇 유지보수 계획 수립" in page and "로봇 하드웨어 점검" in page
    page = client.get(reverse("competencies:unit_detail", args=[unit.pk])).content.decode()
    assert "1903060101_17v1" in page and "로봇 유지보수 계획 수립 요소" in page
    # which occupations use it: our district's, not the other district's
    assert "로봇 유지보수 기술자" in page and "타지구 직종" not in page


def test_the_ministry_sees_every_districts_occupations_on_a_unit(client_for, taxonomy):
    page = client_for("ministry").get(
        reverse("competencies:unit_detail", args=[taxonomy["unit"].pk])
    )
    assert "타지구 직종" in page.content.decode()


def test_search_by_code_and_by_name(client_for, taxonomy):
    client = client_for("partner")
    url = reverse("competencies:taxonomy")
    by_code = client.get(url, {"q": "1903060102"}).content.decode()
    assert (
        "로봇 하드웨어 점검" in by_code
        and "로봇 유지보수 계획 수립" not in by_code.split('data-testid="unit-results"')[1]
    )
    by_name = client.get(url, {"q": "하드웨어 점검"}).content.decode()
    assert "1903060102_17v1" in by_name
    nothing = client.get(url, {"q": "없는말"}).content.decode()
    assert "찾은 능력단위가 없습니다" in nothing


def test_students_and_visitors_cannot_browse(client, world, taxonomy):
    assert client.get(reverse("competencies:taxonomy")).status_code == 302
    client.force_login(world.users["student"])
    assert client.get(reverse("competencies:taxonomy")).status_code == 403


def test_coordinator_imports_a_file_and_sees_the_counts(client_for, world):
    client = client_for("coordinator")
    response = client.post(
        reverse("competencies:taxonomy_import"), {"file": _upload(to_csv(good_rows()))}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "파일을 가져왔습니다" in page and "능력단위 3개 추가" in page
    assert CompetencyUnit.objects.count() == 3


def test_a_bad_file_shows_every_problem_and_saves_nothing(client_for, world):
    rows = good_rows()
    rows[0]["수준"] = "10"
    rows[4]["능력단위분류번호"] = "19030601"
    response = client_for("coordinator").post(
        reverse("competencies:taxonomy_import"), {"file": _upload(to_csv(rows))}
    )
    assert response.status_code == 422
    page = response.content.decode()
    table = page.split('data-testid="import-errors"')[1].split("</table>")[0]
    assert table.count("<tr>") == 3  # header + two problems
    assert "수준은 1에서 8 사이의 정수여야 합니다(입력값: 10)" in table
    assert '<td class="num">6</td>' in table and "능력단위분류번호" in table
    assert "아무것도 가져오지 않았습니다" in page
    assert CompetencyUnit.objects.count() == 0


def test_wrong_kind_of_file_and_too_big_a_file_get_a_friendly_error(client_for, settings):
    client = client_for("coordinator")
    url = reverse("competencies:taxonomy_import")
    response = client.post(url, {"file": _upload(b"%PDF-1.4", "ncs.pdf")})
    assert response.status_code == 400  # unreadable (docs/imports.md)
    assert "CSV(.csv) 또는 엑셀(.xlsx) 파일을 선택하세요" in response.content.decode()
    settings.MUJIGAE_NCS_IMPORT_MAX_MB = 0
    response = client.post(url, {"file": _upload(to_csv(good_rows()))})
    assert response.status_code == 413
    assert "파일이 너무 큽니다" in response.content.decode()
    assert CompetencyUnit.objects.count() == 0


@pytest.mark.parametrize("role", ["school", "company", "partner", "ministry"])
def test_only_coordinators_import(client_for, role):
    response = client_for(role).post(
        reverse("competencies:taxonomy_import"), {"file": _upload(to_csv(good_rows()))}
    )
    assert response.status_code == 403
    assert CompetencyUnit.objects.count() == 0


def test_the_map_shows_the_districts_occupations_by_industry(client_for, taxonomy):
    page = client_for("company").get(reverse("competencies:map")).content.decode()
    assert (
        "로봇 AI" in page and "로봇 유지보수 기술자" in page and "로봇 유지보수 계획 수립" in page
    )
    assert "타지구 직종" not in page
    assert "직종 추가" not in page  # companies read only


def test_the_ministry_chooses_the_district_on_the_map(client_for, world, taxonomy):
    client = client_for("ministry")
    page = client.get(reverse("competencies:map"), {"district": world.other_district.pk})
    assert "타지구 직종" in page.content.decode()


def test_the_map_exports_to_excel(client_for, taxonomy):
    response = client_for("school").get(reverse("competencies:map_export"))
    wb = load_workbook(BytesIO(response.content), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("지구", "산업", "직종")
    assert ("로봇 AI", "로봇 유지보수 기술자", "1903060101_17v1") in [r[1:3] + r[4:5] for r in rows]
    assert not any("타지구 직종" in str(r) for r in rows)


def test_coordinator_builds_the_map(client_for, world, taxonomy):
    client = client_for("coordinator")
    response = client.post(
        reverse("competencies:occupation_create"),
        {"name": "머신비전 검사원", "industry": taxonomy["robot"].pk, "job_code": "19030601"},
    )
    occ = Occupation.objects.get(district=world.district, name="머신비전 검사원")
    assert response.status_code == 302 and occ.job.code == "19030601"
    add = reverse("competencies:occupation_units_add", args=[occ.pk])
    client.post(add, {"unit": [taxonomy["unit"].pk]})
    client.post(add, {"codes": "1903060102_17v1"})
    assert set(occ.units.values_list("code", flat=True)) == {"1903060101_17v1", "1903060102_17v1"}
    response = client.post(add, {"codes": "9999999999_99v9"}, follow=True)
    assert "분류체계에 없는 능력단위 코드입니다: 9999999999_99v9" in response.content.decode()
    client.post(
        reverse("competencies:occupation_unit_remove", args=[occ.pk]),
        {"unit": taxonomy["unit"].pk},
    )
    assert list(occ.units.values_list("code", flat=True)) == ["1903060102_17v1"]
    assert AuditEntry.objects.filter(object_type="competencies.Occupation").count() == 4
    # the unit search on the occupation page
    page = client.get(
        reverse("competencies:occupation_detail", args=[occ.pk]), {"q": "유지보수"}
    ).content.decode()
    assert 'name="unit"' in page and "1903060101_17v1" in page


def test_occupation_form_errors_are_korean_and_nothing_is_saved(client_for, world, taxonomy):
    client = client_for("coordinator")
    response = client.post(
        reverse("competencies:occupation_create"),
        {"name": "로봇 유지보수 기술자", "job_code": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "이 코드의 NCS 세분류가 없습니다" in page
    response = client.post(
        reverse("competencies:occupation_create"), {"name": "로봇 유지보수 기술자"}
    )
    assert "같은 이름의 직종이 이미 있습니다" in response.content.decode()
    assert Occupation.objects.filter(district=world.district).count() == 1


def test_other_districts_cannot_touch_our_map(client, world, taxonomy):
    client.force_login(world.users["other_coordinator"])
    occ = taxonomy["occ"]
    assert client.get(reverse("competencies:occupation_detail", args=[occ.pk])).status_code == 404
    add = reverse("competencies:occupation_units_add", args=[occ.pk])
    assert client.post(add, {"unit": [taxonomy["other"].pk]}).status_code == 404
    assert list(occ.units.all()) == [taxonomy["unit"]]


def test_a_company_cannot_edit_the_map(client_for, taxonomy):
    client = client_for("company")
    occ = taxonomy["occ"]
    assert client.get(reverse("competencies:occupation_detail", args=[occ.pk])).status_code == 200
    url = reverse("competencies:occupation_edit", args=[occ.pk])
    assert client.post(url, {"name": "바꾼 이름"}).status_code == 403
    delete = reverse("competencies:occupation_delete", args=[occ.pk])
    assert client.post(delete).status_code == 403
    occ.refresh_from_db()
    assert occ.name == "로봇 유지보수 기술자"


def test_occupation_forms_keep_what_was_typed_and_save_nothing(client_for, world, taxonomy):
    client = client_for("coordinator")
    before = Occupation.objects.count()
    response = client.post(
        reverse("competencies:occupation_create"), {"name": LONG, "job_code": "19030601"}
    )
    page = refused(response, LONG, "19030601")
    assert too_long(200) in page
    assert Occupation.objects.count() == before
    # an unknown code on the occupation page: the page again, the codes as typed
    occ = taxonomy["occ"]
    response = client.post(
        reverse("competencies:occupation_units_add", args=[occ.pk]),
        {"codes": "1903060102_17v1, 9999999999_99v9"},
    )
    page = refused(response, "1903060102_17v1, 9999999999_99v9")
    assert "분류체계에 없는 능력단위 코드입니다: 9999999999_99v9" in page
    assert list(occ.units.all()) == [taxonomy["unit"]]
    assert not AuditEntry.objects.filter(object_type="competencies.Occupation").exists()
