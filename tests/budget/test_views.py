"""The plan and spending pages as a coordinator and as a runner: what they
show, and bad input answered in Korean with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mujigae.budget import services
from mujigae.budget.forms import parse_won
from mujigae.budget.models import (
    Allocation,
    Amendment,
    FiscalYear,
    FundingSource,
    Project,
    Spending,
)
from tests.budget.conftest import HEADERS


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1,234,000", 1_234_000),
        ("1234000원", 1_234_000),
        ("1,234,000 원", 1_234_000),
        ("₩1,234,000", 1_234_000),
        ("１２３４", 1234),
        (1234000.0, 1_234_000),
        (500, 500),
    ],
)
def test_amounts_are_read_as_whole_won(typed, expected):
    assert parse_won(typed) == (expected, None)


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("-5,000", "금액은 음수일 수 없습니다."),
        ("0", "금액은 0원보다 커야 합니다."),
        ("1234.5", "금액은 소수점 없이 원 단위 정수로 입력하세요."),
        (12.5, "금액은 소수점 없이 원 단위 정수로 입력하세요."),
        ("천원", "금액을 숫자로 입력하세요(예: 1,234,000)."),
        ("12abc", "금액을 숫자로 입력하세요(예: 1,234,000)."),
        ("", "금액을 입력하세요."),
    ],
)
def test_bad_amounts_get_a_korean_reason(typed, reason):
    assert parse_won(typed) == (None, reason)


def test_year_list_shows_totals_and_the_empty_state(client_for, world):
    c = client_for("coordinator")
    page = c.get(reverse("budget:year_list")).content.decode()
    assert "아직 회계연도가 없습니다" in page


def test_year_list_totals(client_for, budget):
    page = client_for("coordinator").get(reverse("budget:year_list")).content.decode()
    assert "150,000,000원" in page and "2026년 예산" in page


def test_runner_sees_only_its_projects(client_for, budget):
    page = client_for("school").get(reverse("budget:year_list")).content.decode()
    assert "현장실습 지원" in page and "정착 지원" not in page
    assert (
        client_for("school").get(reverse("budget:project_detail", args=[budget.p1.pk])).status_code
        == 200
    )
    assert (
        client_for("school").get(reverse("budget:project_detail", args=[budget.p2.pk])).status_code
        == 404
    )
    assert (
        client_for("partner").get(reverse("budget:project_detail", args=[budget.p1.pk])).status_code
        == 404
    )


def test_year_create_seeds_then_creates_with_default_dates(client_for, world):
    c = client_for("coordinator")
    page = c.get(reverse("budget:year_create")).content.decode()
    assert "기본 목록 추가" in page
    c.post(reverse("budget:year_create"), {"op": "seed"})
    sources = list(FundingSource.objects.filter(district=world.district))
    assert len(sources) == 4
    data = {
        "year": "2027",
        f"source_{sources[0].pk}": "300,000,000",
        f"source_{sources[1].pk}": "1억",
    }
    response = c.post(reverse("budget:year_create"), data)
    assert response.status_code == 422
    assert "금액을 숫자로 입력하세요" in response.content.decode()
    assert not FiscalYear.objects.exists()
    data[f"source_{sources[1].pk}"] = "150000000원"
    response = c.post(reverse("budget:year_create"), data)
    assert response.status_code == 302
    year = FiscalYear.objects.get(year=2027)
    assert (year.starts_on, year.ends_on) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert sorted(year.fundings.values_list("original", flat=True)) == [150_000_000, 300_000_000]


def test_year_detail_shows_the_plan_and_history(client_for, world, budget):
    services.amend_allocation(
        actor=world.users["coordinator"],
        allocation=budget.a_ops,
        after=12_000_000,
        on=dt.date(2026, 4, 1),
        reason="재료비 인상",
    )
    page = (
        client_for("coordinator").get(reverse("budget:year_detail", args=[2026])).content.decode()
    )
    for text in (
        "교육부 특별교부금",
        "현장실습 지원",
        "10,000,000원",
        "12,000,000원",
        "재료비 인상",
        "coordinator",
    ):
        assert text in page, text


def test_project_create_with_grid_refuses_over_the_source(client_for, budget):
    c = client_for("coordinator")
    url = reverse("budget:project_create", args=[2026])
    key = f"grid-a_{budget.grant.pk}_{budget.travel.pk}"
    response = c.post(url, {"name": "해외 연수", key: "80,000,000"})
    assert response.status_code == 422
    assert "재원의 현재 예산" in response.content.decode()
    assert not Project.objects.filter(name="해외 연수").exists()
    response = c.post(url, {"name": "해외 연수", key: "-1"})
    assert response.status_code == 422 and "음수" in response.content.decode()
    response = c.post(url, {"name": "해외 연수", "code": "P-03", key: "3,000,000원"})
    assert response.status_code == 302
    project = Project.objects.get(name="해외 연수")
    assert list(project.allocations.values_list("original", "current")) == [(3_000_000, 3_000_000)]


def test_project_edit_keeps_allocations(client_for, budget):
    c = client_for("coordinator")
    response = c.post(
        reverse("budget:project_edit", args=[budget.p1.pk]),
        {"name": "현장실습 지원 사업", "code": "P-01", "runner": budget.p1.runner_id},
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=budget.p1.pk).name == "현장실습 지원 사업"
    assert Allocation.objects.filter(project=budget.p1).count() == 2


def test_amend_page_needs_a_reason_and_one_target(client_for, budget):
    c = client_for("coordinator")
    url = reverse("budget:amend", args=[2026])
    response = c.post(
        url, {"allocation": budget.a_ops.pk, "after": "12,000,000", "amended_on": "2026-04-01"}
    )
    assert response.status_code == 422
    response = c.post(url, {"after": "12,000,000", "amended_on": "2026-04-01", "reason": "증액"})
    assert response.status_code == 422 and "하나만 선택하세요" in response.content.decode()
    assert not Amendment.objects.exists()
    response = c.post(
        url,
        {
            "allocation": budget.a_ops.pk,
            "after": "12,000,000",
            "amended_on": "2026-04-01",
            "reason": "증액",
        },
    )
    assert response.status_code == 302
    assert Allocation.objects.get(pk=budget.a_ops.pk).current == 12_000_000


@pytest.mark.parametrize(
    "amount, message",
    [
        ("-1,000", "금액은 음수일 수 없습니다."),
        ("0", "금액은 0원보다 커야 합니다."),
        ("1000.5", "소수점 없이"),
        ("만원", "숫자로 입력하세요"),
        ("10,000,001", "먼저 배정액을 변경하세요"),
    ],
)
def test_spending_form_refuses_bad_amounts_in_korean(client_for, budget, amount, message):
    response = client_for("coordinator").post(
        reverse("budget:spending_create", args=[2026]),
        {"spent_on": "2026-03-05", "allocation": budget.a_ops.pk, "amount": amount},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Spending.objects.exists()


def test_spending_form_date_outside_the_year(client_for, budget):
    response = client_for("coordinator").post(
        reverse("budget:spending_create", args=[2026]),
        {"spent_on": "2027-01-05", "allocation": budget.a_ops.pk, "amount": "1,000"},
    )
    assert response.status_code == 422 and "회계연도" in response.content.decode()
    assert not Spending.objects.exists()


def test_spending_recorded_moves_the_project_rate(client_for, budget):
    c = client_for("coordinator")
    response = c.post(
        reverse("budget:spending_create", args=[2026]),
        {
            "spent_on": "2026. 3. 5.",
            "allocation": budget.a_ops.pk,
            "amount": "3,750,000원",
            "payee_name": "가나상사",
            "reference": "2026-0001",
        },
    )
    assert response.status_code == 302
    page = c.get(reverse("budget:project_detail", args=[budget.p1.pk])).content.decode()
    # 3,750,000 of 30,000,000
    assert 'data-testid="project-rate">12.5%' in page
    assert "가나상사" in page and "2026-0001" in page


def test_the_runner_reads_its_project_spending(client_for, world, budget):
    services.record_spending(
        actor=world.users["coordinator"],
        allocation=budget.a_ops,
        spent_on=dt.date(2026, 3, 5),
        amount=1_000_000,
        payee_name="가나상사",
    )
    page = (
        client_for("school")
        .get(reverse("budget:project_detail", args=[budget.p1.pk]))
        .content.decode()
    )
    assert "가나상사" in page and "사업 수정" not in page


def test_close_the_year(client_for, budget):
    c = client_for("coordinator")
    url = reverse("budget:year_close", args=[2026])
    assert c.post(url, {"closed_on": "2027-01-10"}).status_code == 422
    assert c.post(url, {"closed_on": "2027-01-10", "confirm": "on"}).status_code == 302
    assert FiscalYear.objects.get(pk=budget.year.pk).closed_on == dt.date(2027, 1, 10)
    response = c.post(
        reverse("budget:spending_create", args=[2026]),
        {"spent_on": "2026-12-01", "allocation": budget.a_ops.pk, "amount": "1,000"},
    )
    assert response.status_code == 422 and "마감" in response.content.decode()


def test_lists_page_add_rename_and_refuse_deleting_a_used_one(client_for, budget):
    c = client_for("coordinator")
    url = reverse("budget:lists")
    assert c.post(url, {"op": "add", "kind": "source", "name": "민간 기부금"}).status_code == 302
    response = c.post(url, {"op": "delete", "kind": "source", "pk": budget.grant.pk})
    assert response.status_code == 409
    assert "삭제할 수 없습니다" in response.content.decode()
    response = c.post(url, {"op": "add", "kind": "source", "name": "민간 기부금"})
    assert response.status_code == 409 and "이미 목록에 있습니다" in response.content.decode()
    assert (
        c.post(
            url, {"op": "save", "kind": "category", "pk": budget.travel.pk, "name": "국내여비"}
        ).status_code
        == 302
    )
    page = c.get(url).content.decode()
    assert "국내여비" in page


def test_ledger_mapping_page_saves(client_for, world):
    c = client_for("coordinator")
    url = reverse("budget:ledger_mapping")
    response = c.post(
        url, {"spent_on": "지출일", "source": "재원", "category": "통계목", "amount": "금액"}
    )
    assert response.status_code == 422 and "하나 이상" in response.content.decode()
    response = c.post(
        url,
        {
            "spent_on": "지출일",
            "source": "재원",
            "category": "통계목",
            "amount": "금액",
            "project_name": "세부사업",
        },
    )
    assert response.status_code == 302
    from mujigae.budget.models import LedgerMapping

    assert LedgerMapping.objects.get(district=world.district).columns["category"] == "통계목"


def test_ledger_template_has_the_korean_headers(client_for, world):
    from tests.spreadsheets import workbook

    wb = workbook(client_for("coordinator").get(reverse("budget:ledger_template")))
    headers = [c.value for c in next(wb.active.iter_rows())]
    assert headers == HEADERS
