"""The demo's second factor: the demo's coordinator and school logins get a
TOTP authenticator with a fixed, published key, so a tester without a phone
can log in (`mujigae totp_code coordinator` prints the current code; any TOTP
app accepts the key too). Demo data only: `mujigae demo` refuses to run
without MUJIGAE_DEBUG (or --force)."""

from __future__ import annotations

from base64 import b32encode
from typing import TextIO

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.core.models import User
from mujigae.security.services import role_needs_second_factor

# 20 bytes, public on purpose (the demo's logins have a public password too).
DEMO_TOTP_KEY = b"mujigae-demo-totp-20".hex()
DEMO_DEVICE_NAME = "demo"


def demo_totp_secret() -> str:
    """The key as an authenticator app takes it (base32)."""
    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii").rstrip("=")


def enrol_demo_devices(*, usernames: tuple[str, ...], out: TextIO | None = None) -> int:
    """Give each demo login whose role needs a second factor a confirmed device
    with the demo key (idempotent). Returns how many logins have one."""
    users = User.objects.filter(username__in=usernames)
    users = [u for u in users.filter(is_active=True) if role_needs_second_factor(u.role)]
    for user in users:
        device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
        if device is None:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice(user=user, name=DEMO_DEVICE_NAME)
        device.key = DEMO_TOTP_KEY
        device.confirmed = True
        device.last_t = -1
        device.throttle_reset(commit=False)
        device.save()
    if out is not None:
        out.write(f"2단계 인증 / second factor: {len(users)} demo logins (demo key)")
    return len(users)


def current_code(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The code the device's app shows now (`ahead` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def login_note() -> str:
    """The line printed beside the demo's logins."""
    return (
        f"  2단계 인증(코디네이터·학교) / second factor (coordinator, school): TOTP key "
        f"{demo_totp_secret()} — 현재 코드 / current code: `mujigae totp_code <username>`"
    )
