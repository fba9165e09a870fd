"""A Korean-aware common-password check (beside Django's own validators).

Refused, with a Korean message:

* a password on the list in `data/common_passwords_ko.txt` (keyboard walks
  such as qwer1234 and 1q2w3e4r, romanised words such as saranghae, Korean
  words typed on an English keyboard such as tkfkdgo = 사랑해), or one of its
  stems followed by a short number, a year or a date (saranghae1004, qwer!@#);
* a keyboard walk made of at most three runs of neighbouring keys
  (asdf1234, 1qaz2wsx, zxcvasdf);
* a name followed by a year or a date (minsu1998, kimjihoon0315, 김민수1998);
* a mobile phone number (010-1234-5678);
* a Hangul password whose keystrokes on the 2-beolsik keyboard are any of the
  above (사랑해1004 is typed tkfkdgo1004).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mujigae.security.hangul import has_hangul, is_syllable, keystrokes

DATA = Path(__file__).resolve().parent / "data" / "common_passwords_ko.txt"

# Rows of the keyboard (and their columns, for 1qaz-style walks): a run of at
# least three neighbouring keys along one of them, either way, is a walk.
_ROWS = (
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "~!@#$%^&*()_+",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7",
    "q1w2e3r4t5y6u7i8o9p0",
    "1q2w3e4r5t6y7u8i9o0p",
    "a1s2d3f4g5h6j7k8l9",
    "abcdefghijklmnopqrstuvwxyz",
)
_WALKS = _ROWS + tuple(row[::-1] for row in _ROWS)
_TAIL = re.compile(r"^(?P<stem>.*?)(?P<tail>[\d\W_]*)$")
_PHONE = re.compile(r"^\+?(82[-. ]?)?0?1[016789][-. ]?\d{3,4}[-. ]?\d{4}$")
_DATE_TAIL = re.compile(r"^(19\d\d|20\d\d)?(\d{2})?(\d{2})?$")


@lru_cache(maxsize=1)
def common_lists() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current = "passwords"
    for raw in DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, set()).add(line.lower())
    return {name: frozenset(words) for name, words in sections.items()}


def _short_tail(tail: str) -> bool:
    """What people add to a word: up to 4 characters (1004, !@#, 12!), a year
    or a date (1998, 980315, 19980315), possibly with symbols."""
    digits = re.sub(r"\D", "", tail)
    if len(tail) <= 4:
        return True
    return len(digits) in (4, 6, 8) and bool(_DATE_TAIL.match(digits)) and len(tail) <= 10


def _walk_runs(text: str) -> int | None:
    """The fewest runs of neighbouring keys (each at least 3 long) that make up
    `text`, or None when it is not made of such runs."""
    n = len(text)
    best: list[int | None] = [None] * (n + 1)
    best[0] = 0
    for start in range(n):
        if best[start] is None:
            continue
        for end in range(start + 3, n + 1):
            piece = text[start:end]
            if not any(piece in walk for walk in _WALKS):
                break
            runs = best[start] + 1
            if best[end] is None or runs < best[end]:
                best[end] = runs
    return best[n]


def _is_name(stem: str) -> bool:
    lists = common_lists()
    given, surnames = lists.get("given_names", frozenset()), lists.get("surnames", frozenset())
    if stem in given:
        return True
    return any(
        stem.startswith(s) and stem[len(s) :] in given for s in surnames if len(s) < len(stem)
    )


def _reason(candidate: str) -> str | None:
    """Why `candidate` (lower case, as typed on an English keyboard) is too
    common, or None."""
    lists = common_lists()
    common = lists.get("passwords", frozenset())
    if candidate in common:
        return "common"
    if _PHONE.match(candidate):
        return "phone"
    match = _TAIL.match(candidate)
    stem, tail = match.group("stem"), match.group("tail")
    if stem and stem in common and _short_tail(tail):
        return "common"
    if stem and tail and re.search(r"\d", tail) and _is_name(stem) and _short_tail(tail):
        return "name"
    runs = _walk_runs(candidate)
    if runs is not None and runs <= 3:
        return "walk"
    return None


def _hangul_name_with_number(password: str) -> bool:
    """김민수1998: a surname and one or two more syllables, then digits."""
    match = re.fullmatch(r"(?P<name>[\uac00-\ud7a3]{2,4})(?P<tail>[\d\W_]+)", password)
    if not match or not re.search(r"\d", match.group("tail")):
        return False
    surnames = common_lists().get("hangul_surnames", frozenset())
    name = match.group("name")
    return name[0] in surnames and all(is_syllable(ch) for ch in name)


class KoreanCommonPasswordValidator:
    """Refuse passwords that Koreans commonly use (see the module's docstring)."""

    def validate(self, password: str, user=None) -> None:
        text = password.strip()
        lowered = text.lower()
        reason = _reason(lowered)
        if reason is None and has_hangul(text):
            if _hangul_name_with_number(text):
                reason = "name"
            else:
                typed = keystrokes(text).lower()
                if _reason(typed) is not None:
                    reason = "hangul"
        if reason is None:
            return
        messages = {
            "common": _(
                "This password is too common: it is on the list of passwords often used "
                "in Korea (keyboard patterns such as qwer1234, common words, a word with "
                "a short number). Choose something less predictable."
            ),
            "walk": _(
                "This password is a keyboard pattern (neighbouring keys such as asdf1234 "
                "or 1q2w3e4r). Choose something less predictable."
            ),
            "name": _(
                "This password is a name followed by a year or a date, which is easy "
                "to guess. Choose something less predictable."
            ),
            "phone": _("This password looks like a phone number. Choose something else."),
            "hangul": _(
                "This password, typed in Hangul, is a common password on an English "
                "keyboard (사랑해 is typed tkfkdgo). Choose something less predictable."
            ),
        }
        raise ValidationError(messages[reason], code=f"password_too_common_{reason}")

    def get_help_text(self) -> str:
        return _(
            "Your password cannot be a keyboard pattern, a common word, a name with a "
            "year or a phone number (in Hangul or in Latin letters)."
        )
