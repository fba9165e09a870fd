"""Every demo login in a real browser: the login form, the home page of its
role in Korean, the language switch, and the login throttle."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from mujigae.core.models import Role, User
from mujigae.demo.ansan import COMPANY_USER_ORG, DISTRICT, SCHOOL_USER_ORG
from tests.e2e.conftest import HANGUL, ko, login, shot

pytestmark = pytest.mark.e2e

# English labels of the header that must never show on a Korean page.
ENGLISH_CHROME = [
    "Home",
    "Partners",
    "Meetings",
    "Action items",
    "Surveys",
    "Timeline",
    "Audit log",
    "Placement slots",
    "Matching rounds",
    "Outcomes",
    "API tokens",
    "Log out",
]
# Menu entries per role (source strings; the page must show their Korean).
ISSUE4 = ["Competencies", "Curriculum", "Skills gap"]
ISSUE5 = ["Placement slots", "Matching rounds"]
BASE = ["Home", "Partners", "Meetings", "Action items", "MOU", "Surveys", *ISSUE4]
MONEY = ["Budget", "Company benefits"]  # issue 14: companies see no budget
SHARING = "Documents and notices"  # issue 15: 자료·공지 (sharing:documents)
EVALUATION = "Evaluation"  # issue 16: 성과 평가 (annual:list; the ministry national:comparison)
NAV = {
    "coordinator": [
        *BASE,
        "Students",
        *ISSUE5,
        "Outcomes",
        *MONEY,
        SHARING,
        EVALUATION,
        "Timeline",
        "Audit log",
    ],
    "city": [
        *BASE,
        "Students",
        *ISSUE5,
        "Outcomes",
        *MONEY,
        SHARING,
        EVALUATION,
        "Timeline",
        "Audit log",
    ],
    "school": [*BASE, "Students", *ISSUE5, "Outcomes", *MONEY, SHARING, EVALUATION, "Timeline"],
    "company": [*BASE, *ISSUE5, "Company benefits", SHARING, "Timeline"],
    "partner": [*BASE, *MONEY, SHARING, EVALUATION, "Timeline"],
    "student": ["Home", "My record", *ISSUE5, "My outcomes", SHARING],
    "ministry": [*BASE, "Students", "Outcomes", *MONEY, EVALUATION, "Timeline", "Audit log"],
}
ROLES = list(NAV)


def menu_labels(page) -> list[str]:
    """The main menu's link texts without the to-do count beside "Home" (it
    depends on what the demo's user owes today: docs/inbox.md)."""
    return page.locator("nav.main-nav a").evaluate_all(
        "links => links.map(a => { const c = a.cloneNode(true);"
        " c.querySelectorAll('.count').forEach(n => n.remove());"
        " return c.textContent.trim(); })"
    )


def _assert_korean_chrome(page, username: str) -> None:
    """The page frame (lang, menu, user line) is Korean and shows the role in Korean."""
    assert page.locator("html").get_attribute("lang") == "ko"
    user = User.objects.select_related("organisation").get(username=username)
    who = page.get_by_test_id("who")
    with_role = ko(Role(user.role).label)
    assert with_role in who.inner_text()
    if user.organisation:
        assert user.organisation.name in who.inner_text()
    labels = menu_labels(page)
    assert labels == [ko(label) for label in NAV[username]]
    chrome = page.locator("header.top").inner_text()
    for english in ENGLISH_CHROME:
        assert english not in chrome, f"English {english!r} in the header: {chrome!r}"
    assert ko("Log out") in chrome
    # students hold no API tokens (issue 16): no link to them
    assert (ko("API tokens") in chrome) == (User.objects.get(username=username).role != "student")
    assert page.locator("#lang-select").input_value() == "ko"


@pytest.mark.parametrize("username", ROLES)
def test_every_role_logs_in_and_sees_its_home_page_in_korean(ansan, page, username):
    response = login(page, username)
    assert response.status == 200
    assert urlparse(page.url).path == "/", page.url
    _assert_korean_chrome(page, username)
    h1 = page.locator("main h1")
    assert h1.count() == 1
    headings = page.locator("main h1, main h2").all_inner_texts()
    assert headings and all(HANGUL.search(h) for h in headings), headings
    main = page.locator("main").inner_text()

    if username in ("coordinator", "city"):
        # the district at a glance
        assert h1.inner_text() == ko("District at a glance")
        assert page.locator("header .district").inner_text() == DISTRICT["name"]
        for heading in ("Partners by type", "Action items", "Upcoming meetings"):
            assert page.locator("main h2", has_text=ko(heading)).count() == 1
        assert ko("MOU commitments: progress per clause") in main
        assert page.get_by_role("link", name=ko("New meeting")).is_visible()
        assert page.get_by_test_id("overdue-count").is_visible()
        # the MOU progress table lists the eight clauses
        assert page.locator("section[aria-labelledby=h-mou] tbody tr").count() == 8
    elif username in ("school", "company", "partner"):
        # what to do next, for the user's organisation
        assert h1.inner_text() == ko("What to do next")
        assert page.locator("#h-my-actions").inner_text() == ko(
            "Action items your organisation owns"
        )
        assert ko("Your upcoming meetings") in main
        assert ko("Your MOU commitments") in main
        if username == "company":
            assert COMPANY_USER_ORG in main
            rows = page.locator("section[aria-labelledby=h-my-actions] tbody tr")
            assert rows.count() >= 3  # the demo gives the company three open items
            assert ko("In progress") in " ".join(rows.all_inner_texts())
    elif username == "student":
        assert h1.inner_text() == ko("Hello, %(name)s", name=User.objects.get(username=username))
        assert ko("My school") in main
        assert SCHOOL_USER_ORG in main
        assert ko("What to do next") in main
    else:
        # the ministry: the national roll-up, read-only, every district
        assert h1.inner_text() == ko("National roll-up")
        assert page.locator("header .district").inner_text() == ko("All districts (national)")
        table = page.locator("main table")
        assert ko("District") in table.locator("thead").inner_text()
        row = table.locator("tbody tr", has_text=DISTRICT["name"])
        assert row.count() == 1
        assert not page.get_by_role("link", name=ko("New meeting")).count()

    assert "Partners" not in main and "Action items" not in main
    shot(page, f"home-{username}")


def test_language_switch_to_english_and_back(ansan, page):
    login(page, "coordinator")
    assert page.locator("main h1").inner_text() == ko("District at a glance")

    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert urlparse(page.url).path == "/", page.url  # back on the page we were on
    assert page.locator("main h1").inner_text() == "District at a glance"
    assert menu_labels(page) == NAV["coordinator"]
    assert "District coordinator" in page.get_by_test_id("who").inner_text()
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.locator("#lang-select").input_value() == "en"
    shot(page, "home-coordinator-en")

    # the choice sticks across pages
    page.get_by_role("link", name="Action items", exact=True).click()
    page.wait_for_url("**/governance/actions/")
    assert page.locator("main h1").inner_text() == "Action items"

    with page.expect_navigation():
        page.select_option("#lang-select", "ko")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("main h1").inner_text() == ko("Action items")
    assert page.url.endswith("/governance/actions/"), page.url


def test_anonymous_visitor_gets_the_korean_login_page(ansan, page):
    response = page.goto("/governance/actions/")
    assert response.status == 200  # after the redirect
    assert "/login/" in page.url and "next=" in page.url
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("main h1").inner_text() == ko("Log in to mujigae")
    assert not page.locator("nav.main-nav").count()
    # logging in lands on the page asked for
    page.fill("#id_username", "company")
    page.fill("#id_password", "mujigae-demo")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Log in")).click()
    assert page.url.endswith(reverse("governance:action_list")), page.url
    assert page.locator("main h1").inner_text() == ko("Action items")
    shot(page, "login-then-actions-company")


def test_login_throttle_locks_out_after_five_wrong_passwords(ansan, page):
    error = ko("The username or password is not correct. Check them and try again.")
    for attempt in range(1, 5):
        response = login(page, "coordinator", f"wrong-password-{attempt}")
        assert response.status == 200, attempt
        alert = page.get_by_role("alert")
        assert alert.inner_text().strip() == error, attempt
        assert page.locator("#id_username").input_value() == "coordinator"

    response = login(page, "coordinator", "wrong-password-5")
    assert response.status in (403, 429), response.status
    assert page.locator("html").get_attribute("lang") == "ko"
    locked = page.get_by_role("alert")
    assert locked.locator("h1").inner_text() == ko("Too many failed log-in attempts")
    assert HANGUL.search(locked.inner_text())
    assert "Too many" not in page.locator("body").inner_text()
    assert not page.locator("#id_password").count()
    shot(page, "locked-out")

    # the right password does not get through while locked
    response = login(page, "coordinator")
    assert response.status in (403, 429)
    assert page.get_by_role("alert").locator("h1").inner_text() == ko(
        "Too many failed log-in attempts"
    )
    assert not page.get_by_test_id("who").count()

    # the lock is on that username: another person at the same desk still gets in
    response = login(page, "school")
    assert response.status == 200
    assert page.locator("main h1").inner_text() == ko("What to do next")
