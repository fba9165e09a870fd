"""Surveys in a real browser, in Korean: the coordinator makes this year's demand
survey from the ready template, adds a follow-up question, previews it, opens
it, sends it to the participating companies and tracks it; one company answers
through its link; the coordinator sees it submitted and in the results, while a
partner sees aggregates only. Bad builder input shows the Korean error summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from mujigae.demo.ansan import COMPANY_USER_ORG
from mujigae.partners.models import Organisation, OrgKind
from mujigae.surveys.models import Invitation, Question, Response, Survey
from tests.e2e.conftest import HANGUL, TIMEOUT_MS, ko, login, logout, shot

pytestmark = pytest.mark.e2e

TEMPLATE_SECTIONS = ["기업 기본 정보", "채용 수요", "교육 수요와 현장실습"]
TEMPLATE_CODES = [
    "size",
    "industry",
    "employees",
    "hiring",
    "training_needs",
    "takes_trainees",
    "trainee_count",
    "difficulties",
]
NEW_CODE = "trainee_field"
NEW_TEXT = "현장실습생을 배치할 분야를 골라 주세요."
DIFFICULTY = "교대 근무 인력을 구하기 어렵습니다."


def _status(page) -> str:
    return page.get_by_role("status").first.inner_text().strip()


def test_coordinator_builds_sends_tracks_and_a_company_answers(ansan, page, browser, live_server):
    year = timezone.localdate().year
    title = f"E2E {year} 안산 기업 현장 수요조사"
    deadline = (timezone.localtime() + dt.timedelta(days=21)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )

    # --- the coordinator finds 설문조사 in the menu and starts a new survey ---
    login(page, "coordinator")
    menu = page.locator("header nav.main-nav")
    menu.get_by_role("link", name=ko("Surveys"), exact=True).click()
    page.wait_for_url("**/surveys/")
    assert page.locator("main h1").inner_text() == ko("Company surveys")
    page.get_by_role("link", name=ko("New survey")).click()
    page.wait_for_url("**/surveys/new/")
    assert page.locator("main h1").inner_text() == ko("New survey")
    demand = page.locator("input[name=template][value=demand]")
    assert (
        "기업 현장 수요조사"
        in page.locator(f"label[for={demand.get_attribute('id')}]").inner_text()
    )
    demand.check()
    page.fill("#id_title", title)
    page.fill("#id_year", str(year))
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Create draft")).click()

    survey = Survey.objects.get(title=title)
    assert survey.status == Survey.Status.DRAFT and survey.year == year
    assert page.url.endswith(f"/surveys/{survey.pk}/"), page.url
    assert _status(page) == ko("The draft survey was created.")
    assert page.locator("main h1").inner_text().startswith(title)
    assert ko("Draft") in page.locator("main h1 .badge").inner_text()

    # --- the builder shows the template's sections and questions ---------------
    headings = page.locator("main section.card[id^=section-] h2").all_inner_texts()
    assert headings == [f"{i}. {t}" for i, t in enumerate(TEMPLATE_SECTIONS, start=1)]
    codes = page.locator("main tr[data-code]").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes == TEMPLATE_CODES
    assert "10인 미만" in page.locator("tr[data-code=size]").inner_text()
    skip = page.locator("tr[data-code=trainee_count]").inner_text()
    assert "“직업계고 현장실습생을 받을 의향이 있습니까?” 응답이 예일 때만 표시" in skip
    assert "takes_trainees" not in skip
    assert ko("No deadline set yet.") in page.locator("main").inner_text()

    # --- the deadline, through the settings form ------------------------------
    page.get_by_role("link", name=ko("Edit settings")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/edit/")
    assert page.locator("#id_deadline").get_attribute("type") == "text"
    page.fill("#id_deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    assert _status(page) == ko("The survey was saved.")
    survey.refresh_from_db()
    assert timezone.localtime(survey.deadline) == deadline
    assert ko("Deadline") in page.locator("main p.deadline").inner_text()

    # --- one more question: single choice, shown only to companies taking trainees
    takes = Question.objects.get(survey=survey, code="takes_trainees")
    section_3 = page.locator("main section.card[id^=section-]").nth(2)
    section_3.get_by_role("link", name=ko("Add a question")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/questions/add/?section=*")
    assert page.locator("main h1").inner_text() == ko("New question")
    assert page.locator("#id_section option:checked").inner_text() == "교육 수요와 현장실습"
    page.fill("#id_code", NEW_CODE)
    page.select_option("#id_kind", "single")
    page.fill("#id_text", NEW_TEXT)
    page.check("#id_required")
    page.fill("#id_options", "robot|로봇 유지보수\nvision|머신비전 검사\nplc|PLC 제어")
    page.select_option("#id_show_if_question", str(takes.pk))
    page.fill("#id_show_if_values", "예")  # the answer as the company sees it
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Save")).click()
    assert page.url.endswith(f"/surveys/{survey.pk}/"), page.url
    assert _status(page) == ko("The question was added.")
    row = page.locator(f"tr[data-code={NEW_CODE}]")
    assert NEW_TEXT in row.inner_text() and "머신비전 검사" in row.inner_text()
    assert f"“{takes.text}” 응답이 예일 때만 표시" in row.inner_text()
    assert "takes_trainees" not in row.inner_text()
    added = Question.objects.get(survey=survey, code=NEW_CODE)
    assert added.kind == "single" and added.required
    assert added.show_if_question == takes and added.show_if_values == ["yes"]
    assert [o["value"] for o in added.options] == ["robot", "vision", "plc"]
    shot(page, "survey-builder")

    # --- the preview: the form as a company sees it, skip logic included ---------
    page.locator("main nav.actions").get_by_role("link", name=ko("Preview")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/preview/")
    assert page.locator("main h1").inner_text() == title
    assert page.locator("#preview-form").count() == 1
    for code in ("size", "employees", "hiring", "takes_trainees"):
        assert page.locator(f"#q-{code}").is_visible(), code
    follow_up = page.locator(f"#q-{NEW_CODE}")
    assert follow_up.is_hidden()
    page.locator("#q-takes_trainees").get_by_label("예", exact=True).check()
    assert follow_up.is_visible()
    assert page.locator("#q-trainee_count").is_visible()
    assert NEW_TEXT in follow_up.inner_text()
    assert page.get_by_role("button", name=ko("Submit answers")).is_disabled()
    shot(page, "survey-preview")
    page.get_by_role("link", name=ko("Back to the questions")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/")

    # --- open it -------------------------------------------------------------
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Open the survey")).click()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    with translation.override("ko"):
        open_label = str(Survey.Status.OPEN.label)
    assert _status(page) == ko("The survey is now %(status)s.") % {"status": open_label}
    assert page.locator("main h1 .badge.status-open").count() == 1

    # --- send it to the participating companies -------------------------------
    page.locator("main nav.actions").get_by_role("link", name=ko("Send")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/send/")
    assert ko("The survey is not open: open it before sending.") not in page.content()
    participating = Organisation.objects.filter(
        district=ansan, kind=OrgKind.COMPANY, is_participating=True
    )
    n_companies = participating.count()
    assert n_companies >= 2
    assert page.locator("form.filters #id_participating_only").is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Count companies")).click()
    assert str(n_companies) in page.locator("main p strong").last.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Create invitations and send emails")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/tracker/")
    invitations = Invitation.objects.filter(survey=survey)
    assert invitations.count() == n_companies
    assert set(invitations.values_list("organisation", flat=True)) == set(
        participating.values_list("pk", flat=True)
    )
    n_sent = invitations.filter(status=Invitation.Status.SENT).count()
    assert n_sent >= 1 and invitations.exclude(email="").count() == n_sent
    assert str(n_companies) in _status(page)

    # --- the tracker: every participating company, the emailed ones marked sent
    assert page.locator("[data-count=invited]").inner_text().split()[0] == str(n_companies)
    assert page.locator("[data-count=sent]").inner_text().split()[0] == str(n_sent)
    assert page.locator("[data-count=submitted]").inner_text().split()[0] == "0"
    rows = page.locator("main table tbody tr[data-invitation]")
    assert rows.count() == n_companies
    assert page.locator("main table .badge.status-sent").count() == n_sent
    company = Organisation.objects.get(district=ansan, name=COMPANY_USER_ORG)
    invitation = invitations.get(organisation=company)
    mine = page.locator(f"tr[data-invitation='{invitation.pk}']")
    assert COMPANY_USER_ORG in mine.inner_text()
    badge = mine.locator(".badge").first.inner_text()
    assert badge == invitation.get_status_display()
    assert HANGUL.search(badge)
    shot(page, "survey-tracker-sent")

    # --- the company answers through its own link (no account) ----------------
    ctx = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
    ctx.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    cp = ctx.new_page()
    cp.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        cp.goto(f"/s/{invitation.token}/")
        assert cp.locator("main h1").inner_text() == title
        assert COMPANY_USER_ORG in cp.locator("main p.meta").inner_text()
        cp.locator("#q-size").get_by_label("50~299인").check()
        cp.locator("#q-industry").get_by_label("로봇·자동화").check()
        cp.fill("#id_employees", "120")
        cp.fill("#id_hiring-0-occupation", "로봇 유지보수 기술자")
        cp.fill("#id_hiring-0-headcount", "2")
        cp.locator("#id_hiring-0-timing").select_option("next_year")
        cp.locator("#q-training_needs").get_by_label("직무 기술 교육").check()
        assert cp.locator(f"#q-{NEW_CODE}").is_hidden()
        cp.locator("#q-takes_trainees").get_by_label("예", exact=True).check()
        cp.fill("#id_trainee_count", "3")
        cp.locator(f"#q-{NEW_CODE}").get_by_label("머신비전 검사").check()
        cp.fill("#id_difficulties", DIFFICULTY)
        with cp.expect_navigation():
            cp.locator("[data-submit]").click()
        cp.wait_for_selector("[data-testid=submitted-at]")
        assert cp.locator("main h1").inner_text() == ko("Thank you: your answers were submitted.")
        shot(cp, "survey-company-thanks")
    finally:
        ctx.close()
    assert not errors, errors
    response = Response.objects.get(invitation=invitation)
    assert response.is_submitted
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED

    # --- back as coordinator: submitted in the tracker, 1 respondent -----------
    page.reload()
    assert page.locator("[data-count=submitted]").inner_text().split()[0] == "1"
    mine = page.locator(f"tr[data-invitation='{invitation.pk}']")
    assert mine.locator(".badge.status-submitted").inner_text() == ko("Submitted")
    page.locator("main nav.actions").get_by_role("link", name=ko("Results")).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/analysis/")
    assert page.locator("[data-testid=respondents]").inner_text().split(":")[-1].strip() == "1"
    vision = page.locator(f"section[data-code={NEW_CODE}] tr", has_text="머신비전 검사")
    assert vision.locator("td.num").first.inner_text() == "1"
    texts = page.locator("[data-testid=text-answers]").inner_text()
    assert COMPANY_USER_ORG in texts and DIFFICULTY in texts  # coordinators see who
    shot(page, "survey-analysis-coordinator")
    logout(page)

    # --- a partner sees aggregates only: suppressed, no company names ------------
    login(page, "partner")
    page.goto(f"/surveys/{survey.pk}/analysis/")
    main = page.locator("main").inner_text()
    notice = ko(
        "You see aggregates only: groups of fewer than %(threshold)s companies are "
        "hidden and free-text answers are not listed.",
        threshold=3,
    )
    assert notice in " ".join(main.split())
    assert page.locator("[data-testid=respondents] .suppressed").inner_text() == "<3"
    assert "1" not in page.locator("[data-testid=respondents]").inner_text().split(":")[-1]
    for org in participating:
        assert org.name not in main, org.name
    assert page.locator("[data-testid=text-answers]").count() == 0
    assert DIFFICULTY not in main
    assert ko("Free-text answers are shown to the district's coordinators only.") in main
    shot(page, "survey-analysis-partner")


def test_builder_bad_input_shows_korean_error_summary(ansan, page):
    n_surveys = Survey.objects.count()
    login(page, "coordinator")

    # a blank survey without a title
    page.goto("/surveys/new/")
    page.locator("input[name=template][value='']").check()
    page.fill("#id_title", "   ")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Create draft")).click()
    assert page.url.endswith("/surveys/new/"), page.url
    summary = page.get_by_role("alert")
    assert summary.locator("strong").inner_text() == ko("Please correct the errors below.")
    assert ko("Enter a title for a blank survey.") in summary.inner_text()
    assert Survey.objects.count() == n_surveys

    # a choice question with a single option
    page.locator("input[name=template][value=demand]").check()
    page.fill("#id_title", "E2E 오류 점검용 설문")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Create draft")).click()
    survey = Survey.objects.get(title="E2E 오류 점검용 설문")
    n_questions = survey.questions.count()
    page.goto(f"/surveys/{survey.pk}/questions/add/")
    page.fill("#id_code", "one_option")
    page.select_option("#id_kind", "single")
    page.fill("#id_text", "선택지가 하나뿐인 질문")
    page.fill("#id_options", "유일한 선택지")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name=ko("Save")).click()
    assert nav.value.status == 422
    summary = page.get_by_role("alert")
    assert summary.locator("strong").inner_text() == ko("Please correct the errors below.")
    text = summary.inner_text()
    assert ko("A choice question needs at least two options.") in text
    assert ko("Options") in text
    # the link of the summary leads to the field, which keeps what was typed
    assert summary.locator("a[href='#id_options']").count() == 1
    assert page.locator("#id_options").input_value() == "유일한 선택지"
    assert page.locator("html").get_attribute("lang") == "ko"
    shot(page, "survey-question-error")
    assert survey.questions.count() == n_questions
