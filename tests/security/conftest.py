from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.security.demo import current_code

PASSWORD = "Rainbow-district-2025!"


@pytest.fixture
def people(world):
    """The world's users with a known password."""
    for user in world.users.values():
        user.set_password(PASSWORD)
        user.email = f"{user.username}@example.kr"
        user.save()
    return world.users


def enrolled(user, *, ahead_ok: bool = True) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now (the next step's when this one was used)."""
    device.refresh_from_db()
    from django_otp.oath import TOTP

    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return current_code(device, ahead=1 if device.last_t >= now else 0)
