"""Forms a busy person can fill (issue 13, point 6): attendees ticked in a
searchable list grouped by organisation, the owner of an action item chosen
among the meeting's organisations first, Korean placeholders instead of
"---------", and a decision that says it has already become action items."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.governance.models import ActionItem
from tests import factories as f

pytestmark = pytest.mark.django_db


def _group_of(html: str, label: str) -> str:
    """The options of the <optgroup label=...> / the checkboxes of the <fieldset> named so."""
    m = re.search(rf'<optgroup label="{re.escape(label)}">(.*?)</optgroup>', html, re.S)
    if m:
        return m.group(1)
    m = re.search(rf"<legend>{re.escape(label)}</legend>(.*?)</fieldset>", html, re.S)
    return m.group(1) if m else ""


def test_meeting_form_offers_checkboxes_grouped_and_searchable_no_ctrl_click(world, client_for):
    f.PersonFactory(organisation=world.company, name="김담당", district=world.district)
    f.PersonFactory(organisation=world.school, name="이교사", district=world.district)
    page = client_for("coordinator").get(reverse("governance:meeting_create")).content.decode()
    assert "<select multiple" not in page and 'select name="attendees"' not in page
    assert "Ctrl" not in page
    assert page.count("data-searchable") == 2  # organisations and attendees
    assert 'placeholder="이름을 입력하세요"' in page
    # people under their organisation's name, organisations under their kind
    assert "김담당" in _group_of(page, "가나로봇") and "이교사" not in _group_of(page, "가나로봇")
    assert "이교사" in _group_of(page, "시험고등학교")
    assert 'type="checkbox" name="attendees"' in page


def test_ticked_attendees_are_saved_and_stay_ticked_when_the_form_is_refused(world, client_for):
    kim = f.PersonFactory(organisation=world.company, name="김담당", district=world.district)
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:meeting_create"),
        {
            "kind": "council",
            "title": "",  # refused: the title is required
            "starts_at": "2030-03-02 14:00",
            "status": "planned",
            "organisations": [world.company.pk],
            "attendees": [kim.pk],
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    checked = re.search(rf'<input type="checkbox" name="attendees" value="{kim.pk}"[^>]*>', page)
    assert checked and "checked" in checked.group(0)


def test_owner_is_chosen_among_the_attending_organisations_first(world, client_for):
    meeting = f.MeetingFactory(district=world.district, title="실무협의회")
    meeting.organisations.set([world.company, world.partner])
    decision = f.DecisionFactory(meeting=meeting, number=1, text="기업 발굴")
    page = (
        client_for("coordinator")
        .get(reverse("governance:action_create") + f"?decision={decision.pk}")
        .content.decode()
    )
    attending = _group_of(page, "참석 기관")
    others = _group_of(page, "그 밖의 기관")
    assert "가나로봇" in attending and "상공회의소" in attending
    assert "시험고등학교" in others and "가나로봇" not in others
    assert page.index('label="참석 기관"') < page.index('label="그 밖의 기관"')
    owner_select = re.search(r'<select name="owner".*?</select>', page, re.S).group(0)
    assert '<option value="" selected>선택하세요</option>' in owner_select


def test_without_a_meeting_the_owner_list_is_one_plain_list(world, client_for):
    page = client_for("coordinator").get(reverse("governance:action_create")).content.decode()
    owner_select = re.search(r'<select name="owner".*?</select>', page, re.S).group(0)
    assert "<optgroup" not in owner_select and "가나로봇" in owner_select


def test_no_select_says_dashes_required_or_not(world, client_for):
    page = client_for("coordinator").get(reverse("governance:action_create")).content.decode()
    assert "---------" not in page
    meeting = re.search(r'<select name="meeting".*?</select>', page, re.S).group(0)
    assert '<option value="" selected>선택 안 함</option>' in meeting  # optional


def test_a_decision_says_how_many_action_items_it_became(world, client_for):
    meeting = f.MeetingFactory(district=world.district)
    decision = f.DecisionFactory(meeting=meeting, number=1, text="교육과정 공동 개발")
    client = client_for("coordinator")
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "실행 과제로 전환" in page and "생성됨" not in page
    due = timezone.localdate() + dt.timedelta(days=20)
    for title in ("과목 초안", "검토 회의"):
        f.ActionItemFactory(
            district=world.district, meeting=meeting, decision=decision, title=title, due_date=due
        )
    page = client.get(url).content.decode()
    assert "실행 과제 2건 생성됨" in page and "실행 과제 하나 더 만들기" in page
    form = client.get(reverse("governance:action_create") + f"?decision={decision.pk}")
    assert "이미 실행 과제 2건이 만들어졌습니다" in form.content.decode()
    assert ActionItem.objects.filter(decision=decision).count() == 2
