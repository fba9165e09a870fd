"""The second factor in the login flow: enrolment, codes, recovery codes, a
coordinator's reset, exempt networks, and sign_in for other callers."""

from __future__ import annotations

import ipaddress
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.accounts.models import AccessChange
from mujigae.security import services
from mujigae.security.models import RecoveryCode
from tests.security.conftest import PASSWORD, code_for, enrolled

pytestmark = pytest.mark.django_db


def password_step(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_company_logs_in_with_the_password_alone(people):
    client = Client()
    response = password_step(client, "company")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert logged_in(client)


def test_coordinator_without_an_app_enrols_before_being_logged_in(people):
    client = Client()
    response = password_step(client, "coordinator")
    assert response["Location"] == reverse("security:enrol")
    assert not logged_in(client)  # the password step is not a login
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))

    page = client.get(reverse("security:enrol"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "인증 앱" in text  # QR drawn here, no internet
    device = TOTPDevice.objects.get(user=people["coordinator"], confirmed=False)
    assert not re.search(r"(src|href)=\"https?://", text)  # nothing from the internet
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', text).group(1)
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post(reverse("security:enrol"), {"code": "000000"})
    assert wrong.status_code == 422
    assert "코드가 맞지 않습니다" in wrong.content.decode()
    assert not logged_in(client)


def test_enrolment_shows_ten_recovery_codes_once_and_records_it(people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    password_step(client, "coordinator")
    client.get(reverse("security:enrol"))
    device = TOTPDevice.objects.get(user=people["coordinator"])
    response = client.post(reverse("security:enrol"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(
        r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>", response.content.decode()
    )
    assert len(codes) == 10 and len(set(codes)) == 10
    assert logged_in(client)
    device.refresh_from_db()
    assert device.confirmed
    # stored as fingerprints only
    assert RecoveryCode.objects.filter(user=people["coordinator"]).count() == 10
    assert not RecoveryCode.objects.filter(digest__in=codes).exists()
    change = AccessChange.objects.get(kind=AccessChange.Kind.SECOND_FACTOR_ENROLLED)
    assert change.subject == people["coordinator"]
    # the recovery page is not reachable again
    assert client.get(reverse("security:second_factor")).status_code == 200
    assert codes[0] not in client.get(reverse("security:second_factor")).content.decode()


def test_enrolled_coordinator_types_the_code(people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(people["coordinator"])
    client = Client()
    response = password_step(client, "coordinator", next_url="/students/")
    assert response["Location"] == reverse("security:verify")
    assert not logged_in(client)
    wrong = client.post(reverse("security:verify"), {"code": "123456"})
    assert wrong.status_code == 422 and "코드가 맞지 않습니다" in wrong.content.decode()
    empty = client.post(reverse("security:verify"), {"code": ""})
    assert empty.status_code == 422 and "6자리 코드" in empty.content.decode()
    response = client.post(reverse("security:verify"), {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/students/"
    assert logged_in(client)
    assert client.session[services.VERIFIED] == people["coordinator"].pk


def test_a_used_code_does_not_work_twice(people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(people["school"])
    first, second = Client(), Client()
    password_step(first, "school")
    password_step(second, "school")
    code = code_for(device)
    assert first.post(reverse("security:verify"), {"code": code}).status_code == 302
    assert second.post(reverse("security:verify"), {"code": code}).status_code == 422


def test_wrong_codes_are_throttled_then_the_password_is_asked_again(people):
    device = enrolled(people["school"])
    client = Client()
    password_step(client, "school")
    client.post(reverse("security:verify"), {"code": "111111"})
    throttled = client.post(reverse("security:verify"), {"code": code_for(device)})
    assert throttled.status_code == 429
    assert "몇 초 기다린 뒤" in throttled.content.decode()
    for _n in range(3):
        client.post(reverse("security:verify"), {"code": "222222"})
    response = client.post(reverse("security:verify"), {"code": "333333"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert services.PENDING not in client.session and not logged_in(client)


def test_a_recovery_code_works_once(people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = people["coordinator"]
    enrolled(user)
    codes = services.recovery_codes_create(user=user)
    client = Client()
    password_step(client, "coordinator")
    response = client.post(reverse("security:verify"), {"code": codes[3].upper()}, follow=True)
    assert logged_in(client)
    assert "복구 코드를 사용했습니다. 9개 남았습니다" in response.content.decode()
    client.logout()
    password_step(client, "coordinator")
    again = client.post(reverse("security:verify"), {"code": codes[3]})
    assert again.status_code == 422 and not logged_in(client)


def test_the_pending_step_expires(people, settings):
    enrolled(people["coordinator"])
    client = Client()
    password_step(client, "coordinator")
    session = client.session
    session[services.PENDING]["at"] -= settings.MUJIGAE_SECOND_FACTOR_PENDING_SECONDS + 1
    session.save()
    response = client.get(reverse("security:verify"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "로그인 시간이 지났거나" in response.content.decode()


def test_a_password_alone_cannot_replace_an_enrolled_app(people):
    enrolled(people["coordinator"])
    client = Client()
    password_step(client, "coordinator")
    response = client.get(reverse("security:enrol"))
    assert response.status_code == 302 and response["Location"] == reverse("security:verify")
    assert TOTPDevice.objects.filter(user=people["coordinator"]).count() == 1


def test_exempt_network_logs_in_with_the_password(people, settings):
    settings.MUJIGAE_SECOND_FACTOR_EXEMPT_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    client = Client(REMOTE_ADDR="10.20.3.4")
    response = password_step(client, "coordinator")
    assert response["Location"] == reverse("home") and logged_in(client)
    outside = Client(REMOTE_ADDR="203.0.113.9")
    assert password_step(outside, "coordinator")["Location"] == reverse("security:enrol")


def test_exempt_network_uses_the_proxy_count_not_a_header_the_client_sends(people, settings):
    settings.MUJIGAE_SECOND_FACTOR_EXEMPT_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    # no proxy configured: X-Forwarded-For from the client is not believed
    spoofed = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.20.3.4")
    assert password_step(spoofed, "coordinator")["Location"] == reverse("security:enrol")
    settings.MUJIGAE_PROXY_COUNT = 1
    behind = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.20.3.4")
    assert password_step(behind, "coordinator")["Location"] == reverse("home")


def test_coordinator_resets_a_school_users_second_factor(people):
    school = people["school"]
    enrolled(school)
    services.recovery_codes_create(user=school)
    client = Client()
    client.force_login(people["coordinator"])
    url = reverse("security:second_factor_reset", args=[school.pk])
    page = client.get(url)
    assert page.status_code == 200 and "2단계 인증 초기화" in page.content.decode()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "다음 로그인 때 앱을 다시 설정합니다" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=school).exists()
    assert not RecoveryCode.objects.filter(user=school).exists()
    change = AccessChange.objects.get(kind=AccessChange.Kind.SECOND_FACTOR_RESET)
    assert (change.actor, change.subject) == (people["coordinator"], school)
    # at the next login the person enrols again
    again = Client()
    assert password_step(again, "school")["Location"] == reverse("security:enrol")


def test_other_district_and_other_roles_cannot_reset(people):
    school = people["school"]
    enrolled(school)
    url = reverse("security:second_factor_reset", args=[school.pk])
    other = Client()
    other.force_login(people["other_coordinator"])
    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404
    peer = Client()
    peer.force_login(people["school"])
    assert peer.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=school).exists()
    assert not AccessChange.objects.filter(kind=AccessChange.Kind.SECOND_FACTOR_RESET).exists()


def test_sign_in_for_other_callers(people, settings):
    """accounts' invitation acceptance calls sign_in: a coordinator goes to
    enrolment, a company user is logged in."""
    from django.contrib.sessions.backends.db import SessionStore

    rf = RequestFactory()

    def request():
        r = rf.get("/")
        r.session = SessionStore()
        return r

    r = request()
    response = services.sign_in(r, people["coordinator"], next_url="/students/")
    assert response["Location"] == reverse("security:enrol")
    assert r.session[services.PENDING]["next"] == "/students/"
    assert SESSION_KEY not in r.session
    r = request()
    response = services.sign_in(r, people["company"], next_url="https://evil.example/")
    assert response["Location"] == reverse("home")  # an outside address is refused
    assert r.session[SESSION_KEY] == str(people["company"].pk)


def test_second_factor_required_for_role_switching(people):
    from django.contrib.sessions.backends.db import SessionStore

    user = people["company"]
    assert services.second_factor_required(user, "coordinator")
    assert not services.second_factor_required(user, "company")
    r = RequestFactory().get("/")
    r.session = SessionStore()
    assert services.second_factor_required(user, "school", request=r)
    r.session[services.VERIFIED] = user.pk
    assert not services.second_factor_required(user, "school", request=r)
    assert services.step_up_url("/x/").startswith(reverse("security:verify"))


def test_logged_in_person_steps_up(people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(people["company"])
    client = Client()
    client.force_login(people["company"])
    response = client.post(
        reverse("security:verify"), {"code": code_for(device), "next": "/accounts/"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    assert client.session[services.VERIFIED] == people["company"].pk


def test_voluntary_enrolment_is_asked_at_login(people, settings):
    enrolled(people["partner"])
    client = Client()
    assert password_step(client, "partner")["Location"] == reverse("security:verify")


def test_bad_network_setting_refuses_to_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from mujigae import settings as project_settings

    monkeypatch.setenv("X_NETS", "10.0.0.0/8, 192.168.1.0/24")
    assert len(project_settings.env_networks("X_NETS")) == 2
    for bad in ("10.0.0.1/8", "10.0.0.0/33", "office"):
        monkeypatch.setenv("X_NETS", bad)
        with pytest.raises(ImproperlyConfigured):
            project_settings.env_networks("X_NETS")


def test_role_values_in_settings_match_the_roles():
    from django.conf import settings

    from mujigae.core.models import Role

    assert set(settings.MUJIGAE_ROLE_VALUES) == set(Role.values)


def test_a_platform_administrator_enrols_whatever_the_role(people):
    """A superuser reaches every district's data through the Django admin: the
    second factor is asked even when their role (here: company) needs none."""
    admin = people["company"]
    admin.is_superuser = True
    admin.save()
    client = Client()
    response = password_step(client, "company")
    assert response["Location"] == reverse("security:enrol")
    assert not logged_in(client)
