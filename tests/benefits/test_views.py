"""The pages: the catalogue and its conditions edited in forms, bad input
(Korean messages, nothing written), the company's own view and application,
the coordinator's decisions, the organisation page and the directory filter,
the home's to-do and the ministry's totals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.benefits.models import Benefit, Condition, Grant
from mujigae.core import inbox
from tests.benefits import helpers as h
from tests.benefits.helpers import YEAR


@pytest.fixture
def alloc(world):
    return h.allocation(world.district)


def benefit_form(alloc, **kw):
    return {
        "name": "현장실습 지원금",
        "kind": "trainee_subsidy",
        "allocation": alloc.pk,
        "unit_amount": "200000",
        "unit_label": "인·월",
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR}-12-31",
        "yearly_cap": "1200000",
        "description": "",
        **kw,
    }


def test_coordinator_adds_a_benefit_and_its_conditions_in_forms(world, client_for, alloc):
    client = client_for("coordinator")
    response = client.post(reverse("benefits:benefit_create"), benefit_form(alloc))
    benefit = Benefit.objects.get()
    assert response.status_code == 302 and benefit.allocation == alloc
    url = reverse("benefits:condition_add", args=[benefit.pk])
    client.post(url, {"kind": "hosted", "threshold": "2", "window": "year", "tier": "any"})
    client.post(url, {"kind": "status", "threshold": "1", "window": "year", "tier": "leading"})
    assert sorted(benefit.conditions.values_list("kind", "threshold")) == [
        ("hosted", 2),
        ("status", 1),
    ]
    page = client.get(reverse("benefits:benefit_detail", args=[benefit.pk])).content.decode()
    assert "현장실습생 N명 이상 수용" in page and "선도만" in page
    hosted = benefit.conditions.get(kind="hosted")
    client.post(
        reverse("benefits:condition_edit", args=[hosted.pk]),
        {"kind": "hosted", "threshold": "3", "window": "two_years", "tier": "any"},
    )
    hosted.refresh_from_db()
    assert (hosted.threshold, hosted.window) == (3, "two_years")
    client.post(reverse("benefits:condition_delete", args=[hosted.pk]), {"confirm": "on"})
    assert not Condition.objects.filter(pk=hosted.pk).exists()


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"unit_amount": "-5"}, "unit_amount", "0보다 큰 금액"),
        ({"unit_amount": "abc"}, "unit_amount", "정수"),
        ({"yearly_cap": "1.5"}, "yearly_cap", "정수"),
        ({"allocation": ""}, "allocation", "지급할 예산"),
        ({"ends_on": f"{YEAR - 1}-01-01"}, "ends_on", "종료일"),
        ({"starts_on": "어제"}, "starts_on", "날짜"),
    ],
)
def test_bad_benefit_input_is_refused_in_korean_and_nothing_is_saved(
    world, client_for, alloc, change, field, message
):
    response = client_for("coordinator").post(
        reverse("benefits:benefit_create"), benefit_form(alloc, **change)
    )
    assert response.status_code in (400, 422)
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, errors
    assert not Benefit.objects.exists()


def test_an_allocation_of_another_district_cannot_pay_a_benefit(world, client_for):
    theirs = h.allocation(world.other_district)
    response = client_for("coordinator").post(
        reverse("benefits:benefit_create"), benefit_form(theirs)
    )
    assert response.status_code in (400, 422) and not Benefit.objects.exists()


def test_a_second_condition_of_the_same_kind_is_refused(world, client_for):
    b = h.benefit(world.district, conditions=["survey"])
    response = client_for("coordinator").post(
        reverse("benefits:condition_add", args=[b.pk]),
        {"kind": "survey", "threshold": "1", "window": "year", "tier": "any"},
    )
    assert response.status_code == 409
    assert "이미 같은 종류의 조건" in response.content.decode()
    assert b.conditions.count() == 1


def test_bad_condition_threshold_is_refused(world, client_for):
    b = h.benefit(world.district)
    response = client_for("coordinator").post(
        reverse("benefits:condition_add", args=[b.pk]),
        {"kind": "hosted", "threshold": "0", "window": "year", "tier": "any"},
    )
    assert response.status_code in (400, 422) and not b.conditions.exists()


def test_company_sees_its_verdict_and_applies_from_its_home(world, client_for):
    b = h.benefit(world.district, name="기업현장교사 수당", conditions=[{"kind": "hosted"}])
    company = world.users["company"]
    assert not [t for t in inbox.todos_for(company) if t.kind == "benefits.apply"]
    h.hosted(world.company, world.school, 1, names=["홍길동"])
    (todo,) = [t for t in inbox.todos_for(company) if t.kind == "benefits.apply"]
    assert todo.title == "신청할 수 있는 혜택 1건"
    client = client_for("company")
    page = client.get(todo.url).content.decode()
    assert "모든 조건 충족" in page and f'data-testid="apply-{b.pk}"' in page
    evidence = client.get(reverse("benefits:evidence", args=[b.pk])).content.decode()
    assert "홍*동" in evidence and "홍길동" not in evidence
    response = client.post(
        reverse("benefits:apply", args=[b.pk]), {"year": YEAR, "quantity": "20", "period": ""}
    )
    grant = Grant.objects.get()
    assert response.status_code == 302 and (grant.company, grant.amount) == (world.company, 600_000)
    # applied: the to-do is gone
    assert not [t for t in inbox.todos_for(company) if t.kind == "benefits.apply"]


@pytest.mark.parametrize(
    "data,message",
    [
        ({"year": YEAR, "quantity": "-3"}, "1 이상"),
        ({"year": YEAR, "quantity": "셋"}, "정수"),
        ({"year": YEAR + 5, "quantity": "1"}, "기간 안의 연도"),
        ({"year": YEAR, "quantity": "71"}, "연간 한도"),
    ],
)
def test_bad_applications_are_refused_in_korean(world, client_for, data, message):
    b = h.benefit(world.district, conditions=[{"kind": "hosted"}])
    h.hosted(world.company, world.school, 1)
    response = client_for("company").post(reverse("benefits:apply", args=[b.pk]), data)
    assert response.status_code in (400, 409, 422)
    assert message in response.content.decode()
    assert not Grant.objects.exists()


def test_a_company_cannot_read_another_companys_grant_or_evidence(world, client_for):
    b = h.benefit(world.district, conditions=["survey"])
    grant = Grant.objects.create(
        district=world.district, benefit=b, company=world.company, year=YEAR, amount=30_000
    )
    client = client_for("company_b")
    assert client.get(reverse("benefits:grant_detail", args=[grant.pk])).status_code == 404
    url = reverse("benefits:evidence", args=[b.pk]) + f"?company={world.company.pk}"
    assert client.get(url).status_code == 404
    ledger = client.get(reverse("benefits:ledger")).content.decode()
    assert b.name not in ledger


def test_coordinator_decides_and_pays_from_the_grant_page(world, client_for):
    b = h.benefit(world.district, conditions=["survey"])
    h.answered(world.company)
    client_for("company").post(
        reverse("benefits:apply", args=[b.pk]), {"year": YEAR, "quantity": "5"}
    )
    grant = Grant.objects.get()
    client = client_for("coordinator")
    (todo,) = [
        t for t in inbox.todos_for(world.users["coordinator"]) if t.kind == "benefits.decide"
    ]
    assert client.get(todo.url).status_code == 200
    url = reverse("benefits:grant_move", args=[grant.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code in (400, 422) and "사유를 입력하세요" in response.content.decode()
    client.post(url, {"action": "approve"})
    client.post(url, {"action": "pay"})
    grant.refresh_from_db()
    assert grant.state == "paid" and grant.spending.amount == 150_000
    page = client.get(reverse("benefits:grant_detail", args=[grant.pk])).content.decode()
    assert "150,000원" in page and "지급" in page


def test_organisation_page_and_directory_filter(world, client_for):
    b = h.benefit(world.district, name="우수 참여기업 인증", kind="certification")
    Grant.objects.create(
        district=world.district, benefit=b, company=world.company, year=YEAR, state="approved"
    )
    h.hired(world.company, world.school, 2)
    org_url = reverse("partners:organisation_detail", args=[world.company.pk])
    coordinator = client_for("coordinator")
    page = coordinator.get(org_url).content.decode()
    assert "우수 참여기업 인증" in page and "이수자 채용 2명" in page
    directory = coordinator.get(reverse("partners:directory") + "?benefit_this_year=on")
    names = [o.name for o in directory.context["page_obj"]]
    assert names == [world.company.name]
    assert "올해 혜택 받음" in directory.content.decode()
    # a school sees neither the section nor the filter
    school = client_for("school")
    assert "우수 참여기업 인증" not in school.get(org_url).content.decode()
    assert "올해 혜택 받음" not in school.get(reverse("partners:directory")).content.decode()


def test_ministry_sees_totals_per_district_and_kind_only(world, client_for):
    b = h.benefit(world.district)
    Grant.objects.create(
        district=world.district,
        benefit=b,
        company=world.company,
        year=YEAR,
        state="approved",
        amount=300_000,
        quantity=10,
    )
    page = client_for("ministry").get(reverse("benefits:national")).content.decode()
    assert world.district.name in page and "기업현장교사 수당(일당, 상한 있음)" in page
    assert world.company.name not in page


def test_quantities_are_written_as_korean_does(world, client_for):
    # issue 16: a count and its unit without a space (1,200회, not "1,200 회")
    b = h.benefit(world.district, kind="facility", yearly_cap=1200)
    page = client_for("coordinator").get(reverse("benefits:benefit_detail", args=[b.pk]))
    assert "<dd>1,200회</dd>" in page.content.decode()
    from mujigae.benefits.services import describe

    assert describe(b, 3) == "3회"
