"""Korean first: the catalogue is complete, pages render in Korean by default,
English is one switch away, and dates follow Korean conventions (2024. 8. 8.)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mujigae.core.exceptions import ApplicationError
from mujigae.governance import services as governance
from tests import factories as f

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "ko" / "LC_MESSAGES" / "django.po"
# Apps may keep their own catalogue (src/mujigae/<app>/locale/ko/...): all are checked.
ALL_PO = sorted(Path(settings.LOCALE_PATHS[0]).parent.glob("**/locale/ko/LC_MESSAGES/django.po"))
assert PO_PATH in ALL_PO

# %(name)s, %s, %d, %% ... (python-format), and {{ name }} should never survive into a .po.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _read_catalog(path: Path = PO_PATH):
    with path.open("rb") as fh:
        return read_po(fh, abort_invalid=True)


# --------------------------------------------------------------------------
# compiled catalogue for the page tests (*.mo is git-ignored)


# --------------------------------------------------------------------------
# (a) the catalogue itself, independent of compilation


@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: p.parts[-5])
def test_catalogue_header_is_korean_with_one_plural_form(po):
    catalog = _read_catalog(po)
    assert str(catalog.locale) == "ko"
    assert catalog.num_plurals == 1
    assert catalog.plural_expr.strip() == "0"
    assert not catalog.fuzzy


@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: p.parts[-5])
def test_every_entry_is_translated_and_not_fuzzy(po):
    catalog = _read_catalog(po)
    messages = [m for m in catalog if m.id]
    assert len(messages) > (100 if po == PO_PATH else 0)
    untranslated, fuzzy = [], []
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: p.parts[-5])
def test_placeholders_and_markup_survive_translation(po):
    catalog = _read_catalog(po)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            # Korean has one form, used for every count: it must carry the
            # placeholders of the plural source.
            source = message.id[-1]
            strings = message.string
            if len(strings) != 1:
                problems.append((message.id, "Korean has exactly one plural form"))
        else:
            source, strings = message.id, (message.string,)
        for translated in strings:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                problems.append((source, translated))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(translated)):
                problems.append((source, translated))
            if "{{" in translated or "{%" in translated:
                problems.append((source, translated))
    assert not problems


# --------------------------------------------------------------------------
# (b) pages in Korean by default, English after the switch

KOREAN_NAV = ("홈", "협력기관", "회의", "실행 과제", "업무협약", "로그아웃")
ENGLISH_NAV = ("Home", "Partners", "Meetings", "Action items", "MOU", "Log out")


def _links(page: str) -> set[str]:
    """Visible text of links and buttons, so titles of data never match."""
    return {
        text.strip() for text in re.findall(r"<(?:a|button)\b[^>]*>([^<]*)</(?:a|button)>", page)
    }


def test_pages_render_in_korean_by_default(world, client_for):
    client = client_for("coordinator")
    for url in (reverse("home"), reverse("partners:directory")):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert '<html lang="ko">' in page
        links = _links(page)
        assert set(KOREAN_NAV) <= links, url
        assert not set(ENGLISH_NAV) & links, url
    assert "협력기관 목록" in page
    assert "Partner directory" not in page
    assert "교육지원청" in page  # an organisation kind label


def test_language_switch_renders_english(world, client_for):
    client = client_for("coordinator")
    directory = reverse("partners:directory")
    response = client.post(reverse("set_language"), {"language": "en", "next": directory})
    assert response.status_code == 302 and response["Location"] == directory
    page = client.get(directory).content.decode()
    assert '<html lang="en">' in page
    links = _links(page)
    assert set(ENGLISH_NAV) <= links
    assert not set(KOREAN_NAV) & links
    assert "Partner directory" in page and "협력기관 목록" not in page
    page = client.get(reverse("home")).content.decode()
    assert "District at a glance" in page and "지구 현황" not in page
    # ... and back.
    client.post(reverse("set_language"), {"language": "ko", "next": directory})
    assert "협력기관 목록" in client.get(directory).content.decode()


def test_service_errors_follow_the_active_language(world):
    meeting = f.MeetingFactory(district=world.district)
    person = f.PersonFactory(organisation=world.company, name="김담당")
    actor = world.users["coordinator"]
    with translation.override("ko"):
        with pytest.raises(ApplicationError) as exc:
            governance.decision_add(actor=actor, meeting=meeting, text=" ")
        assert exc.value.message == "결정 사항을 입력하세요."
        with pytest.raises(ApplicationError) as exc:
            governance.meeting_update(
                actor=actor, meeting=meeting, organisations=[world.school], attendees=[person]
            )
        assert exc.value.field_errors["attendees"] == [
            "김담당님의 기관이 참석 기관에 없습니다. 참석 기관을 먼저 선택하세요."
        ]
    with translation.override("en"):
        with pytest.raises(ApplicationError) as exc:
            governance.decision_add(actor=actor, meeting=meeting, text=" ")
        assert exc.value.message == "Enter the decision."
        with pytest.raises(ApplicationError) as exc:
            governance.meeting_update(
                actor=actor, meeting=meeting, organisations=[world.school], attendees=[person]
            )
        assert exc.value.message.startswith("김담당's organisation is not among")


def test_messages_follow_the_request_language(world, client_for):
    meeting = f.MeetingFactory(district=world.district)
    client = client_for("coordinator")
    url = reverse("governance:decision_add", args=[meeting.pk])
    page = client.post(url, {"text": "첫째"}, follow=True).content.decode()
    assert "결정 사항을 추가했습니다." in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(url, {"text": "둘째"}, follow=True).content.decode()
    assert "The decision was added." in page


# --------------------------------------------------------------------------
# (c) Korean date format


def test_dates_render_in_korean_format(world, client_for):
    agreement = f.AgreementFactory(district=world.district, signed_on=dt.date(2024, 8, 8))
    client = client_for("coordinator")
    url = reverse("governance:agreement_detail", args=[agreement.pk])
    assert url == f"/governance/mou/{agreement.pk}/"
    page = client.get(url).content.decode()
    assert "2024. 8. 8." in page
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url).content.decode()
    assert "2024. 8. 8." not in page and "Aug 8, 2024" in page
