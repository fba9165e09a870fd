"""Masking of personal data in lists and list exports (PIPA): 홍*동, 010-****-5678,
a birth date shown as its year only. Pure functions, no database."""

from __future__ import annotations

import datetime as dt
import re

MASK = "*"


def mask_name(name: str | None) -> str:
    """홍길동 -> 홍*동; 홍길 -> 홍*; 남궁민수 -> 남**수; one character -> *."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return MASK
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str:
    """010-1234-5678 -> 010-****-5678; any other shape keeps only its last 4 digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) in (10, 11) and digits.startswith("0"):
        head = digits[:3] if not digits.startswith("02") else digits[:2]
        return f"{head}-****-{digits[-4:]}"
    if len(digits) <= 4:
        return MASK * len(digits)
    return MASK * (len(digits) - 4) + digits[-4:]


def mask_email(email: str | None) -> str:
    """student@example.com -> s******@example.com."""
    email = (email or "").strip()
    if "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return (local[:1] + MASK * max(len(local) - 1, 1)) + "@" + domain


def mask_birth_date(value: dt.date | None) -> str:
    """Only the year: 2008."""
    return str(value.year) if value else ""


def format_phone(phone: str) -> str:
    """01012345678 -> 010-1234-5678 (stored the same way, whatever was typed)."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10:
        if digits.startswith("02"):
            return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    return phone.strip()
