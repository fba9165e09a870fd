"""The gap pages as each role sees them: figures, privacy, drill-down, export."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.insights import services
from mujigae.insights.models import GapRun
from tests.insights import factories as g

pytestmark = pytest.mark.django_db


@pytest.fixture
def gapdata(world):
    """Unit 'robot' wanted by 3 companies (well disclosed), unit 'paint' by
    company_b alone (a small group), supply from the school's programme."""
    robot = g.unit(name="로봇 유지보수")
    paint = g.unit(name="도장 작업")
    sq = g.survey(world.district, title="2026 인력수요조사")
    third = g.company(world.district, name="마바전자")
    g.hiring(sq, world.company, year=2026, units=robot.code, headcount=5, occupation="로봇 정비원")
    g.hiring(
        sq,
        world.company_b,
        year=2026,
        units=f"{robot.code},{paint.code}",
        headcount=3,
        occupation="도장공",
    )
    g.hiring(sq, third, year=2026, units=robot.code, headcount=4, occupation="로봇 정비원")
    g.hiring(sq, world.company_b, year=2027, units=paint.code, headcount=2, occupation="도장공")
    p = g.programme(world.district, [robot], provider=world.school, name="스마트팩토리과")
    g.cohort(p, year=2026, enrolled=10, completed=7)
    services.gap_recompute()
    return robot, paint


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_coordinator_sees_the_heat_map_ranked_list_and_how_it_was_computed(client_for, gapdata):
    robot, paint = gapdata
    page = html(client_for("coordinator").get(reverse("insights:gap")))
    assert 'data-testid="heatmap"' in page and "로봇 유지보수" in page and "도장 작업" in page
    assert "+5" in page  # robot 2026: demand 12 − supply 7
    assert "수요" in page and "공급" in page  # Korean
    how = page.split('data-testid="how"')[1].split("</details>")[0]
    assert "제출된 응답의 채용 수요 행 4개" in how and "기수 1개" in how  # what was read
    assert "지금 재계산" in page  # the recompute button


def test_company_sees_small_groups_hidden(client_for, gapdata):
    robot, paint = gapdata
    page = html(client_for("company").get(reverse("insights:gap")))
    assert "로봇 유지보수" in page and "+5" in page
    # paint rests on one company: hidden (shown "<3"), and not in the ranked list
    assert "&lt;3" in page
    ranked = page.split('data-testid="ranked"')[1]
    assert "도장 작업" not in ranked
    assert "지금 재계산" not in page  # no recompute button


def test_drill_down_lists_company_rows_to_coordinators_only(client_for, gapdata, world):
    robot, _ = gapdata
    url = reverse("insights:gap_unit", args=[robot.pk])
    coord = html(client_for("coordinator").get(url))
    for name in ("가나로봇", "다라정밀", "마바전자"):
        assert name in coord
    assert "스마트팩토리과" in coord and "시험고등학교" in coord  # the cohort and its provider
    assert "2026 인력수요조사" in coord

    company = html(client_for("company").get(url))
    assert "가나로봇" in company  # its own row
    assert "다라정밀" not in company and "마바전자" not in company
    assert "스마트팩토리과" in company
    assert "12" in company  # the total, from 3 companies, may be shown

    school = html(client_for("school").get(url))
    assert "가나로봇" not in school and "다라정밀" not in school


def test_drill_down_of_a_small_group_shows_no_headcount_to_others(client_for, gapdata):
    _, paint = gapdata
    url = reverse("insights:gap_unit", args=[paint.pk])
    partner = html(client_for("partner").get(url))
    summary = partner.split('data-testid="demand-summary"')[1].split("</p>")[0]
    assert "&lt;3" in summary and "다라정밀" not in partner
    coord = html(client_for("coordinator").get(url))
    assert "다라정밀" in coord


def test_drill_down_says_when_the_source_changed(client_for, gapdata):
    robot, _ = gapdata
    g.cohort(g.programme(robot_district(robot), [robot]), year=2026, enrolled=50)
    page = html(client_for("coordinator").get(reverse("insights:gap_unit", args=[robot.pk])))
    assert 'data-testid="changed"' in page


def robot_district(unit):
    from mujigae.insights.models import GapFigure

    return GapFigure.objects.filter(unit=unit, district__isnull=False).first().district


def test_ministry_reads_the_national_roll_up_and_each_district(client_for, gapdata, world):
    robot, _ = gapdata
    client = client_for("ministry")
    national = html(client.get(reverse("insights:gap")))
    assert "전국 합계" in national or "National roll-up" in national
    one = html(client.get(reverse("insights:gap"), {"district": world.district.pk}))
    assert world.district.name in one
    unit = html(client.get(reverse("insights:gap_unit", args=[robot.pk])))
    assert 'data-testid="breakdown"' in unit
    assert "가나로봇" not in unit  # no company rows for the ministry


def test_other_district_sees_none_of_our_figures(client, gapdata, world):
    robot, _ = gapdata
    client.force_login(world.users["other_company"])
    page = html(client.get(reverse("insights:gap")))
    assert "로봇 유지보수" not in page
    unit = html(client.get(reverse("insights:gap_unit", args=[robot.pk])))
    assert "가나로봇" not in unit and "스마트팩토리과" not in unit
    text = _xlsx(client.get(reverse("insights:gap_export")))
    assert "로봇 유지보수" not in text


def _xlsx(response) -> str:
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content), read_only=True)
    return "\n".join(
        " | ".join("" if c is None else str(c) for c in row)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    )


def test_export_has_the_figures_and_hides_small_groups(client_for, gapdata):
    coord = _xlsx(client_for("coordinator").get(reverse("insights:gap_export")))
    assert "로봇 유지보수" in coord and "도장 작업" in coord
    robot_line = next(
        line for line in coord.splitlines() if "로봇 유지보수" in line and "2026" in line
    )
    assert "| 12 | 7 | 5 |" in robot_line
    partner = _xlsx(client_for("partner").get(reverse("insights:gap_export")))
    paint_line = next(
        line for line in partner.splitlines() if "도장 작업" in line and "2026" in line
    )
    assert "|  | 0 |  |" in paint_line  # demand and gap blank, supply 0


def test_bad_filters_get_a_korean_message_and_400(client_for, gapdata):
    client = client_for("coordinator")
    response = client.get(reverse("insights:gap"), {"year_from": 2027, "year_to": 2025})
    assert response.status_code == 400
    assert "마지막 연도" in response.content.decode()
    response = client.get(reverse("insights:gap"), {"year_from": "abc"})
    assert response.status_code == 400
    assert client.get(reverse("insights:gap_export"), {"year_to": "x"}).status_code == 400


def test_filters_narrow_the_heat_map(client_for, gapdata):
    client = client_for("coordinator")
    only_2027 = {"year_from": 2027, "year_to": 2027, "metric": "demand"}
    page = html(client.get(reverse("insights:gap"), only_2027))
    heat = page.split('data-testid="heatmap"')[1].split("</table>")[0]
    assert "도장 작업" in heat and "로봇 유지보수" not in heat
    # 2027 has demand but no cohort: no gap is computed for it, and the page says why
    page = html(client.get(reverse("insights:gap"), {"year_from": 2027, "year_to": 2027}))
    assert 'data-testid="heatmap"' not in page
    assert "2027: 공급 자료 없음" in page
    page = html(client.get(reverse("insights:gap"), {"metric": "coverage"}))
    assert "58%" in page  # robot 2026: 7 / 12


def test_recompute_button_queues_once_and_shows_status(client_for, world, gapdata):
    client = client_for("coordinator")
    response = client.post(reverse("insights:gap_recompute"))
    assert response.status_code == 302
    client.post(reverse("insights:gap_recompute"))
    assert GapRun.objects.filter(status=GapRun.Status.QUEUED).count() == 1
    status = client.get(reverse("insights:gap_recompute"))
    assert status.status_code == 200 and "hx-get" in status.content.decode()
    # the ministry and companies cannot ask for one
    assert client_for("company").post(reverse("insights:gap_recompute")).status_code == 403


def test_page_before_any_recompute(client_for, world):
    page = html(client_for("school").get(reverse("insights:gap")))
    assert 'data-testid="gap-empty"' in page


def test_ministry_with_a_bad_district_gets_400_not_500(client_for, gapdata):
    client = client_for("ministry")
    assert client.get(reverse("insights:gap"), {"district": "abc"}).status_code == 400
    assert client.get(reverse("insights:gap"), {"district": "999999"}).status_code == 400
    robot, _ = gapdata
    url = reverse("insights:gap_unit", args=[robot.pk])
    assert client.get(url, {"year_from": "x"}).status_code == 400
    assert client.get(reverse("insights:gap_unit", args=[999999])).status_code == 404


def test_drill_down_rows_add_up_to_the_figures(world, gapdata):
    from mujigae.insights import selectors
    from mujigae.insights.models import GapFigure

    robot, paint = gapdata
    scope = selectors.scope_for(world.users["coordinator"])
    for unit in (robot, paint):
        demand = selectors.demand_detail(scope, unit, year_from=None, year_to=None)
        cohorts = selectors.cohort_detail(scope, unit, year_from=None, year_to=None)
        for f in GapFigure.objects.filter(district=world.district, unit=unit):
            assert f.demand == sum(r["headcount"] for r in demand.rows if r["year"] == f.year)
            assert f.hiring_rows == sum(1 for r in demand.rows if r["year"] == f.year)
            assert f.supply == sum(c.expected_completers for c in cohorts if c.year == f.year)


def test_no_change_note_while_the_figures_are_current(client_for, gapdata):
    robot, _ = gapdata
    page = html(client_for("coordinator").get(reverse("insights:gap_unit", args=[robot.pk])))
    assert 'data-testid="changed"' not in page


# ------------------------------------------------------- honest years and the chart


@pytest.fixture
def split_years(world):
    """Demand only in 2026–2027, supply in 2023–2025 and 2026 and 2028: only
    2026 has both."""
    robot = g.unit(name="로봇 유지보수")
    weld = g.unit(name="용접 작업")
    sq = g.survey(world.district, title="인력수요조사")
    third = g.company(world.district, name="마바전자")
    for company in (world.company, world.company_b, third):
        g.hiring(sq, company, year=2026, units=robot.code, headcount=4)
        g.hiring(sq, company, year=2027, units=weld.code, headcount=2)
    p = g.programme(world.district, [robot, weld], provider=world.school, name="스마트팩토리과")
    for year in (2023, 2024, 2025, 2026, 2028):
        g.cohort(p, year=year, enrolled=10, completed=5)
    services.gap_recompute()
    return robot, weld


def test_gap_ranks_only_years_with_demand_and_supply_and_names_the_others(client_for, split_years):
    page = html(client_for("coordinator").get(reverse("insights:gap")))
    note = page.split('data-testid="gap-years"')[1].split("</div>")[0]
    assert "2023–2025: 수요 자료 없음" in note
    assert "2027: 공급 자료 없음" in note
    assert "2028: 수요 자료 없음" in note
    heat = page.split('data-testid="heatmap"')[1].split("</table>")[0]
    assert ">2026<" in heat
    for year in (2023, 2024, 2025, 2027, 2028):
        assert f">{year}<" not in heat  # no column for a year lacking either side
    ranked = page.split('data-testid="ranked"')[1].split("</table>")[0]
    assert "로봇 유지보수" in ranked and "+7" in ranked  # 2026: 12 − 5
    assert "용접 작업" not in ranked  # its shortage is in 2027, without supply


def test_lq_is_explained_not_shown_when_one_district_has_data(client_for, split_years):
    page = html(client_for("coordinator").get(reverse("insights:gap")))
    assert "입지계수는 지구가 둘 이상일 때 계산됩니다" in page
    ranked = page.split('data-testid="ranked"')[1].split("</table>")[0]
    assert "1.00" not in ranked
    unit_page = html(
        client_for("coordinator").get(reverse("insights:gap_unit", args=[split_years[0].pk]))
    )
    assert "1.00" not in unit_page


def test_lq_is_shown_when_two_districts_have_demand(client_for, world, split_years):
    robot, weld = split_years
    sq = g.survey(world.other_district, title="다른 지구 조사")
    for _n in range(3):
        g.hiring(sq, g.company(world.other_district), year=2026, units=weld.code, headcount=3)
    services.gap_recompute()
    page = html(client_for("coordinator").get(reverse("insights:gap")))
    assert "입지계수는 지구가 둘 이상일 때 계산됩니다" not in page


def test_gap_page_draws_the_ranked_bar_chart_with_its_table(client_for, split_years):
    page = html(client_for("coordinator").get(reverse("insights:gap")))
    chart = page.split('data-testid="gap-chart"')[1].split("</section>")[0]
    assert '<svg role="img"' in chart and "능력단위별 총 격차" in chart
    table = chart.split("<table>")[1]
    assert "로봇 유지보수" in table and "+7" in table
