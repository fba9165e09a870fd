"""`mujigae totp_code USERNAME`: the code a demo login's authenticator shows now.
Development and the demo only: refuses unless MUJIGAE_DEBUG is on."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from mujigae.security.demo import current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a login's authenticator (MUJIGAE_DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "totp_code는 개발·시연용입니다(MUJIGAE_DEBUG=1). / totp_code is for "
                "development and the demo only: run with MUJIGAE_DEBUG=1."
            )
        device = (
            TOTPDevice.objects.filter(user__username=options["username"], confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{options['username']}: 2단계 인증 앱이 없습니다. / no authenticator set up."
            )
        left = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(current_code(device))
        self.stderr.write(f"({left} s)")
