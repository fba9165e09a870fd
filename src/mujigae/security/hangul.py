"""Hangul as typed on the standard Korean keyboard (두벌식, 2-beolsik): the keys
an English keyboard records. "사랑해" is typed t-k-f-k-d-g-o, so a Korean
password is exactly as guessable as its keystrokes "tkfkdgo". Pure Python."""

from __future__ import annotations

_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]

KEYS = {
    # consonants
    "ㄱ": "r", "ㄲ": "R", "ㄴ": "s", "ㄷ": "e", "ㄸ": "E", "ㄹ": "f", "ㅁ": "a",
    "ㅂ": "q", "ㅃ": "Q", "ㅅ": "t", "ㅆ": "T", "ㅇ": "d", "ㅈ": "w", "ㅉ": "W",
    "ㅊ": "c", "ㅋ": "z", "ㅌ": "x", "ㅍ": "v", "ㅎ": "g",
    # final consonant clusters
    "ㄳ": "rt", "ㄵ": "sw", "ㄶ": "sg", "ㄺ": "fr", "ㄻ": "fa", "ㄼ": "fq", "ㄽ": "ft",
    "ㄾ": "fx", "ㄿ": "fv", "ㅀ": "fg", "ㅄ": "qt",
    # vowels
    "ㅏ": "k", "ㅐ": "o", "ㅑ": "i", "ㅒ": "O", "ㅓ": "j", "ㅔ": "p", "ㅕ": "u",
    "ㅖ": "P", "ㅗ": "h", "ㅘ": "hk", "ㅙ": "ho", "ㅚ": "hl", "ㅛ": "y", "ㅜ": "n",
    "ㅝ": "nj", "ㅞ": "np", "ㅟ": "nl", "ㅠ": "b", "ㅡ": "m", "ㅢ": "ml", "ㅣ": "l",
}  # fmt: skip

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3


def is_syllable(ch: str) -> bool:
    return _SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST


def has_hangul(text: str) -> bool:
    return any(is_syllable(ch) or ch in KEYS for ch in text)


def jamo(ch: str) -> str:
    """One syllable -> its letters (사 -> ㅅㅏ); anything else unchanged."""
    if not is_syllable(ch):
        return ch
    index = ord(ch) - _SYLLABLE_FIRST
    cho, rest = divmod(index, 21 * 28)
    jung, jong = divmod(rest, 28)
    return _CHO[cho] + _JUNG[jung] + _JONG[jong]


def keystrokes(text: str) -> str:
    """The keys typed for `text` on a 2-beolsik keyboard ("사랑해" -> "tkfkdgo");
    characters that are not Hangul are kept."""
    return "".join(KEYS.get(letter, letter) for ch in text for letter in jamo(ch))
