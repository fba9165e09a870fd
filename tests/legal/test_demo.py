"""The Ansan demo's policy pages: two versions and a contact, loaded twice
without duplicates."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from mujigae.demo.ansan import load_ansan
from mujigae.demo.legal import load_ansan_legal
from mujigae.legal.models import Contact, PrivacyPolicy


def test_the_ansan_demo_policy_is_idempotent_and_has_two_versions(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    district = load_ansan()
    assert load_ansan_legal() == 2
    assert load_ansan_legal() == 2
    v1, v2 = PrivacyPolicy.objects.filter(district=district).order_by("version")
    assert (v1.effective_date, v2.effective_date) == (dt.date(2025, 3, 1), dt.date(2025, 9, 1))
    # version 2 adds the second factor and keeps the access log two years
    assert "2단계 인증" not in v1.safeguards and "2단계 인증" in v2.safeguards
    assert "1년 이상" in v1.retention and "2년 이상" in v2.retention
    for v in (v1, v2):
        assert "예시" in v.officer_name and "주민등록번호는 수집하지 않습니다" in v.items
        assert "3년" in v.retention  # the access-rights history
    assert Contact.objects.filter(district=district).count() == 1

    page = Client().get("/privacy/ansan/").content.decode()
    assert "제2판" in page and "2025. 9. 1." in page and "최초 제정" in page
