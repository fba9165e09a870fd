"""Student logins in a real browser: the school picks a class, sees how many
logins will be made, confirms, reads a code on the printed sheet; the student
activates with it, chooses a password and lands on their own home page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mujigae.accounts.models import ActivationCode
from mujigae.core.models import User
from mujigae.students.models import AccessLog, Student
from tests.e2e.conftest import ko, login, logout, shot
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.e2e

PASSWORD = "rainbow-Ansan-2025"


def test_school_makes_logins_and_a_student_activates_from_the_sheet(ansan, page):
    school = User.objects.get(username="school").organisation
    for number, name in enumerate(["한별찬", "이슬기", "박초롱"], start=1):
        StudentFactory(
            school=school, school_year=2025, grade=1, class_no=3, number=number, name=name, email=""
        )

    login(page, "school")
    page.goto("/students/")
    with page.expect_navigation():
        page.get_by_role("link", name=ko("Student logins")).click()
    assert ko("Student logins") in page.content()
    page.select_option("#id_school_year", "2025")
    page.select_option("#id_grade", "1")
    page.select_option("#id_class_no", "3")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Show these students")).click()
    assert page.locator("[data-testid=to-make]").inner_text().strip() == "3"
    listed = page.locator("[data-testid=account-list]").inner_text()
    assert "한*찬" in listed and "한별찬" not in listed  # masked
    shot(page, "student-logins-list")

    page.get_by_label(ko("Yes, make the logins and show the codes once")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Make %(n)s login", n=3)).click()
    slips = page.locator("[data-testid=slip]")
    assert slips.count() == 3
    assert page.locator("[data-testid=sheet-class]").count() == 1
    first = slips.first
    assert "한별찬" in first.inner_text()
    username = first.locator("[data-testid=slip-username]").inner_text().strip()
    code = first.locator("[data-testid=slip-code]").inner_text().strip()
    assert len(code.replace("-", "")) == 12
    shot(page, "student-logins-sheet")
    student = Student.objects.get(name="한별찬")
    assert student.user.username == username
    assert AccessLog.objects.filter(student=student, action="print").count() == 1
    # the print layout: A4, one page per class (the sheet's own stylesheet)
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    page.emulate_media(media="screen")
    logout(page)

    page.goto("/accounts/activate/")
    assert ko("Activate your student login") in page.content()
    page.fill("#id_username", username)
    page.fill("#id_code", code.lower())  # typed as a student would
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Set my password and log in")).click()
    assert urlsplit(page.url).path == "/"  # the student's home
    assert ko("Your login is ready. Welcome to mujigae.") in page.content()
    assert ko("Student") in page.locator("[data-testid=who]").inner_text()
    shot(page, "student-activated-home")
    page.goto("/students/me/")
    assert "한별찬" in page.content()
    assert ActivationCode.objects.get(user__username=username).used_at is not None

    # the same code again: a clear page, no login
    logout(page)
    page.goto("/accounts/activate/")
    page.fill("#id_username", username)
    page.fill("#id_code", code)
    page.fill("#id_password1", "another-Pass-2025")
    page.fill("#id_password2", "another-Pass-2025")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Set my password and log in")).click()
    refused = page.locator("[data-testid=activation-refused]")
    assert refused.get_attribute("data-reason") == "used"
    assert ko("The activation code cannot be used") in page.content()
    assert page.locator("[data-testid=who]").count() == 0
    # log in with the password chosen
    login(page, username, PASSWORD)
    assert ko("Student") in page.locator("[data-testid=who]").inner_text()
