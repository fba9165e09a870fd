"""core.forms: one shape for every form page (docs/forms.md)."""

from __future__ import annotations

import datetime as dt
import inspect
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import mujigae
from mujigae.core import forms as core_forms
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import ApiToken
from tests.formcheck import LONG, refused, too_long


class _Form(forms.Form):
    title = forms.CharField(label="제목", max_length=20)
    on = core_forms.DateField(label="시작일", required=False)
    at = core_forms.DateTimeField(label="일시", required=False)


@pytest.mark.parametrize(
    "typed",
    [
        "2025-03-02",
        "2025-3-2",
        "2025. 3. 2.",
        "2025.03.02",
        "2025/3/2",
        "20250302",
        "2025년 3월 2일",
    ],
)
def test_a_date_is_read_as_korean_offices_write_it(typed):
    form = _Form({"title": "x", "on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2025, 3, 2)


@pytest.mark.parametrize("typed", ["2025-02-30", "2025-13-01", "2023-02-29", "내일", "2025-3"])
def test_a_date_that_does_not_exist_gets_its_own_message(typed):
    form = _Form({"title": "x", "on": typed})
    assert not form.is_valid()
    assert form.errors["on"] == [
        f"시작일: 날짜가 올바르지 않습니다({typed}). 2025-03-02처럼 달력에 있는 날짜를 입력하세요."
    ]


def test_a_date_and_time_in_korean_time():
    form = _Form({"title": "x", "at": "2025-03-02 14:30"})
    assert form.is_valid(), form.errors
    at = form.cleaned_data["at"]
    assert timezone.localtime(at).replace(tzinfo=None) == dt.datetime(2025, 3, 2, 14, 30)
    assert _Form({"title": "x", "at": "2025-03-02T14:30"}).is_valid()  # the old widget's format
    bad = _Form({"title": "x", "at": "2025-02-30 10:00"})
    assert not bad.is_valid()
    assert bad.errors["at"][0].startswith("일시: 날짜나 시각이 올바르지 않습니다(2025-02-30 10:00)")
    assert not _Form({"title": "x", "at": "2025-03-02 25:00"}).is_valid()


def test_dates_are_typed_as_text_and_no_field_has_a_browser_maxlength():
    html = str(_Form())
    assert 'type="date"' not in html and 'type="datetime-local"' not in html
    assert 'name="on"' in html and 'placeholder="2025-03-02"' in html
    assert "maxlength" not in html  # a browser would cut a long paste without a word
    # ... while the server says how long a value may be, and how long it was
    form = _Form({"title": "가" * 25})
    assert form.errors["title"] == ["최대 20자까지 입력할 수 있습니다. 입력한 내용은 25자입니다."]


def _forms_of_the_project():
    for info in pkgutil.walk_packages(mujigae.__path__, "mujigae."):
        name = info.name
        if not name.rsplit(".", 1)[-1].startswith(("forms", "views")) or ".migrations" in name:
            continue
        module = import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_date_field_of_every_form_is_the_shared_one():
    """A browser's date input sends 2025-02-30 as "" ("required"): every form
    of the project reads dates typed as text (core.forms.DateField)."""
    found, wrong = 0, []
    for cls in _forms_of_the_project():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                found += 1
                if not isinstance(field, core_forms.DateField | core_forms.DateTimeField):
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert found >= 20
    assert not wrong, f"use core.forms.DateField / DateTimeField: {wrong}"


# --------------------------------------------------------------------------
# submit / form_page


def _request(data=None):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = (
        RequestFactory().post("/", data or {}) if data is not None else RequestFactory().get("/")
    )
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_submit_passes_only_the_changed_fields_when_asked():
    class Edit(forms.Form):
        title = forms.CharField()
        note = forms.CharField(required=False)

    seen = {}
    request = _request({"title": "같음", "note": "바뀜"})
    form = Edit(request.POST, initial={"title": "같음", "note": ""})
    result = core_forms.submit(request, form, seen.update, "저장했습니다.", changed_only=True)
    assert result is True and seen == {"note": "바뀜"}
    assert [str(m) for m in get_messages(request)] == ["저장했습니다."]
    assert core_forms.form_status(form) == 200


def test_submit_an_empty_post_is_an_invalid_form_not_a_get():
    called = []
    request = _request({})
    form = _Form(request.POST or None)  # the views' idiom: an empty POST leaves it unbound
    assert core_forms.submit(request, form, called.append) is None
    assert not called
    assert core_forms.form_status(form) == core_forms.INVALID_STATUS == 422
    assert "title" in form.errors


def test_a_service_error_keeps_its_status_and_lands_on_its_field():
    def refuse(_data):
        raise ApplicationError(
            "이미 있습니다.", field_errors={"title": ["이미 있습니다."]}, status=409
        )

    request = _request({"title": "회의"})
    form = _Form(request.POST)
    assert core_forms.submit(request, form, refuse, "저장했습니다.") is None
    assert core_forms.form_status(form) == 409
    assert form.errors["title"] == ["이미 있습니다."]
    assert not list(get_messages(request))


@pytest.mark.django_db
def test_token_page_refuses_a_long_name_with_422(client_for, world):
    client = client_for("school")
    response = client.post(reverse("core:tokens"), {"name": LONG})
    page = refused(response, LONG)
    assert too_long(100) in page
    assert not ApiToken.objects.exists()
    response = client.post(reverse("core:tokens"), {"name": "학교 시스템 연동"})
    assert response.status_code == 200 and response.context["new_token"]


# --------------------------------------------------------------------------
# Korean placeholders instead of Django's "---------" (issue 13, point 6)


def test_every_select_says_choose_or_none_instead_of_dashes(world):
    from mujigae.governance.forms import ActionItemForm, CommitmentForm
    from mujigae.partners.models import Organisation

    form = ActionItemForm(district=world.district, owners=Organisation.objects.all())
    html = str(form)
    assert "---------" not in html
    assert '<option value="" selected>선택하세요</option>' in str(form["owner"])  # required
    assert '<option value="" selected>선택 안 함</option>' in str(form["meeting"])  # optional
    # a plain choice field from a model's choices (status, kind ...) too
    for name, field in CommitmentForm.base_fields.items():
        if isinstance(field, forms.ChoiceField):
            assert "---------" not in str(CommitmentForm()[name])


def test_searchable_checkboxes_group_and_keep_the_ticks():
    class _Pick(forms.Form):
        people = forms.MultipleChoiceField(
            label="참석자", widget=core_forms.SearchableCheckboxes, required=False
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            groups = [
                ("가나로봇", [("1", "김담당"), ("2", "박과장")]),
                ("시험고", [("3", "이교사")]),
            ]
            self.fields["people"].choices = groups

    html = str(_Pick({"people": ["2"]})["people"])
    assert html.count("<fieldset") == 2 and "<legend>가나로봇</legend>" in html
    assert "data-searchable" in html and 'type="search"' in html
    ticked = [m for m in html.split("<input") if "checked" in m]
    assert len(ticked) == 1 and 'value="2"' in ticked[0]
