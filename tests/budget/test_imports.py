"""The execution ledger import: xlsx and CP949 CSV, title rows, the column
mapping chosen once and reused, rows already imported not doubled, every bad
row listed and nothing saved, resident numbers refused by the pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mujigae.budget import imports, services
from mujigae.budget.models import Allocation, LedgerMapping, Spending
from mujigae.core.imports import ImportRejected
from mujigae.core.models import AuditEntry
from tests.budget.conftest import csv_bytes, ledger_row, xlsx

URL = reverse("budget:ledger_import", args=[2026])


def run(world, budget, content, name="ledger.xlsx", mapping=None):
    return imports.import_ledger(
        actor=world.users["coordinator"],
        fiscal_year=budget.year,
        name=name,
        content=content,
        mapping=mapping or dict(imports.TEMPLATE_MAPPING),
        save_mapping=mapping is None,
    )


def reasons(exc) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.reason) for e in exc.value.errors]


def test_xlsx_with_title_rows_imports_every_row(world, budget):
    rows = [ledger_row(전표번호=f"R-{i}", 집행액=100_000) for i in range(5)]
    result = run(world, budget, xlsx(rows, title="2026년 집행내역"))
    assert (result.imported, result.total, result.already) == (5, 5, 0)
    spending = Spending.objects.get(reference="R-0")
    assert (spending.allocation, spending.amount, spending.origin) == (
        budget.a_ops,
        100_000,
        "import",
    )
    assert spending.spent_on == dt.date(2026, 3, 5) and spending.payee_name == "가나상사"
    entry = AuditEntry.objects.get(
        object_type="budget.FiscalYear", changes__has_key="ledger_import"
    )
    assert entry.changes["ledger_import"][1] == {
        "file": "ledger.xlsx",
        "rows": 5,
        "imported": 5,
        "skipped": 0,
    }


def test_cp949_csv_with_project_names_and_text_amounts(world, budget):
    rows = [ledger_row(사업코드="", 집행액="1,500,000원", 거래처="시험고등학교")]
    result = run(world, budget, csv_bytes(rows), name="집행내역.csv")
    assert result.imported == 1
    spending = Spending.objects.get()
    assert spending.amount == 1_500_000 and spending.payee_organisation == world.school


def test_rows_already_imported_are_skipped_not_doubled(world, budget):
    rows = [ledger_row(전표번호="R-1"), ledger_row(집행액=200_000), ledger_row(집행액=300_000)]
    run(world, budget, xlsx(rows))
    result = run(world, budget, xlsx(rows + [ledger_row(집행액=400_000)]))
    assert (result.imported, result.already, result.repeated) == (1, 3, 0)
    assert Spending.objects.count() == 4
    assert sum(Spending.objects.values_list("amount", flat=True)) == 1_900_000


def test_a_duplicate_inside_the_file_counts_once(world, budget):
    rows = [ledger_row(전표번호="R-9"), ledger_row(전표번호="R-9"), ledger_row(), ledger_row()]
    result = run(world, budget, xlsx(rows))
    assert (result.imported, result.repeated) == (2, 2)
    assert Spending.objects.count() == 2


@pytest.mark.parametrize(
    "row, column, reason",
    [
        (ledger_row(집행액=-5000), "집행액", "금액은 음수일 수 없습니다."),
        (ledger_row(집행액="오천원"), "집행액", "금액을 숫자로 입력하세요(예: 1,234,000)."),
        (ledger_row(집행액=0), "집행액", "금액은 0원보다 커야 합니다."),
        (ledger_row(집행액=1500.5), "집행액", "금액은 소수점 없이 원 단위 정수로 입력하세요."),
        (ledger_row(사업코드="P-99"), "사업코드", "2026년에 사업코드 P-99인 사업이 없습니다."),
        (
            ledger_row(사업코드="", 사업명="없는 사업"),
            "사업명",
            "2026년에 사업명이 없는 사업인 사업이 없습니다.",
        ),
        (
            ledger_row(재원="복권기금"),
            "재원",
            "알 수 없는 재원입니다(복권기금): 지구의 재원 목록에 있는 이름을 쓰세요.",
        ),
        (
            ledger_row(비목="연구비"),
            "비목",
            "알 수 없는 비목입니다(연구비): 지구의 비목 목록에 있는 이름을 쓰세요.",
        ),
        (
            ledger_row(비목="여비"),
            "비목",
            "P-01 현장실습 지원 사업에는 교육부 특별교부금 재원의 여비 배정액이 없습니다.",
        ),
        (
            ledger_row(집행일자="2025-12-31"),
            "집행일자",
            "2025-12-31은(는) 2026 회계연도(2026-01-01–2026-12-31) 밖의 날짜입니다.",
        ),
        (ledger_row(집행일자="언젠가"), "집행일자", "날짜를 적으세요(예: 2026-03-05)."),
    ],
)
def test_each_bad_row_is_listed_and_nothing_saved(world, budget, row, column, reason):
    good = ledger_row(전표번호="OK-1")
    with pytest.raises(ImportRejected) as exc:
        run(world, budget, xlsx([good, row]))
    assert reasons(exc) == [(3, column, reason)]
    assert not Spending.objects.exists()


def test_over_allocation_and_over_source_are_listed_on_the_rows(world, budget):
    rows = [ledger_row(집행액=6_000_000, 전표번호="A"), ledger_row(집행액=6_000_000, 전표번호="B")]
    with pytest.raises(ImportRejected) as exc:
        run(world, budget, xlsx(rows))
    [(row, column, reason)] = reasons(exc)
    assert (row, column) == (3, "집행액")
    assert "현재 예산 10,000,000원" in reason and "2,000,000원 초과" in reason
    assert not Spending.objects.exists()


def test_over_source_is_listed_even_within_the_allocation(world, budget):
    """A source is never overspent, even where an allocation would allow it
    (allocations written before the source was lowered, outside the services)."""
    Allocation.objects.filter(pk=budget.a_p2.pk).update(current=60_000_000)
    services.record_spending(
        actor=world.users["coordinator"],
        allocation=budget.a_p2,
        spent_on=dt.date(2026, 2, 1),
        amount=45_000_000,
    )
    rows = [ledger_row(사업코드="P-02", 재원="교육청 대응투자", 집행액=5_000_001)]
    with pytest.raises(ImportRejected) as exc:
        run(world, budget, xlsx(rows))
    [(row, column, reason)] = reasons(exc)
    assert row == 2 and "재원은 초과 집행할 수 없습니다" in reason and "50,000,001원" in reason
    assert Spending.objects.count() == 1


def test_every_bad_row_at_once(world, budget):
    rows = [
        ledger_row(집행액=-1),
        ledger_row(재원="?"),
        ledger_row(),
        ledger_row(집행일자="2027-01-01"),
    ]
    with pytest.raises(ImportRejected) as exc:
        run(world, budget, xlsx(rows))
    assert [r for r, _c, _r in reasons(exc)] == [2, 3, 5]
    assert exc.value.message.startswith("아무것도 가져오지 않았습니다")


def test_a_resident_number_refuses_the_file(world, budget):
    rows = [ledger_row(적요="홍길동 080305-3123456")]
    with pytest.raises(ImportRejected) as exc:
        run(world, budget, xlsx(rows))
    assert "주민등록번호" in exc.value.message
    assert not Spending.objects.exists()


def test_a_closed_year_takes_no_import(world, budget):
    services.year_close(
        actor=world.users["coordinator"], fiscal_year=budget.year, on=dt.date(2027, 1, 5)
    )
    with pytest.raises(ImportRejected):
        run(world, budget, xlsx([ledger_row()]))


# --------------------------------------------------------------------------
# the page: the first import asks for the columns, later imports reuse them

OWN_HEADERS = ["지출일", "세부사업", "재원구분", "통계목", "지출금액", "채주명", "내역", "결의번호"]


def own_layout(rows):
    """An office's own export: other header names, a title row, no code column."""
    return xlsx(
        [[r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]] for r in rows],
        headers=OWN_HEADERS,
        title="2026 회계연도 집행내역서",
    )


def test_first_import_asks_for_the_columns_then_reuses_them(client_for, world, budget):
    c = client_for("coordinator")
    content = own_layout([ledger_row(전표번호="K-1"), ledger_row(전표번호="K-2", 집행액=2_000_000)])
    response = c.post(URL, {"file": SimpleUploadedFile("own.xlsx", content)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "각 항목이 파일의 어느 열에 있는지 고른 뒤" in page
    assert 'name="header" value="통계목"' in page
    assert not LedgerMapping.objects.exists() and not Spending.objects.exists()
    mapping = {
        "map_spent_on": "지출일",
        "map_project_name": "세부사업",
        "map_source": "재원구분",
        "map_category": "통계목",
        "map_amount": "지출금액",
        "map_payee": "채주명",
        "map_description": "내역",
        "map_reference": "결의번호",
    }
    response = c.post(
        URL,
        {"file": SimpleUploadedFile("own.xlsx", content), "header": OWN_HEADERS, **mapping},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Spending.objects.count() == 2
    assert LedgerMapping.objects.get(district=world.district).columns["category"] == "통계목"
    # the next import: only the file; the rows imported before are skipped
    more = own_layout([ledger_row(전표번호="K-1"), ledger_row(전표번호="K-3", 집행액=500_000)])
    response = c.post(URL, {"file": SimpleUploadedFile("own2.xlsx", more)}, follow=True)
    assert Spending.objects.count() == 3
    assert "1행 저장, 1행 건너뜀" in response.content.decode()


def test_an_incomplete_choice_of_columns_is_asked_again(client_for, budget):
    c = client_for("coordinator")
    content = own_layout([ledger_row()])
    response = c.post(
        URL,
        {
            "file": SimpleUploadedFile("own.xlsx", content),
            "header": OWN_HEADERS,
            "map_spent_on": "지출일",
        },
    )
    assert response.status_code == 422
    assert (
        "집행일자, 재원, 비목, 집행액, 사업코드 또는 사업명의 열을 고른 뒤"
        in response.content.decode()
    )
    assert not LedgerMapping.objects.exists()


def test_the_template_layout_needs_no_choice(client_for, world, budget):
    c = client_for("coordinator")
    response = c.post(URL, {"file": SimpleUploadedFile("t.xlsx", xlsx([ledger_row()]))})
    # no mapping saved yet: the usual headers are offered as a guess, preselected
    assert response.status_code == 422
    assert 'value="집행일자" selected' in response.content.decode()


def test_bad_rows_on_the_page_show_the_error_table(client_for, world, budget):
    LedgerMapping.objects.create(district=world.district, columns=dict(imports.TEMPLATE_MAPPING))
    c = client_for("coordinator")
    response = c.post(URL, {"file": SimpleUploadedFile("t.xlsx", xlsx([ledger_row(집행액="abc")]))})
    assert response.status_code == 422
    page = response.content.decode()
    assert "금액을 숫자로 입력하세요" in page and "집행액" in page
    assert not Spending.objects.exists()


def test_large_file_imports_with_one_bulk_insert(world, budget, django_assert_max_num_queries):
    rows = [
        ledger_row(전표번호=f"R-{i:05d}", 집행액=400) for i in range(19_999)
    ]  # + the header: the pipeline's 20,000 rows
    content = csv_bytes(rows, encoding="utf-8")
    # far from a query per row (SQLite takes at most 999 parameters a query: ~55 rows)
    with django_assert_max_num_queries(1_000):
        result = run(world, budget, content, name="big.csv")
    assert result.imported == 19_999
    assert Spending.objects.filter(fiscal_year=budget.year).count() == 19_999


def test_columns_chosen_with_bad_rows_are_saved_and_not_asked_again(client_for, world, budget):
    c = client_for("coordinator")
    content = own_layout([ledger_row(집행액="-1")])
    mapping = {
        "map_spent_on": "지출일",
        "map_project_name": "세부사업",
        "map_source": "재원구분",
        "map_category": "통계목",
        "map_amount": "지출금액",
    }
    response = c.post(
        URL, {"file": SimpleUploadedFile("own.xlsx", content), "header": OWN_HEADERS, **mapping}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "금액은 음수일 수 없습니다." in page
    assert 'name="header"' not in page and 'data-testid="mapping-step"' not in page
    assert LedgerMapping.objects.get(district=world.district).columns["amount"] == "지출금액"
    assert not Spending.objects.exists()
