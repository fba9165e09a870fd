import datetime as dt

import pytest
from django.template import Context, Template

from mujigae.students.masking import format_phone, mask_birth_date, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("홍길", "홍*"),  # 2 characters
        ("홍길동", "홍*동"),  # 3
        ("남궁민수", "남**수"),  # 4: first and last kept
        ("황보가나다", "황***다"),
        ("김", "*"),
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_phone_keeps_prefix_and_last_four():
    assert mask_phone("010-1234-5678") == "010-****-5678"
    assert mask_phone("01012345678") == "010-****-5678"
    assert mask_phone("") == ""
    assert "1234" not in mask_phone("010-1234-5678")


def test_birth_date_shows_the_year_only():
    assert mask_birth_date(dt.date(2008, 3, 5)) == "2008"
    assert mask_birth_date(None) == ""


def test_format_phone():
    assert format_phone("01098765432") == "010-9876-5432"
    assert format_phone("010 9876 5432") == "010-9876-5432"


def test_template_filters():
    out = Template(
        "{% load students %}{{ n|masked_name }} {{ p|masked_phone }} {{ d|birth_year }}"
    ).render(Context({"n": "홍길동", "p": "010-1234-5678", "d": dt.date(2008, 3, 5)}))
    assert out == "홍*동 010-****-5678 2008"
