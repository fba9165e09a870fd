"""The Ansan demo's policy pages: two published versions of the privacy policy
(version 2 adds the second factor and the two-year access log the law asks of a
system holding 50,000 people or more) and the district office's contact.

The texts are the platform's defaults (mujigae.legal.defaults) — written from
what mujigae collects and keeps — with Ansan's controller. The privacy officer,
the phone numbers and the address are invented and marked 예시 (sample): the
article names no such person. Idempotent: a version is keyed on its number and
refreshed in place (only the demo does that; the app publishes new versions)."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from mujigae.core.models import District
from mujigae.demo.ansan import DISTRICT
from mujigae.legal import defaults
from mujigae.legal.models import Contact, PrivacyPolicy

CONTROLLER = "안산교육지원청·안산시(안산 무지개 직업교육 혁신지구 사무국)"
OFFICER = {
    "officer_name": "박정민(예시)",
    "officer_position": "행정지원국장",
    "officer_department": "안산교육지원청 행정지원국",
    "officer_phone": "031-000-0000(예시)",
    "officer_email": "privacy@ansan.example",
}
CONTACT = {
    "office_name": "안산 무지개 직업교육 혁신지구 사무국",
    "department": "안산교육지원청 중등교육지원과(예시)",
    "address": "경기도 안산시(예시 주소)",
    "phone": "031-000-0001(예시)",
    "email": "rainbow@ansan.example",
    "hours": "평일 09:00–18:00(점심시간 12:00–13:00 제외)",
    "note": "학생은 먼저 소속 학교의 담당 선생님께 문의해 주세요. 기업 설문 링크를 잃어버렸으면 사무국으로 연락하면 새 링크를 보내 드립니다.",
}

# Version 1 (2025. 3. 1.): before the second factor; the access log kept one year.
_V1_SAFEGUARDS = defaults.SAFEGUARDS.replace(
    "  - 학생 개인정보를 다루는 역할은 2단계 인증(인증 앱)을 거쳐야 로그인할 수 있고, "
    "일정 시간 사용하지 않으면 자동으로 로그아웃됩니다.\n",
    "",
)
_V1_RETENTION = defaults.RETENTION.replace(
    "4. 접속기록: 2년 이상(5만 명 이상의 정보주체에 관한 개인정보를 처리하는 시스템 기준, "
    "「개인정보의 안전성 확보조치 기준」 제8조)",
    "4. 접속기록: 1년 이상(「개인정보의 안전성 확보조치 기준」 제8조)",
)
VERSIONS = [
    (
        1,
        dt.date(2025, 3, 1),
        "최초 제정",
        {"safeguards": _V1_SAFEGUARDS, "retention": _V1_RETENTION},
    ),
    (
        2,
        dt.date(2025, 9, 1),
        "2단계 인증·자동 로그아웃 도입, 접속기록 보관 기간 2년으로 연장",
        {},
    ),
]


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


@transaction.atomic
def load_ansan_legal(*, out: TextIO | None = None) -> int:
    """Create or refresh Ansan's privacy-policy versions and contact; returns
    the number of versions."""
    district = District.objects.get(code=DISTRICT["code"])
    base = {**defaults.default_policy(district), "controller": CONTROLLER, **OFFICER}
    for number, effective, note, changes in VERSIONS:
        PrivacyPolicy.objects.update_or_create(
            district=district,
            version=number,
            defaults={**base, **changes, "effective_date": effective, "change_note": note},
        )
    Contact.objects.update_or_create(district=district, defaults=CONTACT)
    _write(out, f"개인정보처리방침 / privacy policy: {len(VERSIONS)} versions; contact page")
    return len(VERSIONS)
