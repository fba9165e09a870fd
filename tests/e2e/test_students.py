"""Students in a real browser: the school imports its NEIS class list, sees the
masked list, opens one student after giving a purpose, and finds that view in
the student's access log; the student sees it on their own page."""

from __future__ import annotations

import pytest

from mujigae.core.models import User
from mujigae.students.models import AccessLog, Student
from tests.e2e.conftest import ko, login, logout, shot
from tests.students.test_import import neis_xlsx

pytestmark = pytest.mark.e2e


def test_school_imports_views_with_a_purpose_and_the_log_shows_it(ansan, page, tmp_path):
    rows = [
        [3, 1, 1, "홍길동", "2008.03.05", "남", "로봇제어과", "010-1234-5678"],
        [None, None, 2, "김영희", 39512, "여", "로봇제어과", ""],
        [None, None, 3, "남궁민수", "20080712", "남", "협동로봇과", "01098765432"],
    ]
    path = tmp_path / "명렬표.xlsx"
    path.write_bytes(neis_xlsx(rows))

    login(page, "school")
    page.goto("/students/import/")
    page.fill("#id_school_year", "2025")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Import")).click()
    assert page.url.rstrip("/").endswith("/students")
    assert Student.objects.filter(name="홍길동").count() == 1

    table = page.locator("[data-testid=student-list]")
    text = table.inner_text()
    assert "홍*동" in text and "남**수" in text and "010-****-5678" in text
    assert "홍길동" not in text and "1234" not in text
    shot(page, "students-list")

    page.get_by_role("link", name="홍*동").click()
    page.wait_for_url("**/students/*/")
    assert ko("Why do you need this person's data?") in page.content()
    shot(page, "students-purpose")
    page.select_option("#id_purpose", "counselling")
    with page.expect_navigation():
        page.get_by_role("button", name=ko("Open the record")).click()
    assert page.locator("[data-testid=student-name]").inner_text().startswith("홍길동")
    assert "010-1234-5678" in page.content()
    shot(page, "students-detail")

    page.get_by_role("link", name=ko("Access log"), exact=True).click()
    log = page.locator("[data-testid=access-log]").inner_text()
    school_user = User.objects.get(username="school")
    assert str(school_user) in log
    assert ko("Counselling and career guidance") in log
    assert AccessLog.objects.filter(who=school_user, action="view").count() == 1
    shot(page, "students-access-log")

    # the student of that record sees who looked
    student = Student.objects.get(name="홍길동")
    student.user = User.objects.get(username="student")
    student.save()
    logout(page)
    login(page, "student")
    page.goto("/students/me/")
    assert "홍길동" in page.content()
    assert str(school_user) in page.locator("[data-testid=access-log]").inner_text()
