"""Pages as each role, through the policy."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.curriculum import services_proposals as sp
from mujigae.curriculum.models import Cohort, Module, ModuleProposal, ProposalStatus
from tests.formcheck import LONG, refused, too_long

pytestmark = pytest.mark.django_db


def _proposal(world, curr, who="company", programme=None):
    return sp.proposal_create(
        actor=world.users[who],
        programme=programme or curr.school_programme,
        name=f"{who}의 제안 모듈",
        units=[(curr.units[2], 12)],
    )


def test_programme_list_filters_and_detail_shows_units_and_hours(world, curr, client_for):
    c = client_for("partner")
    html = c.get(reverse("curriculum:programme_list"), {"kind": "school_major"}).content.decode()
    assert "로봇제어과" in html and "재직자 자동화 과정" not in html and "타지구 과정" not in html
    html = c.get(
        reverse("curriculum:programme_list"), {"provider": world.partner.pk}
    ).content.decode()
    assert "재직자 자동화 과정" in html and "로봇제어과" not in html
    html = c.get(reverse("curriculum:programme_detail", args=[curr.school_programme.pk])).content
    html = html.decode()
    assert "로봇 유지보수 기초" in html and curr.units[0].code in html
    assert "50시간" in html  # 30 + 20


def test_other_district_programme_is_404(world, curr, client_for):
    c = client_for("coordinator")
    url = reverse("curriculum:programme_detail", args=[curr.other_programme.pk])
    assert c.get(url).status_code == 404


def test_ministry_reads_every_district(world, curr, client_for):
    c = client_for("ministry")
    html = c.get(reverse("curriculum:programme_list")).content.decode()
    assert "로봇제어과" in html and "타지구 과정" in html


def test_school_edits_own_programme_not_the_partners(world, curr, client_for):
    c = client_for("school")
    ok = c.post(
        reverse("curriculum:programme_edit", args=[curr.school_programme.pk]),
        {"provider": world.school.pk, "kind": "school_major", "name": "로봇제어과(개편)"},
    )
    assert ok.status_code == 302
    denied = c.post(
        reverse("curriculum:programme_edit", args=[curr.partner_programme.pk]),
        {"provider": world.partner.pk, "kind": "training_institute", "name": "가로채기"},
    )
    assert denied.status_code == 403
    curr.partner_programme.refresh_from_db()
    assert curr.partner_programme.name == "재직자 자동화 과정"


def test_school_cannot_create_a_programme_for_another_org(world, client_for):
    c = client_for("school")
    response = c.post(
        reverse("curriculum:programme_create"),
        {"provider": world.company.pk, "kind": "school_major", "name": "남의 과정"},
    )
    assert response.status_code == 422  # not a choice for the school
    assert "남의 과정" not in [p.name for p in world.company.programmes.all()]


def test_module_form_rows_and_errors_in_korean(world, curr, client_for):
    c = client_for("school")
    url = reverse("curriculum:module_create", args=[curr.school_programme.pk])
    bad = c.post(
        url,
        {
            "name": "실습",
            "unit_1": curr.units[0].code,
            "hours_1": "0",
            "unit_2": "없는코드",
            "hours_2": "5",
            "unit_3": f"{curr.units[1].code} {curr.units[1].name}",
            "hours_3": "8",
            "unit_4": curr.units[1].code,
            "hours_4": "4",
        },
    )
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "0보다 커야" in html and "없는코드" in html and "3행" in html
    assert not Module.objects.filter(name="실습").exists()
    good = c.post(
        url,
        {"name": "실습", "unit_1": f"{curr.units[3].code} 아무 이름", "hours_1": "36"},
    )
    assert good.status_code == 302
    module = Module.objects.get(name="실습")
    assert [(mu.unit_id, mu.hours) for mu in module.unit_hours.all()] == [(curr.units[3].pk, 36)]


def test_unit_search_fragment_and_page(world, curr, client_for):
    c = client_for("company")
    url = reverse("curriculum:unit_search")
    fragment = c.get(url, {"unit_1": "티칭"}, headers={"HX-Request": "true"}).content.decode()
    assert "<option" in fragment and curr.units[3].code in fragment and "<html" not in fragment
    page = c.get(url, {"q": "19030601"}).content.decode()
    assert all(u.code in page for u in curr.units)


def test_cohort_form_rejects_completed_over_enrolled_and_duplicate_year(world, curr, client_for):
    c = client_for("school")
    url = reverse("curriculum:cohort_create", args=[curr.school_programme.pk])
    assert c.post(url, {"year": 2025, "enrolled": 10, "completed": 12}).status_code == 422
    assert c.post(url, {"year": 2025, "enrolled": 10, "completed": 9}).status_code == 302
    dup = c.post(url, {"year": 2025, "enrolled": 11})
    assert dup.status_code == 409 and "2025" in dup.content.decode()
    assert Cohort.objects.filter(programme=curr.school_programme).count() == 1


def test_cohort_import_page_lists_bad_rows(world, curr, client_for):
    c = client_for("coordinator")
    content = "과정명,연도,입학인원,이수인원\n로봇제어과,2025,10,11\n없는 과정,2025,1,1\n"
    upload = SimpleUploadedFile("c.csv", content.encode("utf-8"), content_type="text/csv")
    response = c.post(reverse("curriculum:cohort_import"), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "가져오지 않았습니다" in html and "없는 과정" in html
    assert not Cohort.objects.exists()


def test_export_has_three_sheets(world, curr, client_for):
    Cohort.objects.create(
        programme=curr.school_programme, district=world.district, year=2025, enrolled=20
    )
    response = client_for("company").get(reverse("curriculum:programme_export"))
    wb = load_workbook(BytesIO(response.content), read_only=True)
    assert len(wb.sheetnames) == 3
    text = " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    assert "로봇제어과" in text and curr.units[0].code in text and "타지구 과정" not in text


def test_company_sees_only_its_own_proposals_and_district_counts(world, curr, client_for):
    mine = _proposal(world, curr)
    theirs = _proposal(world, curr, who="company_b", programme=curr.partner_programme)
    c = client_for("company")
    html = c.get(reverse("curriculum:proposal_list")).content.decode()
    assert "company의 제안 모듈" in html and "company_b의 제안 모듈" not in html
    assert c.get(reverse("curriculum:proposal_detail", args=[theirs.pk])).status_code == 404
    assert (
        c.post(reverse("curriculum:proposal_comment", args=[theirs.pk]), {"text": "x"}).status_code
        == 404
    )
    assert (
        c.post(
            reverse("curriculum:proposal_transition", args=[theirs.pk]), {"action": "submit"}
        ).status_code
        == 404
    )
    # the counts table covers the district: two drafts
    assert c.get(reverse("curriculum:proposal_detail", args=[mine.pk])).status_code == 200
    counts = c.get(reverse("curriculum:proposal_list")).context["counts"]
    assert counts[0]["total"] == 2 and len(counts) == 1


def test_ministry_sees_counts_but_no_proposal(world, curr, client_for):
    p = _proposal(world, curr)
    c = client_for("ministry")
    response = c.get(reverse("curriculum:proposal_list"))
    assert response.status_code == 200 and "company의 제안 모듈" not in response.content.decode()
    assert response.context["counts"][0]["total"] == 1
    assert c.get(reverse("curriculum:proposal_detail", args=[p.pk])).status_code == 403


def test_invalid_step_is_409_with_a_korean_message(world, curr, client_for):
    p = _proposal(world, curr)
    c = client_for("coordinator")
    response = c.post(reverse("curriculum:proposal_transition", args=[p.pk]), {"action": "approve"})
    assert response.status_code == 409
    assert "작성 중" in response.content.decode()
    assert ModuleProposal.objects.get(pk=p.pk).status == ProposalStatus.DRAFT
    assert (
        c.post(
            reverse("curriculum:proposal_transition", args=[p.pk]), {"action": "fly"}
        ).status_code
        == 422
    )


def test_workflow_through_the_pages(world, curr, client_for, client):
    c = client_for("company")
    response = c.post(
        reverse("curriculum:proposal_create"),
        {
            "programme": curr.school_programme.pk,
            "name": "비전 검사 모듈",
            "unit_1": curr.units[2].code,
            "hours_1": "20",
        },
    )
    assert response.status_code == 302
    p = ModuleProposal.objects.get()
    edit = reverse("curriculum:proposal_edit", args=[p.pk])
    c.post(edit, {"name": "비전 검사 모듈", "unit_1": curr.units[2].code, "hours_1": "24"})
    assert p.versions.count() == 2
    step = reverse("curriculum:proposal_transition", args=[p.pk])
    assert c.post(step, {"action": "submit"}).status_code == 302
    # submitted: no more edits
    assert (
        c.post(edit, {"name": "x", "unit_1": curr.units[2].code, "hours_1": "1"}).status_code == 409
    )
    client.force_login(world.users["school"])
    detail = client.get(reverse("curriculum:proposal_detail", args=[p.pk])).content.decode()
    assert "20 → 24" in detail  # the version diff
    assert client.post(step, {"action": "return"}).status_code == 422  # needs a comment
    assert client.post(step, {"action": "review", "comment": "좋아요"}).status_code == 302
    client.force_login(world.users["coordinator"])
    assert client.post(step, {"action": "approve"}).status_code == 302
    page = client.get(reverse("curriculum:programme_detail", args=[curr.school_programme.pk]))
    assert "비전 검사 모듈" in page.content.decode()


def test_organisation_page_shows_participation(world, curr, client_for):
    p = _proposal(world, curr)
    sp.proposal_transition(actor=world.users["company"], proposal=p, action="submit")
    url = reverse("partners:organisation_detail", args=[world.company.pk])
    own = client_for("company").get(url).content.decode()
    assert "company의 제안 모듈" in own
    assert "제출 1" in own or "1건" in own
    other = client_for("company_b").get(url).content.decode()
    assert "company의 제안 모듈" not in other  # another company: counts only
    assert "협력" in other or "공동" in other


@pytest.mark.parametrize(
    ("who", "edit", "proposal"),
    [
        ("coordinator", 200, 200),
        ("school", 200, 200),  # its programme; proposals for it
        ("company", 403, 200),  # reads the programme; its own proposal
        ("company_b", 403, 404),  # another company's proposal does not exist for it
        ("partner", 403, 404),
        ("ministry", 403, 403),  # counts only
        ("student", 403, 403),
        ("other_coordinator", 404, 404),
    ],
)
def test_each_role_on_a_school_programme_and_a_proposal(
    world, curr, client_for, who, edit, proposal
):
    p = _proposal(world, curr)
    c = client_for(who)
    assert (
        c.get(reverse("curriculum:programme_edit", args=[curr.school_programme.pk])).status_code
        == edit
    )
    assert c.get(reverse("curriculum:proposal_detail", args=[p.pk])).status_code == proposal
    cohort = c.post(
        reverse("curriculum:cohort_create", args=[curr.school_programme.pk]),
        {"year": 2030, "enrolled": 5},
    )
    assert cohort.status_code == (302 if edit == 200 else edit)
    assert Cohort.objects.filter(year=2030).exists() == (edit == 200)


def test_delete_a_module_needs_confirmation_and_is_audited(world, curr, client_for):
    from mujigae.core.models import AuditEntry

    url = reverse("curriculum:module_delete", args=[curr.module.pk])
    assert client_for("company").post(url, {"confirm": "yes"}).status_code == 403
    c = client_for("school")
    assert c.get(url).status_code == 200
    assert c.post(url, {}).status_code == 422  # box not ticked
    assert Module.objects.filter(pk=curr.module.pk).exists()
    assert c.post(url, {"confirm": "yes"}).status_code == 302
    assert not Module.objects.filter(pk=curr.module.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="curriculum.Module", action="delete", district=world.district
    ).exists()


def test_delete_a_cohort(world, curr, client_for):
    cohort = Cohort.objects.create(
        programme=curr.partner_programme, district=world.district, year=2024, enrolled=9
    )
    url = reverse("curriculum:cohort_delete", args=[cohort.pk])
    assert client_for("school").post(url, {"confirm": "yes"}).status_code == 403
    assert client_for("partner").post(url, {"confirm": "yes"}).status_code == 302
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_approving_a_change_to_a_deleted_module_is_409(world, curr, client_for):
    p = sp.proposal_create(
        actor=world.users["company"],
        programme=curr.school_programme,
        module=curr.module,
        name="바꾼 모듈",
        units=[(curr.units[0], 5)],
    )
    sp.proposal_transition(actor=world.users["company"], proposal=p, action="submit")
    sp.proposal_transition(actor=world.users["school"], proposal=p, action="review")
    client_for("school").post(
        reverse("curriculum:module_delete", args=[curr.module.pk]), {"confirm": "yes"}
    )
    response = client_for("coordinator").post(
        reverse("curriculum:proposal_transition", args=[p.pk]), {"action": "approve"}
    )
    assert response.status_code == 409 and "삭제" in response.content.decode()
    assert ModuleProposal.objects.get(pk=p.pk).status == ProposalStatus.REVIEWED
    assert not Module.objects.filter(name="바꾼 모듈").exists()


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_programme_module_and_cohort_forms_keep_what_was_typed(world, curr, client_for):
    from mujigae.core.models import AuditEntry
    from mujigae.curriculum.models import Programme

    c = client_for("school")
    programmes, modules = Programme.objects.count(), Module.objects.count()
    response = c.post(
        reverse("curriculum:programme_create"),
        {"provider": world.school.pk, "kind": "school_major", "name": LONG, "description": "설명"},
    )
    assert too_long(200) in refused(response, LONG, "설명")
    assert Programme.objects.count() == programmes
    response = c.post(
        reverse("curriculum:module_create", args=[curr.school_programme.pk]),
        {"name": LONG, "unit_1": curr.units[3].code, "hours_1": "36"},
    )
    assert too_long(200) in refused(response, curr.units[3].code, "36")
    assert Module.objects.count() == modules
    response = c.post(
        reverse("curriculum:cohort_create", args=[curr.school_programme.pk]),
        {"year": "2025", "enrolled": "10", "completed": "12"},
    )
    page = refused(response, "12")
    assert "이수 인원(12명)이 등록 인원(10명)보다 많습니다." in page
    assert not Cohort.objects.filter(programme=curr.school_programme, year=2025).exists()
    assert not AuditEntry.objects.exists()


def test_proposal_step_and_comment_refusals_keep_the_comment(world, curr, client_for):
    p = _proposal(world, curr)
    sp.proposal_transition(actor=world.users["company"], proposal=p, action="submit")
    c = client_for("school")
    step = reverse("curriculum:proposal_transition", args=[p.pk])
    # "return" needs a comment: the page again, the refusal on top
    response = c.post(step, {"action": "return", "comment": "  "})
    refused(response)
    assert "의견을 적어 주세요" in response.content.decode()
    # a step that does not exist: the form says so, with the comment as typed
    response = c.post(step, {"action": "fly", "comment": "다시 보세요"})
    refused(response, "다시 보세요")
    p.refresh_from_db()
    assert p.status == ProposalStatus.SUBMITTED
    response = c.post(reverse("curriculum:proposal_comment", args=[p.pk]), {"text": ""})
    assert "의견을 입력하세요." in refused(response)
    assert p.comments.count() == 1  # the submission's only
