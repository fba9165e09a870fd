"""Changing and resetting a password; the Korean common-password check."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client
from django.urls import reverse

from mujigae.security.validators import KoreanCommonPasswordValidator
from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Ansan-robot-valley-77"


def test_change_password_from_the_header(people):
    client = Client()
    client.force_login(people["partner"])
    home = client.get(reverse("home")).content.decode()
    assert reverse("security:password_change") in home
    url = reverse("security:password_change")
    wrong = client.post(url, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 422 and "현재 비밀번호가 맞지 않습니다" in wrong.content.decode()
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "비밀번호가 변경되었습니다" in response.content.decode()
    people["partner"].refresh_from_db()
    assert people["partner"].check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # still logged in


@pytest.mark.parametrize(
    "password, message",
    [
        ("qwer1234", "너무 흔한 비밀번호"),
        ("1q2w3e4r!", "너무 흔한 비밀번호"),
        ("zxcvasdf", "자판에서 이웃한 키"),
        ("saranghae1004", "너무 흔한 비밀번호"),
        ("gksrnr2025", "너무 흔한 비밀번호"),
        ("사랑해1004", "한글로 입력한"),
        ("안녕하세요", "한글로 입력한"),
        ("minsu1998", "이름 뒤에 연도"),
        ("kimjihoon0315", "이름 뒤에 연도"),
        ("김민수1998", "이름 뒤에 연도"),
        ("010-1234-5678", "전화번호"),
    ],
)
def test_korean_common_passwords_are_refused_in_korean(people, password, message):
    client = Client()
    client.force_login(people["partner"])
    response = client.post(
        reverse("security:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    people["partner"].refresh_from_db()
    assert people["partner"].check_password(PASSWORD)  # nothing changed


@pytest.mark.parametrize(
    "password",
    ["Ansan-robot-valley-77", "바다와하늘사이7!x", "로봇공학의미래2030!", "tjdnf$Kim2025x9"],
)
def test_less_predictable_passwords_pass(password):
    KoreanCommonPasswordValidator().validate(password)


def _reset_link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/security/password/reset/[^\s]+/)", body).group(1)


def test_reset_answer_does_not_reveal_whether_an_address_exists(people):
    client = Client()
    url = reverse("security:password_reset")
    known = client.post(url, {"email": "school@example.kr"})
    unknown = client.post(url, {"email": "nobody@example.kr"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("security:password_reset_done")
    page = client.get(known["Location"]).content.decode()
    assert "계정의 주소라면" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["school@example.kr"]
    assert "새 비밀번호" in mail.outbox[0].subject
    bad = client.post(url, {"email": "not an address"})
    assert bad.status_code == 422 and "이메일 주소 전체를 입력하세요" in bad.content.decode()


def test_a_reset_link_works_once(people):
    client = Client()
    client.post(reverse("security:password_reset"), {"email": "school@example.kr"})
    link = _reset_link(mail.outbox[0].body)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "새 비밀번호 설정" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    assert "set-password" in set_url  # the token leaves the address bar
    weak = client.post(set_url, {"new_password1": "qwer1234", "new_password2": "qwer1234"})
    assert weak.status_code == 422 and "너무 흔한 비밀번호" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "새 비밀번호를 설정했습니다" in done.content.decode()
    people["school"].refresh_from_db()
    assert people["school"].check_password(NEW)
    again = Client().get(link, follow=True)
    assert "더 이상 쓸 수 없는 링크" in again.content.decode()


def test_a_reset_link_expires(people, settings):
    client = Client()
    client.post(reverse("security:password_reset"), {"email": "school@example.kr"})
    link = _reset_link(mail.outbox[0].body)
    later = PasswordResetTokenGenerator()._now().timestamp() + settings.PASSWORD_RESET_TIMEOUT + 60
    import datetime as dt

    with mock.patch.object(
        PasswordResetTokenGenerator, "_now", return_value=dt.datetime.fromtimestamp(later)
    ):
        response = Client().get(link, follow=True)
    assert "더 이상 쓸 수 없는 링크" in response.content.decode()
    people["school"].refresh_from_db()
    assert people["school"].check_password(PASSWORD)


def test_reset_sent_by_a_coordinator_is_recorded(people, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from mujigae.accounts.models import AccessChange
    from mujigae.security.services import password_reset_send

    request = rf.post("/")
    request.session = SessionStore()
    password_reset_send(request=request, email="school@example.kr", actor=people["coordinator"])
    change = AccessChange.objects.get(kind=AccessChange.Kind.PASSWORD_RESET)
    assert (change.actor, change.subject) == (people["coordinator"], people["school"])
    password_reset_send(request=request, email="school@example.kr")
    assert AccessChange.objects.filter(kind=AccessChange.Kind.PASSWORD_RESET).count() == 1
