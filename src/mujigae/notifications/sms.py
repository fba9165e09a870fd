"""The text-message channel (SMS / 카카오 알림톡): one small interface.

    from mujigae.notifications import sms
    sms.send("010-1234-5678", "[무지개] 새 실행과제가 배정되었습니다 …")

`MUJIGAE_SMS_BACKEND` (a dotted path) chooses the backend:

* `mujigae.notifications.sms.ConsoleBackend`: logs that a message went out
  (the number masked, the text not logged: log files carry no personal data);
* `mujigae.notifications.sms.FileBackend` (the demo's default): appends one
  JSON line per message to `MUJIGAE_SMS_FILE` (default var/sms.jsonl);
* `mujigae.notifications.sms.HttpProviderBackend`: POSTs
  `{"to": ..., "text": ..., "sender": ...}` as JSON to `MUJIGAE_SMS_URL` with
  the header `Authorization: Bearer <MUJIGAE_SMS_API_KEY>`; anything but a 2xx
  answer raises `SmsError`, and the delivery is retried with back-off.

A real provider with another API is one class with a `send(phone, text)`
method (docs/notifications.md).
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "mujigae.notifications.sms.FileBackend"
TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """Sending failed. The message is short and carries no personal data: it is
    kept on the delivery and shown to the coordinator."""


def mask(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"{digits[:3]}-****-{digits[-4:]}" if len(digits) >= 7 else "***"


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        log.info("sms: a text message to %s (%d characters)", mask(phone), len(text))


class FileBackend:
    _lock = threading.Lock()

    def __init__(self, path: str | None = None):
        default = Path(settings.VAR_DIR) / "sms.jsonl"
        self.path = Path(path or getattr(settings, "MUJIGAE_SMS_FILE", "") or default)

    def send(self, phone: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"at": timezone.now().isoformat(), "to": phone, "text": text}, ensure_ascii=False
        )
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class HttpProviderBackend:
    def __init__(self, url: str | None = None, api_key: str | None = None, sender: str = ""):
        self.url = url or getattr(settings, "MUJIGAE_SMS_URL", "")
        self.api_key = api_key or getattr(settings, "MUJIGAE_SMS_API_KEY", "")
        self.sender = sender or getattr(settings, "MUJIGAE_SMS_SENDER", "")
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("MUJIGAE_SMS_URL is not an http(s) address")

    def send(self, phone: str, text: str) -> None:
        payload = json.dumps(
            {"to": phone, "text": text, "sender": self.sender}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.api_key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - the operator's URL
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway unreachable ({type(exc).__name__})") from None
        if not 200 <= status < 300:
            raise SmsError(f"HTTP {status}")


def backend():
    path = getattr(settings, "MUJIGAE_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()


def send(phone: str, text: str) -> None:
    """Send one text message through the configured backend (raises on failure)."""
    backend().send(phone, text)
