"""A matching round in a real browser: the coordinator creates and opens it,
the student ranks two slots, the company ranks its applicant, the
coordinator runs the matching after the deadline and publishes, and the
student reads why they did not get their first choice and accepts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mujigae.demo.ansan import COMPANY_USER_ORG, SCHOOL_USER_ORG
from mujigae.partners.models import Organisation, OrgKind
from mujigae.rounds.models import Assignment, Response, Round
from mujigae.students.forms import current_school_year
from mujigae.students.models import Consent, Student
from tests.e2e.conftest import login, logout, shot
from tests.placements.factories import AgreementFactory, EligibilityFactory, SlotFactory

pytestmark = pytest.mark.e2e


def _setup(district):
    from mujigae.core.models import User

    school = Organisation.objects.get(district=district, name=SCHOOL_USER_ORG)
    ours = Organisation.objects.get(district=district, name=COMPANY_USER_ORG)
    other = (
        Organisation.objects.filter(district=district, kind=OrgKind.COMPANY)
        .exclude(pk=ours.pk)
        .order_by("name")
        .first()
    )
    for company in (ours, other):
        EligibilityFactory(company=company, valid_until=dt.date(2035, 1, 1))
        AgreementFactory(company=company, school=school, period_end=dt.date(2035, 1, 1))
    SlotFactory(company=ours, title="협동로봇 정비 실습", capacity=1)
    SlotFactory(company=other, title="스마트공장 운영 실습", capacity=1)
    year = current_school_year()
    student = Student.objects.create(
        district=district,
        school=school,
        school_year=year,
        grade=3,
        class_no=1,
        number=1,
        name="한가람",
        birth_date=dt.date(year - 17, 5, 5),
        major="로봇제어과",
        certificates=["전기기능사"],
        user=User.objects.get(username="student"),
    )
    Consent.objects.create(
        student=student, purpose="placement", version="2026-1", given_at=dt.date(year, 3, 4)
    )
    return school, year


def test_round_from_opening_to_an_accepted_place(ansan, page):
    school, year = _setup(ansan)

    # 1. the coordinator creates and opens the round
    login(page, "coordinator")
    page.goto("/rounds/")
    page.get_by_role("link", name="새 라운드").click()
    page.fill("#id_name", "2026 현장실습 1차 매칭")
    page.select_option("#id_kind", "field_training")
    deadline = timezone.localtime() + dt.timedelta(days=3)
    page.fill("#id_deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_max_choices", "3")
    page.fill("#id_school_year", str(year))
    page.select_option("#id_grade", "3")
    page.get_by_label(school.name).check()
    with page.expect_navigation():
        page.get_by_role("button", name="만들기").click()
    with page.expect_navigation():
        page.get_by_role("button", name="라운드 열기").click()
    assert "라운드가 열렸습니다" in page.content()
    assert (
        deadline.strftime("%Y. %-m. %-d. %H:%M")
        in page.locator("[data-testid=deadline]").inner_text()
    )
    shot(page, "rounds-open")
    rnd = Round.objects.get(name="2026 현장실습 1차 매칭")
    logout(page)

    # 2. the student ranks the other company's slot first, ours second
    login(page, "student")
    page.goto("/rounds/")
    page.get_by_role("link", name="지망 내기").click()
    # the search box narrows the list of slots one can add
    page.get_by_label("자리 찾기(기업, 직무, 근무지)").fill("스마트공장")
    pool = page.locator("[data-testid=available-slot]:not([hidden])").all_inner_texts()
    assert any("스마트공장 운영 실습" in t for t in pool)
    assert not any("협동로봇 정비 실습" in t for t in pool)
    page.get_by_label("자리 찾기(기업, 직무, 근무지)").fill("")
    for title in ("스마트공장 운영 실습", "협동로봇 정비 실습"):
        with page.expect_navigation():
            page.locator("[data-testid=available-slot]", has_text=title).get_by_role(
                "button", name="추가"
            ).click()
    assert "지망 목록을 저장했습니다" in page.content()
    ranked = page.locator("[data-testid=ranked-slot]").all_inner_texts()
    assert "스마트공장 운영 실습" in ranked[0] and "협동로봇 정비 실습" in ranked[1]
    shot(page, "rounds-student-choices")
    logout(page)

    # 3. the company sees its applicant (no phone, no birth date) and ranks them
    login(page, "company")
    page.goto(f"/rounds/{rnd.pk}/company/")
    table = page.locator("[data-testid=applicants]").inner_text()
    assert "한가람" in table and "전기기능사" in table and "예" in table  # under 18
    page.locator("input[name^=rank_]").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="순위 저장").click()
    assert "지원자 순위를 저장했습니다" in page.content()
    shot(page, "rounds-company-ranking")
    logout(page)

    # 4. after the deadline the coordinator runs the matching and publishes
    Round.objects.filter(pk=rnd.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    login(page, "coordinator")
    page.goto(f"/rounds/{rnd.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="매칭 실행").click()
    assert "학생 1명 중 1명 배정" in page.locator("[data-testid=summary]").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="결과 발표").click()
    assert "결과를 발표했습니다" in page.content()
    shot(page, "rounds-published")
    logout(page)

    # 5. the student reads the explanation and accepts
    login(page, "student")
    page.goto(f"/rounds/{rnd.pk}/mine/")
    result = page.locator("[data-testid=my-result]").inner_text()
    assert "협동로봇 정비 실습에 배정되었습니다(2지망)" in result
    assert "1지망" in result and "기업이 이 자리에 대해 학생을 순위에 올리지 않았습니다" in result
    shot(page, "rounds-student-result")
    with page.expect_navigation():
        page.get_by_role("link", name="배정 수락").click()
    assert Assignment.objects.get(round=rnd).response == Response.PENDING
    with page.expect_navigation():
        page.get_by_role("button", name="네, 이 자리를 수락합니다").click()
    assert "답을 기록했습니다" in page.content()
    assert Assignment.objects.get(round=rnd).response == Response.ACCEPTED
