"""Control characters are removed at the edge: every form and query value of
every request (core.input_middleware), before any view or form sees it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from mujigae.core.input_middleware import clean_querydict
from mujigae.core.text import clean, clean_data
from mujigae.governance.models import ActionItem
from tests import factories as f


def test_clean_keeps_tab_and_newline_and_turns_crlf_into_lf():
    assert clean("가\x00나\x07다\x1b라\x7f마\x85바") == "가나다라마바"
    assert clean("첫 줄\r\n둘째 줄\r셋째 줄\n넷째\t칸") == "첫 줄\n둘째 줄\n셋째 줄\n넷째\t칸"
    assert clean("\ud800짝 없는 서로게이트\ufffe") == "짝 없는 서로게이트"
    assert clean("평범한 글 😀 (U+1F600)") == "평범한 글 😀 (U+1F600)"


def test_clean_data_reaches_every_string_of_a_json_value():
    value = {"a\x07": ["b\x00", {"c": "d\r\n"}], "n": 1, "t": ("e\x1f",), "x": None}
    assert clean_data(value) == {"a": ["b", {"c": "d\n"}], "n": 1, "t": ("e",), "x": None}


def test_clean_querydict_keeps_every_value_and_is_a_no_op_when_clean():
    data = QueryDict("a=1&a=2\x07&b=x%0D%0Ay")
    cleaned = clean_querydict(data)
    assert cleaned.getlist("a") == ["1", "2"] and cleaned["b"] == "x\ny"
    assert not cleaned._mutable
    plain = QueryDict("a=1&b=2")
    assert clean_querydict(plain) is plain


def _due() -> str:
    return (timezone.localdate() + dt.timedelta(days=30)).isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_form_post_saves_text_without_control_characters(world, client_for, encoding):
    data = {
        "title": "현장실습\x07 기업 발굴\x00",
        "description": "첫 줄\r\n둘째 줄\x0b\r\n\t들여쓴 줄",
        "owner": world.company.pk,
        "due_date": _due(),
        "status": "open",
    }
    client = client_for("coordinator")
    url = reverse("governance:action_create")
    if encoding == "multipart":
        response = client.post(url, data)
    else:
        response = client.post(
            url, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.title == "현장실습 기업 발굴"
    assert item.description == "첫 줄\n둘째 줄\n\t들여쓴 줄"


@pytest.mark.django_db
def test_the_owner_progress_note_is_saved_without_control_characters(world, client_for):
    item = f.ActionItemFactory(owner=world.company, title="회사 과제")
    response = client_for("company").post(
        reverse("governance:action_update", args=[item.pk]),
        {"status": "in_progress", "progress_note": "\x07진행 중\x1b[31m\r\n다음 주 완료"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.progress_note == "진행 중[31m\n다음 주 완료"


@pytest.mark.django_db
def test_a_query_value_is_cleaned_before_the_filter_form_reads_it(world, client_for):
    f.ActionItemFactory(owner=world.company, title="ab 과제")
    f.ActionItemFactory(owner=world.company, title="다른 과제")
    response = client_for("coordinator").get(reverse("governance:action_list") + "?q=a%00b")
    assert response.status_code == 200
    assert response.context["form"].data["q"] == "ab"
    assert [i.title for i in response.context["page_obj"]] == ["ab 과제"]


# A resident registration number typed anywhere: refused before any view runs.

RRN_FORMS = ["080305-3123456", "0803053123456", "080305 - 3123456", "０８０３０５－３１２３４５６"]


@pytest.mark.django_db
@pytest.mark.parametrize("number", RRN_FORMS)
def test_a_typed_resident_number_is_refused_in_korean_and_nothing_is_saved(
    world, client_for, number
):
    client = client_for("coordinator")
    before = ActionItem.objects.count()
    response = client.post(
        reverse("governance:action_create"),
        {
            "title": "현장실습 기업 발굴",
            "description": f"담당 학생 주민번호 {number} 확인",
            "owner": world.company.pk,
            "due_date": _due(),
            "status": "open",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "주민등록번호는 입력할 수 없습니다" in page
    assert "아무것도 저장되지 않았습니다" in page
    assert number not in page  # never echoed back
    assert ActionItem.objects.count() == before


@pytest.mark.django_db
def test_a_resident_number_in_a_search_is_refused_too(world, client_for):
    response = client_for("coordinator").get(
        reverse("governance:action_list"), {"q": "0803053123456"}
    )
    assert response.status_code == 400
    assert "주민등록번호는 입력할 수 없습니다" in response.content.decode()


@pytest.mark.django_db
def test_numbers_that_only_look_long_and_the_word_itself_pass(world, client_for):
    """Phone, business registration and 14-digit numbers, an impossible date,
    and the word 주민등록번호 (e.g. "we never collect it") are ordinary text."""
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:action_create"),
        {
            "title": "연락처 정리",
            "description": (
                "010-1234-5678, 사업자 123-45-67890, 20260315123456, 081335-3123456, "
                "주민등록번호는 받지 않습니다"
            ),
            "owner": world.company.pk,
            "due_date": _due(),
            "status": "open",
        },
    )
    assert response.status_code == 302
    assert ActionItem.objects.filter(title="연락처 정리").exists()


@pytest.mark.django_db
def test_a_password_field_is_not_scanned(world, client):
    """A password is never shown or stored as typed: one that looks like a
    resident number gets the usual login answer, not the refusal."""
    response = client.post(reverse("login"), {"username": "nobody", "password": "0803053123456"})
    assert response.status_code != 400
