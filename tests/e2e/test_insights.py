"""The skills-gap page in a real browser: heat map, drill-down, recompute,
export, and what a company may see."""

from __future__ import annotations

import pytest

from mujigae.demo.ansan import COMPANY_USER_ORG
from mujigae.insights.models import GapRun
from mujigae.insights.services import gap_recompute
from mujigae.partners.models import Organisation
from tests.e2e.conftest import ko, login, logout, shot
from tests.insights import factories as g

pytestmark = pytest.mark.e2e


@pytest.fixture
def gap_demo(ansan):
    robot = g.unit(name="협동로봇 유지보수")
    weld = g.unit(name="로봇 용접 프로그래밍")
    sq = g.survey(ansan, title="2026 안산 인력수요조사")
    ours = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    others = [g.company(ansan, name=n) for n in ("시화정밀(예시)", "단원모터스(예시)")]
    g.hiring(sq, ours, year=2026, units=robot.code, headcount=6, occupation="로봇 정비원")
    for org in others:
        g.hiring(sq, org, year=2026, units=f"{robot.code}, {weld.code}", headcount=4)
    g.hiring(sq, others[0], year=2027, units=weld.code, headcount=3)
    school = Organisation.objects.filter(district=ansan, kind="school").first()
    p = g.programme(ansan, [robot], provider=school, name="스마트로봇과(예시)")
    g.cohort(p, year=2026, enrolled=9, completed=8)
    gap_recompute()
    return robot, weld


def test_coordinator_reads_drills_down_recomputes_and_exports(page, gap_demo):
    robot, _weld = gap_demo
    login(page, "coordinator")
    page.goto("/insights/gap/")
    page.get_by_role("heading", name=ko("Skills gap"), exact=False).first.wait_for()
    heat = page.get_by_test_id("heatmap")
    assert "협동로봇 유지보수" in heat.inner_text()
    assert "+6" in heat.inner_text()  # 14 wanted − 8 completers
    # the how-it-was-computed box opens and names the formulas
    page.get_by_text(ko("How these figures were computed")).click()
    assert ko("demand − supply") in page.get_by_test_id("how").inner_text()
    shot(page, "insights-gap-coordinator")

    # drill down from the ranked list: which rows, which cohorts
    page.get_by_test_id("ranked").get_by_role("link", name="협동로봇 유지보수").click()
    rows = page.get_by_test_id("demand-rows").inner_text()
    assert COMPANY_USER_ORG in rows and "시화정밀(예시)" in rows
    assert "스마트로봇과(예시)" in page.get_by_test_id("cohorts").inner_text()
    page.go_back()

    # the Excel download
    with page.expect_download() as dl:
        page.get_by_test_id("gap-export").click()
    assert dl.value.suggested_filename.endswith(".xlsx")

    # recompute now: queued once, the status box says so
    page.get_by_role("button", name=ko("Recompute now")).click()
    status = page.get_by_test_id("gap-status")
    assert GapRun.Status.QUEUED.label and ko("Queued") in status.inner_text()
    assert GapRun.objects.filter(status=GapRun.Status.QUEUED).count() == 1


def test_company_sees_only_its_own_rows(page, gap_demo):
    robot, weld = gap_demo
    login(page, "company")
    page.goto(f"/insights/gap/unit/{robot.pk}/")
    main = page.locator("main").inner_text()
    assert COMPANY_USER_ORG in main  # its own row
    assert "시화정밀(예시)" not in main and "단원모터스(예시)" not in main
    assert "스마트로봇과(예시)" in main
    assert page.get_by_role("button", name=ko("Recompute now")).count() == 0
    # weld in 2027 rests on one company: hidden on the gap page
    page.goto("/insights/gap/?year_from=2027&year_to=2027&metric=demand")
    assert "<3" in page.get_by_test_id("heatmap").inner_text()
    logout(page)
