"""Free text -> competency units: suggestions, a coordinator's confirmation, and
the selector the skills-gap analysis reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.competencies import services
from mujigae.competencies.models import TagSource, UnitTag
from mujigae.competencies.selectors import confirmed_units_for_hiring_rows
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from tests.competencies import factories as cf
from tests.formcheck import LONG, refused, too_long

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(world):
    units = {
        "plan": cf.unit("1903060101_17v1", "로봇 유지보수 계획 수립"),
        "check": cf.unit("1903060102_17v1", "로봇 하드웨어 점검"),
        "plc": cf.unit("1903080101_17v1", "PLC 제어 프로그램 작성"),
    }
    resp = cf.response(world.district, world.company)
    other = cf.response(world.other_district, world.other_company, title="타지구 조사")
    return {
        "units": units,
        "coded": cf.hiring_row(resp, "로봇 정비", "1903060101_17v1 로봇 유지보수 계획 수립"),
        "bare": cf.hiring_row(resp, "로봇 점검", "1903060102"),
        "named": cf.hiring_row(resp, "PLC 기술자", "PLC 제어 프로그램, 로봇 하드웨어 점검"),
        "wrong": cf.hiring_row(resp, "설비 보전", "1903060199_17v1"),
        "empty": cf.hiring_row(resp, "생산직", ""),
        "theirs": cf.hiring_row(other, "타지구", "로봇 정비"),
        "answer": cf.text_answer(resp),
        "resp": resp,
    }


def test_codes_written_in_a_row_resolve_by_themselves(rows):
    units = rows["units"]
    got = confirmed_units_for_hiring_rows()
    assert got[rows["coded"].pk] == [units["plan"].pk]
    assert got[rows["bare"].pk] == [units["check"].pk]  # 10 digits: the newest version
    assert (
        got[rows["named"].pk] == [] and got[rows["wrong"].pk] == [] and got[rows["empty"].pk] == []
    )
    assert rows["theirs"].pk in got


def test_confirmed_tags_add_to_the_codes_and_districts_filter(world, rows):
    units = rows["units"]
    coordinator = world.users["coordinator"]
    services.unit_tags_confirm(
        actor=coordinator,
        district=world.district,
        source_kind=TagSource.HIRING,
        source_id=rows["coded"].pk,
        text="로봇 정비",
        units=[units["check"], units["plan"]],
    )
    got = confirmed_units_for_hiring_rows(district_ids=[world.district.pk])
    assert got[rows["coded"].pk] == [units["plan"].pk, units["check"].pk]  # no duplicate
    assert rows["theirs"].pk not in got
    assert UnitTag.objects.count() == 2


def test_the_queue_lists_rows_still_to_confirm(client_for, rows):
    page = client_for("coordinator").get(reverse("competencies:queue")).content.decode()
    queue = page.split('data-testid="hiring-queue"')[1].split("</table>")[0]
    for key in ("named", "wrong", "empty"):
        assert reverse("competencies:hiring_confirm", args=[rows[key].pk]) in queue
    for key in ("coded", "bare", "theirs"):
        assert reverse("competencies:hiring_confirm", args=[rows[key].pk]) not in queue
    assert reverse("competencies:answer_confirm", args=[rows["answer"].pk]) in page


def test_coordinator_confirms_suggested_units_for_a_hiring_row(client_for, world, rows):
    client = client_for("coordinator")
    row = rows["named"]
    url = reverse("competencies:hiring_confirm", args=[row.pk])
    page = client.get(url).content.decode()
    suggestions = page.split('data-testid="suggestions"')[1].split("</table>")[0]
    assert "1903080101_17v1" in suggestions  # "PLC 제어 프로그램" finds the PLC unit
    plc, check = rows["units"]["plc"], rows["units"]["check"]
    response = client.post(url, {"unit": [plc.pk], "codes": "1903060102_17v1"})
    assert response.status_code == 302
    tags = UnitTag.objects.filter(source_kind=TagSource.HIRING, source_id=row.pk)
    assert {t.unit for t in tags} == {plc, check}
    assert all(t.confirmed_by == world.users["coordinator"] for t in tags)
    assert all(t.district == world.district and t.confirmed_at for t in tags)
    assert AuditEntry.objects.filter(object_type="competencies.UnitTag").count() == 2
    # a double submit adds nothing
    client.post(url, {"unit": [plc.pk]})
    assert tags.count() == 2
    # now resolved: out of the queue, into the gap analysis
    assert set(confirmed_units_for_hiring_rows()[row.pk]) == {plc.pk, check.pk}
    queue = client.get(reverse("competencies:queue")).content.decode()
    assert url not in queue.split('data-testid="hiring-queue"')[1].split("</table>")[0]


def test_confirming_nothing_or_an_unknown_code_is_refused_in_korean(client_for, rows):
    client = client_for("coordinator")
    url = reverse("competencies:hiring_confirm", args=[rows["named"].pk])
    response = client.post(url, {"unit": []})
    assert response.status_code == 422
    assert "능력단위를 하나 이상 선택하세요" in response.content.decode()
    response = client.post(url, {"codes": "1903080101_17v1, 0000000000_00v0"})
    assert response.status_code == 422
    assert "분류체계에 없는 능력단위 코드입니다: 0000000000_00v0" in response.content.decode()
    assert UnitTag.objects.count() == 0  # nothing half-saved


def test_a_confirmation_can_be_removed(client_for, world, rows):
    tag = cf.tag(world.district, rows["units"]["plc"], source_id=rows["named"].pk)
    client = client_for("coordinator")
    response = client.post(reverse("competencies:tag_remove", args=[tag.pk]))
    assert response.status_code == 302
    assert not UnitTag.objects.exists()


def test_coordinator_confirms_units_for_a_free_text_answer(client_for, world, rows):
    answer = rows["answer"]
    client = client_for("coordinator")
    url = reverse("competencies:answer_confirm", args=[answer.pk])
    page = client.get(url).content.decode()
    assert answer.text in page
    client.post(url, {"unit": [rows["units"]["plc"].pk]})
    tag = UnitTag.objects.get(source_kind=TagSource.ANSWER)
    assert tag.source_id == answer.pk and tag.text == answer.text
    queue = client.get(reverse("competencies:queue")).content.decode()
    assert url not in queue


def test_coordinator_pastes_a_job_description(client_for, world, rows):
    client = client_for("coordinator")
    url = reverse("competencies:text_confirm")
    text = "산업용 로봇 하드웨어 점검과 PLC 제어 프로그램 작성 업무"
    page = client.post(url, {"step": "suggest", "title": "채용 공고", "text": text})
    assert "1903080101_17v1" in page.content.decode()
    response = client.post(
        url,
        {"step": "confirm", "title": "채용 공고", "text": text, "unit": [rows["units"]["plc"].pk]},
    )
    assert response.status_code == 302
    tag = UnitTag.objects.get(source_kind=TagSource.JOB_DESCRIPTION)
    assert tag.title == "채용 공고" and tag.text == text and tag.source_id is None
    response = client.post(url, {"step": "confirm", "title": "", "text": "", "unit": []})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["school", "company", "partner", "ministry"])
def test_only_coordinators_see_and_confirm_survey_rows(client_for, rows, role):
    client = client_for(role)
    url = reverse("competencies:hiring_confirm", args=[rows["named"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"unit": [rows["units"]["plc"].pk]}).status_code == 403
    assert client.get(reverse("competencies:queue")).status_code == 403
    assert not UnitTag.objects.exists()


def test_another_districts_coordinator_gets_404(client, world, rows):
    client.force_login(world.users["other_coordinator"])
    url = reverse("competencies:hiring_confirm", args=[rows["named"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"unit": [rows["units"]["plc"].pk]}).status_code == 404
    answer = reverse("competencies:answer_confirm", args=[rows["answer"].pk])
    assert client.post(answer, {"unit": [rows["units"]["plc"].pk]}).status_code == 404
    assert not UnitTag.objects.exists()


def test_the_service_refuses_a_missing_source(world, rows):
    with pytest.raises(ApplicationError):
        services.unit_tags_confirm(
            actor=world.users["coordinator"],
            district=world.district,
            source_kind=TagSource.HIRING,
            text="x",
            units=[rows["units"]["plc"]],
        )


def test_a_pasted_job_description_with_a_long_title_is_said_too_long(client_for, rows):
    client = client_for("coordinator")
    url = reverse("competencies:text_confirm")
    text = "산업용 로봇 하드웨어 점검 업무"
    response = client.post(
        url, {"step": "confirm", "title": LONG, "text": text, "unit": [rows["units"]["plc"].pk]}
    )
    page = refused(response, LONG, text)
    assert too_long(200) in page
    # a confirmation's "next" never leads off the site
    row_url = reverse("competencies:hiring_confirm", args=[rows["named"].pk])
    response = client.post(
        row_url, {"unit": [rows["units"]["plc"].pk], "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == row_url
    assert UnitTag.objects.count() == 1
