"""Notifications as a company manager uses them (issue 13, point 2): the bell in
the menu counts what is unread, the list opens from it, reading one clears the
count, and the preferences page turns a kind's e-mail off, asks for a daily
digest and takes a mobile number written any Korean way."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mujigae.core import inbox
from mujigae.core.models import User
from mujigae.notifications.models import Notification, Preference, Profile
from tests.e2e.conftest import ko, login

pytestmark = pytest.mark.e2e


def test_bell_list_read_and_preferences(ansan, page):
    assert inbox.EVENT_KINDS, "the apps declare their kinds of notification"
    kind = sorted(inbox.EVENT_KINDS)[0]
    company = User.objects.get(username="company")
    Notification.objects.create(
        recipient=company, key="e2e:1", kind=kind, title="새 실행 과제가 배정되었습니다", url="/"
    )
    Notification.objects.create(
        recipient=company, key="e2e:2", kind=kind, title="설문 마감이 3일 남았습니다", url="/"
    )
    Notification.objects.create(  # someone else's: never shown here
        recipient=User.objects.get(username="partner"), key="e2e:3", kind=kind, title="남의 알림"
    )

    login(page, "company")
    bell = page.get_by_test_id("notification-bell")
    assert bell.get_by_test_id("notification-count").inner_text() == "2"
    bell.click()
    page.wait_for_url("**/notifications/")
    items = page.get_by_test_id("notification")
    assert items.count() == 2
    assert "남의 알림" not in page.locator("main").inner_text()

    # one marked read: the count drops to one
    first = items.filter(has_text="설문 마감이 3일 남았습니다")
    with page.expect_navigation():
        first.get_by_role("button", name=ko("Mark read")).click()
    assert page.get_by_test_id("notification-count").inner_text() == "1"

    # opening the other one marks it read and goes where it points
    with page.expect_navigation():
        page.get_by_role("button", name="새 실행 과제가 배정되었습니다").click()
    assert urlsplit(page.url).path == "/"
    assert page.get_by_test_id("notification-count").count() == 0
    assert not Notification.objects.filter(recipient=company, read_at__isnull=True).exists()

    # preferences: a bad number first, in Korean, nothing saved
    page.goto("/notifications/preferences/")
    form = page.get_by_test_id("preferences-form")
    label = str(inbox.EVENT_KINDS[kind])
    row = form.locator("tr", has_text=label)
    row.get_by_role("checkbox").first.uncheck()  # its e-mail
    form.get_by_label(
        ko("One e-mail a day (daily digest) instead of one e-mail per notification")
    ).check()
    page.fill("#id_phone", "12345")
    with page.expect_navigation():
        form.get_by_role("button", name=ko("Save")).click()
    assert page.get_by_test_id("phone-error").is_visible()
    assert not Profile.objects.filter(user=company, digest=True).exists()

    page.fill("#id_phone", "01012345678")
    with page.expect_navigation():
        page.get_by_test_id("preferences-form").get_by_role("button", name=ko("Save")).click()
    assert page.get_by_role("status").inner_text().strip() == ko(
        "Your notification settings are saved."
    )
    profile = Profile.objects.get(user=company)
    assert profile.digest and profile.phone == "010-1234-5678"
    assert Preference.objects.get(user=company, kind=kind).email is False
    assert page.locator("#id_phone").input_value() == "010-1234-5678"
