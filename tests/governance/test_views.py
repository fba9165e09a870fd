"""Governance as the coordinator and the partners use it: meetings, minutes,
decisions, action items, the MOU matrix, the timeline."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mujigae.core.models import AuditEntry
from mujigae.governance.models import ActionItem, Commitment, Decision, Meeting
from tests import factories as f
from tests.formcheck import BAD_DATE, BAD_TIME, LONG, not_a_date, refused, too_long

pytestmark = pytest.mark.django_db


def _future(days=10) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_coordinator_creates_meeting_with_attendees(world, client_for):
    person = f.PersonFactory(organisation=world.company, name="김담당")
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:meeting_create"),
        {
            "kind": "council",
            "title": "2026 운영위원회",
            "starts_at": _future(),
            "place": "안산시청 제1회의실",
            "agenda": "1. 사업 점검",
            "status": "planned",
            "organisations": [world.company.pk, world.school.pk],
            "attendees": [person.pk],
        },
    )
    meeting = Meeting.objects.get(title="2026 운영위원회")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting_detail", args=[meeting.pk])
    assert meeting.district == world.district
    assert set(meeting.organisations.all()) == {world.company, world.school}
    entry = AuditEntry.objects.get(object_type="governance.Meeting", object_id=str(meeting.pk))
    assert entry.action == "create" and entry.actor == world.users["coordinator"]
    page = client.get(response["Location"]).content.decode()
    assert "2026 운영위원회" in page and "김담당" in page


def test_meeting_form_errors_are_shown_and_nothing_is_saved(world, client_for):
    outsider = f.PersonFactory(organisation=world.partner, name="박외부")
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:meeting_create"),
        {"kind": "council", "title": "", "starts_at": "내일", "organisations": [world.company.pk]},
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() >= {"title", "starts_at"}
    # attendee whose organisation is not attending: refused by the service, shown on the field
    response = client.post(
        reverse("governance:meeting_create"),
        {
            "kind": "council",
            "title": "회의",
            "starts_at": _future(),
            "status": "planned",
            "organisations": [world.company.pk],
            "attendees": [outsider.pk],
        },
    )
    assert response.status_code == 422
    assert "attendees" in response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not AuditEntry.objects.filter(object_type="governance.Meeting").exists()


def test_meeting_cannot_invite_another_districts_organisation(world, client_for):
    response = client_for("coordinator").post(
        reverse("governance:meeting_create"),
        {
            "kind": "council",
            "title": "회의",
            "starts_at": _future(),
            "status": "planned",
            "organisations": [world.other_company.pk],
        },
    )
    assert response.status_code == 422
    assert "organisations" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_minutes_decisions_and_action_items_flow(world, client_for):
    meeting = f.MeetingFactory(district=world.district, title="실무협의회")
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:meeting_minutes", args=[meeting.pk]),
        {
            "minutes": "참석 기관이 사업 계획을 검토함.",
            "decisions": "현장실습 기업 발굴\n\n교육과정 공동 개발",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert [d.text for d in meeting.decisions.order_by("number")] == [
        "현장실습 기업 발굴",
        "교육과정 공동 개발",
    ]
    decision = meeting.decisions.get(number=1)
    form_page = client.get(reverse("governance:action_create") + f"?decision={decision.pk}")
    assert form_page.context["form"].initial["meeting"] == meeting
    response = client.post(
        reverse("governance:action_create"),
        {
            "title": "현장실습 기업 10곳 발굴",
            "owner": world.company.pk,
            "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "status": "open",
            "meeting": meeting.pk,
            "decision": decision.pk,
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(title="현장실습 기업 10곳 발굴")
    assert (
        item.owner == world.company
        and item.decision == decision
        and item.district == world.district
    )
    detail = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "현장실습 기업 10곳 발굴" in detail


def test_decision_numbers_and_empty_decision(world, client_for):
    meeting = f.MeetingFactory(district=world.district)
    client = client_for("coordinator")
    url = reverse("governance:decision_add", args=[meeting.pk])
    client.post(url, {"text": "첫째"})
    client.post(url, {"text": "둘째"})
    client.post(url, {"text": "   "})
    assert list(Decision.objects.filter(meeting=meeting).values_list("number", "text")) == [
        (1, "첫째"),
        (2, "둘째"),
    ]


def test_action_item_due_date_required_and_in_range(world, client_for):
    client = client_for("coordinator")
    for due in ["", "1999-01-01", "2026-02-30", "어제"]:
        response = client.post(
            reverse("governance:action_create"),
            {"title": "x", "owner": world.company.pk, "due_date": due, "status": "open"},
        )
        assert response.status_code == 422, due
        assert "due_date" in response.context["form"].errors, due
    assert not ActionItem.objects.exists()


def test_owner_completes_own_action_item_and_others_cannot_see_it(world, client_for, client):
    item = f.ActionItemFactory(owner=world.company, title="회사 과제")
    # company_b cannot see or update it
    client.force_login(world.users["company_b"])
    assert client.get(reverse("governance:action_detail", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("governance:action_update", args=[item.pk]), {"status": "done"}
        ).status_code
        == 404
    )
    assert "회사 과제" not in client.get(reverse("governance:action_list")).content.decode()
    # the owner updates status and note; the owner field is not theirs to change
    client.force_login(world.users["company"])
    assert "회사 과제" in client.get(reverse("governance:action_list")).content.decode()
    response = client.post(
        reverse("governance:action_update", args=[item.pk]),
        {
            "status": "done",
            "progress_note": "완료했습니다",
            "owner": world.company_b.pk,
            "title": "바뀐 제목",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.completed_at is not None
    assert item.owner == world.company and item.title == "회사 과제"
    entry = AuditEntry.objects.get(
        object_type="governance.ActionItem", object_id=str(item.pk), action="update"
    )
    assert entry.actor == world.users["company"]
    assert entry.changes["status"] == ["open", "done"]
    # reopening clears the completion time
    client.post(
        reverse("governance:action_update", args=[item.pk]),
        {"status": "in_progress", "progress_note": "재개"},
    )
    item.refresh_from_db()
    assert item.completed_at is None


def test_action_list_filters_and_export(world, client_for):
    f.ActionItemFactory(
        owner=world.company, title="지난 과제", due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    f.ActionItemFactory(owner=world.school, title="다음 과제")
    f.ActionItemFactory(owner=world.school, title="끝난 과제", status="done")
    client = client_for("coordinator")
    page = client.get(reverse("governance:action_list") + "?overdue=on").content.decode()
    assert "지난 과제" in page and "다음 과제" not in page
    page = client.get(
        reverse("governance:action_list") + f"?owner={world.school.pk}&status=open"
    ).content.decode()
    assert "다음 과제" in page and "끝난 과제" not in page and "지난 과제" not in page
    # a bad filter value is ignored, not a crash
    assert (
        client.get(reverse("governance:action_list") + "?owner=abc&status=zzz").status_code == 200
    )
    response = client.get(reverse("governance:action_list_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert {r[1] for r in rows[1:]} == {"지난 과제", "다음 과제", "끝난 과제"}


def test_mou_matrix_and_commitment_update(world, client_for, client):
    agreement = f.AgreementFactory(
        district=world.district, title="업무협약", signed_on=dt.date(2024, 8, 8)
    )
    agreement.parties.set([world.office, world.company])
    clause = f.ClauseFactory(agreement=agreement, number=1, title="거버넌스 구축")
    mine = f.CommitmentFactory(clause=clause, organisation=world.company, status="in_progress")
    theirs = f.CommitmentFactory(clause=clause, organisation=world.office, status="achieved")
    page = (
        client_for("coordinator")
        .get(reverse("governance:agreement_detail", args=[agreement.pk]))
        .content.decode()
    )
    assert "거버넌스 구축" in page and "가나로봇" in page and "교육지원청" in page
    assert reverse("governance:commitment_update", args=[mine.pk]) in page
    # the party updates its own status and evidence, not someone else's
    client.force_login(world.users["company"])
    response = client.post(
        reverse("governance:commitment_update", args=[mine.pk]),
        {"status": "achieved", "evidence": "협의회 3회 참석", "description": "바꾸려는 설명"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Commitment.Status.ACHIEVED and mine.evidence == "협의회 3회 참석"
    assert mine.description == ""
    assert (
        client.post(
            reverse("governance:commitment_update", args=[theirs.pk]), {"status": "at_risk"}
        ).status_code
        == 403
    )
    theirs.refresh_from_db()
    assert theirs.status == Commitment.Status.ACHIEVED


def test_timeline_lists_events_in_order(world, client_for):
    late = f.MeetingFactory(
        district=world.district,
        title="협약식",
        starts_at=timezone.make_aware(dt.datetime(2024, 8, 8, 14)),
    )
    early = f.MeetingFactory(
        district=world.district,
        title="간담회",
        starts_at=timezone.make_aware(dt.datetime(2024, 4, 9, 10)),
    )
    f.MeetingFactory(district=world.other_district, title="다른 지구 회의")
    page = client_for("partner").get(reverse("governance:timeline")).content.decode()
    assert page.index(early.title) < page.index(late.title)
    assert "다른 지구 회의" not in page
    assert "2024. 4. 9." in page


def test_home_pages_show_what_each_role_must_do(world, client_for, client):
    f.ActionItemFactory(owner=world.company, title="우리 회사 할 일")
    f.ActionItemFactory(
        owner=world.school,
        title="늦은 학교 할 일",
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    page = client_for("coordinator").get("/").content.decode()
    assert "늦은 학교 할 일" in page  # overdue list
    client.force_login(world.users["company"])
    page = client.get("/").content.decode()
    assert "우리 회사 할 일" in page and "늦은 학교 할 일" not in page
    client.force_login(world.users["ministry"])
    page = client.get("/").content.decode()
    assert world.district.name in page and world.other_district.name in page


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_meeting_form_says_too_long_and_not_a_date_and_keeps_the_rest(world, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:meeting_create"),
        {
            "kind": "council",
            "title": LONG,
            "starts_at": BAD_TIME,
            "place": "안산시청 제1회의실",
            "status": "planned",
        },
    )
    page = refused(response, LONG, "안산시청 제1회의실", BAD_TIME)
    assert too_long(200) in page
    not_a_date(response, "starts_at", BAD_TIME)
    assert not Meeting.objects.exists()
    assert not AuditEntry.objects.exists()


def test_action_item_with_an_impossible_due_date_is_not_required_but_invalid(world, client_for):
    response = client_for("coordinator").post(
        reverse("governance:action_create"),
        {"title": "기업 발굴", "owner": world.company.pk, "due_date": BAD_DATE, "status": "open"},
    )
    refused(response, "기업 발굴", BAD_DATE)
    not_a_date(response, "due_date")
    assert not ActionItem.objects.exists()


def test_decision_and_minutes_forms_keep_what_was_typed(world, client_for):
    meeting = f.MeetingFactory(district=world.district)
    client = client_for("coordinator")
    # the decision form of the meeting page: the page again with the error on top
    response = client.post(reverse("governance:decision_add", args=[meeting.pk]), {"text": " "})
    page = refused(response)
    assert "결정 사항 내용을 입력하세요." in page
    assert response.context["meeting"] == meeting
    # minutes: empty minutes refused, the decisions typed are kept
    response = client.post(
        reverse("governance:meeting_minutes", args=[meeting.pk]),
        {"minutes": "", "decisions": "기업 10곳 발굴"},
    )
    refused(response, "기업 10곳 발굴")
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.exists()


def test_owner_update_and_commitment_refuse_a_bad_status_keeping_the_note(world, client_for):
    item = f.ActionItemFactory(owner=world.company, title="회사 과제")
    client = client_for("company")
    response = client.post(
        reverse("governance:action_update", args=[item.pk]),
        {"status": "finished?", "progress_note": "절반 완료"},
    )
    refused(response, "절반 완료")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN and item.progress_note == ""
    agreement = f.AgreementFactory(district=world.district)
    clause = f.ClauseFactory(agreement=agreement, number=1)
    mine = f.CommitmentFactory(clause=clause, organisation=world.company)
    response = client.post(
        reverse("governance:commitment_update", args=[mine.pk]),
        {"status": "nonsense", "evidence": "협의회 3회 참석"},
    )
    refused(response, "협의회 3회 참석")
    mine.refresh_from_db()
    assert mine.evidence == ""
    assert not AuditEntry.objects.exists()
