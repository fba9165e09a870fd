"""The execution pages: figures a user reads, the rows behind each figure
(summing exactly to it), runner scoping, the ministry's comparison without
payees, bad filters (Korean 400/404, never 500), and the xlsx."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.budget.execution_data import build, fiscal_year, spend

pytestmark = pytest.mark.django_db

FIELD = ("현장실습", "교육부 특별교부금", "운영비")
FIELD_PAY = ("현장실습", "안산시 대응투자", "인건비")
MENTOR = ("멘토링", "교육부 특별교부금", "인건비")
COMMON = ("공통", "안산시 대응투자", "운영비")


@pytest.fixture
def budget(world):
    b = build(world)
    paid = spend(b, FIELD, dt.date(2026, 3, 10), 1_000_000, payee="가나출장뷔페")
    spend(b, FIELD, dt.date(2026, 3, 25), -1_000_000, refund_of=paid, payee="가나출장뷔페")
    spend(b, FIELD, dt.date(2026, 4, 2), 500_000, payee="다라인쇄")
    spend(b, FIELD_PAY, dt.date(2026, 4, 30), 250_000, payee="강사 김예시")
    spend(b, MENTOR, dt.date(2026, 5, 1), 750_000, payee="멘토 박비밀")
    spend(b, COMMON, dt.date(2026, 6, 1), 125_000, payee="공통경비처")
    return b


def shown_by(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{re.escape(name)}"[^>]*>([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


def rows_total(html: str) -> int:
    return int(shown_by(html, "rows-total").replace(",", "").replace("원", ""))


def execution_url(year=2026):
    return reverse("budget:execution", args=[year])


def rows_url(year=2026):
    return reverse("budget:spending_list", args=[year])


def test_the_coordinator_reads_the_rates(client_for, budget):
    html = client_for("coordinator").get(execution_url()).content.decode()
    # spent 1,625,000 of 15,000,000
    assert shown_by(html, "total-rate") == "10.8%"
    assert shown_by(html, "total-spent") == "1,625,000원"
    field = budget.projects["현장실습"]
    assert shown_by(html, f"project-rate-{field.pk}") == "12.5%"  # 750,000 / 6,000,000
    assert shown_by(html, f"project-rate-{budget.projects['공통'].pk}") == "12.5%"
    assert "집행률" in html and 'data-testid="burn-down"' in html
    assert "<title" in html and "<desc" in html and 'data-testid="month-table"' in html
    # a year that does not exist, or another district's
    assert client_for("coordinator").get(execution_url(2031)).status_code == 404


def test_every_figure_links_to_rows_that_sum_to_it(client_for, budget):
    client = client_for("coordinator")
    html = client.get(execution_url()).content.decode()
    links = re.findall(
        r'href="(/budget/years/2026/spending/\?[^"]*)" data-testid="([a-z]+-(?:spent|rate)-\d+)">([^<]*)<',
        html,
    )
    assert len(links) >= 14
    for href, name, _text in links:
        if "-rate-" in name:
            continue
        page = client.get(href.replace("&amp;", "&"))
        assert page.status_code == 200, href
        total = rows_total(page.content.decode())
        title = re.search(
            rf'title="([\d,]+)원"><a href="{re.escape(href)}" data-testid="{name}"', html
        )
        shown = title.group(1) if title else shown_by(html, name).removesuffix("원")
        assert total == int(shown.replace(",", "")), (name, href)
    # months: in-month and cumulative
    april = client.get(rows_url() + "?month=4").content.decode()
    assert rows_total(april) == 750_000 and "다라인쇄" in april and "가나출장뷔페" not in april
    through = client.get(rows_url() + "?through=4").content.decode()
    assert rows_total(through) == 750_000  # March's payment and its refund cancel out
    assert "가나출장뷔페" in through and "멘토 박비밀" not in through
    everything = client.get(rows_url()).content.decode()
    assert rows_total(everything) == 1_625_000


def test_a_school_sees_only_the_project_it_runs(client_for, budget):
    client = client_for("school")
    html = client.get(execution_url()).content.decode()
    field, mentor = budget.projects["현장실습"], budget.projects["멘토링"]
    assert shown_by(html, "total-rate") == "12.5%"
    assert f"project-rate-{field.pk}" in html and f"project-rate-{mentor.pk}" not in html
    rows = client.get(rows_url()).content.decode()
    assert "다라인쇄" in rows and "멘토 박비밀" not in rows and "공통경비처" not in rows
    # another organisation's project: 404, like a missing one
    assert client.get(rows_url() + f"?project={mentor.pk}").status_code == 404
    partner = client_for("partner").get(rows_url()).content.decode()
    assert "멘토 박비밀" in partner and "다라인쇄" not in partner


@pytest.mark.parametrize("persona", ["company", "student", "other_coordinator", "ministry"])
def test_who_reads_no_execution(client_for, budget, persona):
    client = client_for(persona)
    for url in (execution_url(), rows_url(), reverse("budget:execution_xlsx", args=[2026])):
        assert client.get(url).status_code in (403, 404), (persona, url)


def test_a_runner_of_no_project_of_the_year_sees_an_empty_page(client_for, world):
    b = build(world)
    spend(b, FIELD, dt.date(2026, 3, 10), 1_000_000, payee="다라인쇄")
    fiscal_year(world.district, 2027)
    page = client_for("school").get(execution_url(2027))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="execution-empty"' in html and shown_by(html, "total-rate") == "—"
    rows = client_for("school").get(rows_url(2027)).content.decode()
    assert rows_total(rows) == 0 and 'data-testid="rows-empty"' in rows
    # another organisation's project of 2026 stays invisible to a runner of none
    b.projects["현장실습"].runner = world.partner
    b.projects["현장실습"].save()
    html = client_for("school").get(execution_url()).content.decode()
    assert shown_by(html, "total-spent") == "0원" and "다라인쇄" not in html
    assert client_for("coordinator").get(execution_url(2027)).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["month=13", "month=0", "month=abc", "project=abc", "source=-1", "category=1.5", "through=99"],
)
def test_bad_filters_answer_400_in_korean(client_for, budget, query):
    response = client_for("coordinator").get(rows_url() + "?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="bad-filter"' in html
    assert re.search("[가-힣]", shown_by(html, "bad-filter") + html.split("bad-filter")[1][:200])


def test_another_districts_project_source_or_category_is_404(client_for, budget, world):
    other = build(type(world)(**{**world.__dict__, "district": world.other_district}), 2026)
    client = client_for("coordinator")
    for key, obj in (
        ("project", other.projects["현장실습"]),
        ("source", other.sources["교육부 특별교부금"]),
        ("category", other.categories["운영비"]),
    ):
        assert client.get(rows_url() + f"?{key}={obj.pk}").status_code == 404, key
    assert client.get(rows_url() + "?project=999999").status_code == 404


def test_the_list_is_paginated_and_its_total_covers_every_page(client_for, budget):
    for day in range(1, 29):
        spend(budget, COMMON, dt.date(2026, 7, day), 1_000)
    for day in range(1, 29):
        spend(budget, COMMON, dt.date(2026, 8, day), 1_000)
    client = client_for("coordinator")
    first = client.get(rows_url() + f"?project={budget.projects['공통'].pk}").content.decode()
    assert rows_total(first) == 125_000 + 56_000
    # 57 rows, 50 on a page: June's first, then 49 of the 56 small ones
    assert first.count("공통경비처") == 1 and first.count("주식회사 예시") == 49
    second = client.get(rows_url() + f"?project={budget.projects['공통'].pk}&page=2")
    assert second.content.decode().count("주식회사 예시") == 7
    assert rows_total(second.content.decode()) == 125_000 + 56_000


def test_the_ministry_compares_districts_without_payees(client_for, budget, world):
    other = build(type(world)(**{**world.__dict__, "district": world.other_district}), 2026)
    spend(other, MENTOR, dt.date(2026, 2, 1), 3_000_000, payee="다른지구 수령인")
    response = client_for("ministry").get(reverse("budget:national") + "?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_by(html, f"district-rate-{world.district.pk}") == "10.8%"
    assert shown_by(html, f"district-rate-{world.other_district.pk}") == "20.0%"
    assert "교육부 특별교부금" in html
    for payee in ("가나출장뷔페", "다라인쇄", "멘토 박비밀", "다른지구 수령인"):
        assert payee not in html
    bad = client_for("ministry").get(reverse("budget:national") + "?year=abc")
    assert bad.status_code == 400
    none = client_for("ministry").get(reverse("budget:national") + "?year=1999")
    assert 'data-testid="national-empty"' in none.content.decode()
    for persona in ("coordinator", "school", "company"):
        assert client_for(persona).get(reverse("budget:national")).status_code in (403, 404)


def test_the_xlsx_has_every_sheet_and_neutralises_formulas(client_for, budget):
    spend(budget, COMMON, dt.date(2026, 6, 2), 1_000, payee='=HYPERLINK("http://x")')
    response = client_for("coordinator").get(reverse("budget:execution_xlsx", args=[2026]))
    assert response.status_code == 200
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["재원별", "사업별", "비목별", "월별", "집행내역"]
    rows = list(wb["집행내역"].iter_rows(values_only=True))
    assert len(rows) == 1 + 7
    assert sum(r[4] for r in rows[1:]) == 1_626_000
    assert any(r[5] == '\'=HYPERLINK("http://x")' for r in rows[1:])
    sources = list(wb["재원별"].iter_rows(values_only=True))
    assert sources[-1][3] == 1_626_000


def test_the_school_xlsx_holds_only_its_rows(client_for, budget):
    response = client_for("school").get(reverse("budget:execution_xlsx", args=[2026]))
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    payees = {r[5] for r in list(wb["집행내역"].iter_rows(values_only=True))[1:]}
    assert payees == {"가나출장뷔페", "다라인쇄", "강사 김예시"}
    assert [r[0] for r in list(wb["사업별"].iter_rows(values_only=True))[1:]] == ["A-1 현장실습"]


def test_a_closed_year_shows_carry_over(client_for, world):
    b = build(world, 2025, closed=True)
    spend(b, FIELD, dt.date(2025, 3, 10), 1_000_000)
    html = client_for("coordinator").get(execution_url(2025)).content.decode()
    source = b.sources["교육부 특별교부금"]
    assert shown_by(html, f"carry-over-{source.pk}") == "9,000,000원"


def test_the_bad_filter_message_names_the_filter_in_korean(client_for, budget):
    html = client_for("coordinator").get(rows_url() + "?project=abc").content.decode()
    assert "조건 “사업”에는 숫자를 넣어야 합니다." in html
    html = client_for("coordinator").get(rows_url() + "?month=13").content.decode()
    assert "13월은 2026 회계연도에 없는 달입니다." in html
