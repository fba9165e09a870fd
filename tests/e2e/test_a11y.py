"""Accessible to everyone (KWCAG 2.2 / WCAG 2.1 AA; issue 13, point 7).

Every page a browser test opens is checked by axe-core (tests/e2e/conftest.py):
a serious or critical violation fails that test. Here every page of every
role's menu is opened, so no menu page escapes the check even when no flow
test passes through it; and the check is shown to catch what it should.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations, login

pytestmark = pytest.mark.e2e

ROLES = ["coordinator", "school", "company", "partner", "student", "ministry"]


def _menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "header a[href^='/'], main a.todo-title[href^='/']",
        "els => els.map(e => e.getAttribute('href'))",
    )
    seen, links = set(), []
    for href in hrefs:
        path = href.split("#", 1)[0]
        if path and path not in seen and not path.endswith((".ics", ".xlsx", ".csv", ".pdf")):
            seen.add(path)
            links.append(path)
    return links


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_of_every_role_passes_axe(ansan, page, username):
    login(page, username)
    links = _menu_links(page)
    assert len(links) >= 4, links  # home, the role's menu, notifications, calendar, account
    for path in links:
        response = page.goto(path)
        assert response.status < 400, (path, response.status)
        assert page.evaluate("typeof window.axe") == "object", path  # the check did run
    # the violations, if any, fail this test at teardown (conftest's `page`)


@pytest.mark.a11y_exempt("breaks a page on purpose to show the check catches it")
def test_the_check_catches_low_contrast_and_a_misplaced_aria_attribute(ansan, page):
    login(page, "company")
    assert axe_violations(page) == []
    page.evaluate(
        """() => {
          const p = document.createElement("p");
          p.textContent = "예시";
          p.style.color = "#b26a00"; p.style.background = "#fff4e0";  // 3.88:1, the old amber
          document.querySelector("main").append(p);
          const f = document.createElement("fieldset");
          f.setAttribute("aria-required", "true");  // not allowed on a group
          f.innerHTML = "<legend>질문</legend><label><input type=radio name=q> 예</label>";
          document.querySelector("main").append(f);
        }"""
    )
    found = {v["id"] for v in axe_violations(page)}
    assert "color-contrast" in found
    assert "aria-allowed-attr" in found
