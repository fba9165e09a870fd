"""The demo's second factor: fixed key, printed beside the logins; `totp_code`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.security.demo import demo_totp_secret, enrol_demo_devices, login_note

pytestmark = pytest.mark.django_db


def test_demo_devices_for_coordinator_and_school_only(world):
    names = ("coordinator", "school", "company", "student")
    assert enrol_demo_devices(usernames=names) == 2
    assert enrol_demo_devices(usernames=names) == 2  # idempotent
    owners = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True))
    assert owners == {"coordinator", "school"}
    assert demo_totp_secret() in login_note()


def test_totp_code_refuses_without_debug(world, settings):
    enrol_demo_devices(usernames=("coordinator",))
    settings.DEBUG = False
    with pytest.raises(CommandError, match="MUJIGAE_DEBUG"):
        call_command("totp_code", "coordinator")


def test_totp_code_prints_the_current_code(world, settings):
    enrol_demo_devices(usernames=("coordinator",))
    settings.DEBUG = True
    out = StringIO()
    call_command("totp_code", "coordinator", stdout=out, stderr=StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    device = TOTPDevice.objects.get(user__username="coordinator")
    assert device.verify_token(code)
