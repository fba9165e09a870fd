"""Requests for staff (참여인력 협조): asking, answering per side, bad input,
the inbox, the organisation pages and the annual report's figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.core.exceptions import ApplicationError
from mujigae.core.inbox import todos_for
from mujigae.core.models import AuditEntry
from mujigae.notifications.models import Notification
from mujigae.notifications.services import notifications_collect
from mujigae.sharing import request_selectors, requests
from mujigae.sharing.models import StaffRequest

pytestmark = pytest.mark.django_db
S = StaffRequest.Status
TODAY = dt.date(2026, 5, 4)


def form(world, **kw):
    data = {
        "requester": world.school.pk,
        "provider": world.company.pk,
        "kind": "person",
        "title": "로봇 모듈 수업 엔지니어",
        "description": "3학년 로봇제어 모듈 2회",
        "starts_on": "2026-05-11",
        "ends_on": "2026-05-12",
        "hours": "8",
        "people": "1",
    }
    data.update(kw)
    return data


def ask(world, **kw):
    data = {
        "requester": world.school,
        "provider": world.company,
        "kind": "person",
        "title": "로봇 모듈 수업 엔지니어",
        "starts_on": dt.date(2026, 5, 11),
        "ends_on": dt.date(2026, 5, 12),
        "hours": "8",
    }
    data.update(kw)
    return requests.request_create(actor=world.users["school"], **data)


def test_school_asks_a_company_from_the_form(client_for, world):
    r = client_for("school").post(reverse("sharing:request_create"), form(world))
    assert r.status_code == 302
    req = StaffRequest.objects.get()
    assert (req.requester, req.provider, req.status, req.hours) == (
        world.school,
        world.company,
        S.REQUESTED,
        Decimal(8),
    )
    assert AuditEntry.objects.filter(object_type="sharing.StaffRequest").count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_on": "2026-05-10"},  # until before from
        {"hours": "0"},
        {"hours": "-3"},
        {"hours": "2.5"},
        {"hours": "여덟"},
        {"hours": ""},
        {"people": "0"},
        {"starts_on": "2026-02-30"},
        {"title": ""},
        {"kind": "robot"},
        {"provider": "school"},  # asking yourself
        {"provider": "other"},  # another district's organisation
        {"requester": "company"},  # on behalf of another organisation
    ],
)
def test_bad_input_is_refused_in_korean_and_nothing_is_written(client_for, world, changes):
    changes = dict(changes)
    if changes.get("provider") == "school":
        changes["provider"] = world.school.pk
    if changes.get("provider") == "other":
        changes["provider"] = world.other_company.pk
    if changes.get("requester") == "company":
        changes["requester"] = world.company.pk
    r = client_for("school").post(reverse("sharing:request_create"), form(world, **changes))
    assert 400 <= r.status_code < 500
    assert not StaffRequest.objects.exists()
    assert not AuditEntry.objects.filter(object_type="sharing.StaffRequest").exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"provider": "school"}, "자기 기관"),
        ({"provider": "other"}, "우리 지구"),
        ({"ends_on": dt.date(2026, 5, 1)}, "종료일이 시작일보다"),
        ({"hours": "1.5"}, "정수"),
        ({"hours": "0"}, "1에서 10000"),
    ],
)
def test_service_refuses_in_korean(world, kw, message):
    from django.utils import translation

    kw = dict(kw)
    if kw.get("provider") == "school":
        kw["provider"] = world.school
    if kw.get("provider") == "other":
        kw["provider"] = world.other_company
    with translation.override("ko"), pytest.raises(ApplicationError) as exc:
        ask(world, **kw)
    assert message in str(exc.value.message) + str(exc.value.field_errors)
    assert not StaffRequest.objects.exists()


def test_coordinator_asks_on_behalf_of_an_organisation(world):
    req = requests.request_create(
        actor=world.users["coordinator"],
        requester=world.partner,
        provider=world.company,
        kind="expert",
        title="협의회 자문",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 1),
        hours="2",
    )
    assert req.requester == world.partner


# ---------------------------------------------------------------- moves per side


def move(world, who, req, action, **kw):
    return requests.request_move(
        actor=world.users[who], request=req, action=action, today=TODAY, **kw
    )


def test_asked_side_accepts_and_asking_side_cannot(world):
    req = ask(world)
    with pytest.raises(ApplicationError) as exc:
        move(world, "school", req, "accept")
    assert exc.value.status == 403
    req = move(world, "company", req, "accept")
    assert req.status == S.ACCEPTED and req.responded_by == world.users["company"]


def test_decline_needs_a_reason(world):
    req = ask(world)
    with pytest.raises(ApplicationError):
        move(world, "company", req, "decline")
    req.refresh_from_db()
    assert req.status == S.REQUESTED
    req = move(world, "company", req, "decline", note="해당 기간 생산 일정")
    assert req.status == S.DECLINED and req.response_note == "해당 기간 생산 일정"


def test_propose_then_asking_side_accepts_the_proposal(world):
    req = ask(world)
    with pytest.raises(ApplicationError):  # until before from
        move(
            world,
            "company",
            req,
            "propose",
            proposed_starts_on=dt.date(2026, 5, 20),
            proposed_ends_on=dt.date(2026, 5, 19),
        )
    req = move(
        world,
        "company",
        req,
        "propose",
        proposed_starts_on=dt.date(2026, 5, 18),
        proposed_ends_on=dt.date(2026, 5, 19),
        note="18일부터 가능합니다",
    )
    assert req.status == S.PROPOSED
    with pytest.raises(ApplicationError):  # the asked side cannot accept its own proposal
        move(world, "company", req, "accept_proposal")
    req = move(world, "school", req, "accept_proposal")
    assert req.status == S.ACCEPTED
    assert (req.starts_on, req.ends_on) == (dt.date(2026, 5, 18), dt.date(2026, 5, 19))


def test_withdraw_by_the_asking_side_only(world):
    req = ask(world)
    with pytest.raises(ApplicationError):
        move(world, "company", req, "withdraw")
    assert move(world, "school", req, "withdraw").status == S.WITHDRAWN
    with pytest.raises(ApplicationError) as exc:  # nothing after a withdrawal
        move(world, "company", req, "accept")
    assert exc.value.status == 409


def test_done_after_the_last_day_by_either_side(world):
    req = ask(world)
    move(world, "company", req, "accept")
    with pytest.raises(ApplicationError):  # before the last day
        move(world, "school", req, "done")
    req = requests.request_move(
        actor=world.users["school"], request=req, action="done", today=dt.date(2026, 5, 12)
    )
    assert req.status == S.DONE


def test_outsiders_get_404_and_readers_403(client_for, world):
    req = ask(world)
    url = reverse("sharing:request_detail", args=[req.pk])
    move_url = reverse("sharing:request_move", args=[req.pk])
    for who, status in (
        ("school", 200),
        ("company", 200),
        ("coordinator", 200),
        ("company_b", 404),
        ("partner", 404),
        ("other_company", 404),
        ("student", 403),
        ("ministry", 403),
    ):
        assert client_for(who).get(url).status_code == status, who
    assert client_for("company_b").post(move_url, {"action": "accept"}).status_code == 404
    req.refresh_from_db()
    assert req.status == S.REQUESTED


def test_page_answers_and_refusals_are_4xx(client_for, world):
    req = ask(world)
    move_url = reverse("sharing:request_move", args=[req.pk])
    r = client_for("school").post(move_url, {"action": "accept"})
    assert r.status_code == 403
    r = client_for("company").post(move_url, {"action": "decline"})
    assert r.status_code == 422
    assert "거절하는 이유" in r.content.decode()
    r = client_for("company").post(move_url, {"action": "nonsense"})
    assert r.status_code == 422
    req.refresh_from_db()
    assert req.status == S.REQUESTED
    r = client_for("company").post(move_url, {"action": "accept"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.status == S.ACCEPTED


def test_list_filters_by_status_and_shows_only_ones_own(client_for, world):
    ask(world, title="첫 요청")
    other = ask(world, title="둘째 요청")
    move(world, "company", other, "accept")
    c = client_for("school")
    page = c.get(reverse("sharing:requests") + "?status=accepted").content.decode()
    assert "둘째 요청" in page and "첫 요청" not in page
    assert (
        "첫 요청" not in client_for("company_b").get(reverse("sharing:requests")).content.decode()
    )


# ---------------------------------------------------------------- inbox, pages, report


def test_todo_for_the_asked_side_and_notification(client_for, world):
    req = ask(world)
    todos = [t for t in todos_for(world.users["company"]) if t.kind == "sharing.request_answer"]
    assert len(todos) == 1 and todos[0].count == 1
    assert client_for("company").get(todos[0].url).status_code == 200
    assert not [t for t in todos_for(world.users["company_b"]) if t.kind.startswith("sharing.")]
    notifications_collect(now=req.created_at + dt.timedelta(seconds=1))
    got = Notification.objects.filter(kind="sharing.request_asked")
    assert list(got.values_list("recipient_id", flat=True)) == [world.users["company"].pk]
    move(
        world,
        "company",
        req,
        "propose",
        proposed_starts_on=dt.date(2026, 5, 20),
        proposed_ends_on=dt.date(2026, 5, 20),
    )
    assert [t.kind for t in todos_for(world.users["school"])].count("sharing.request_proposal") == 1
    req.refresh_from_db()
    notifications_collect(now=req.responded_at + dt.timedelta(seconds=1))
    got = Notification.objects.filter(kind="sharing.request_answered")
    assert list(got.values_list("recipient_id", flat=True)) == [world.users["school"].pk]


def test_both_organisation_pages_show_the_contribution(client_for, world):
    req = ask(world, title="비공개-요청제목")
    pages = {
        org: reverse("partners:organisation_detail", args=[getattr(world, org).pk])
        for org in ("school", "company")
    }
    assert "org-staff-requests" not in client_for("school").get(pages["school"]).content.decode()
    move(world, "company", req, "accept")
    for org, url in pages.items():
        page = client_for(org).get(url).content.decode()
        assert 'data-testid="org-staff-requests"' in page, org
        assert "비공개-요청제목" in page
    # another company reads the page: the contribution, not the request's title
    page = client_for("company_b").get(pages["company"]).content.decode()
    assert 'data-testid="org-staff-requests"' in page
    assert "비공개-요청제목" not in page


def test_contributions_for_the_annual_report(world):
    a = ask(world, hours="8")
    move(world, "company", a, "accept")
    b = ask(world, hours="4", title="둘째")
    move(world, "company", b, "accept")
    requests.request_move(
        actor=world.users["company"], request=b, action="done", today=dt.date(2026, 6, 1)
    )
    ask(world, hours="100", title="답 없음")  # not counted
    c = requests.request_create(
        actor=world.users["company"],
        requester=world.company,
        provider=world.partner,
        kind="facility",
        title="시험 장비",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 1),
        hours="3",
    )
    requests.request_move(actor=world.users["partner"], request=c, action="accept")
    d = ask(world, hours="50", starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 1))
    move(world, "company", d, "accept")  # another year
    rows = {r.name: r for r in request_selectors.contributions(world.district, 2026)}
    assert (rows["가나로봇"].requests_given, rows["가나로봇"].hours_given) == (2, Decimal(12))
    assert (rows["가나로봇"].requests_received, rows["가나로봇"].hours_received) == (1, Decimal(3))
    assert (rows["시험고등학교"].requests_received, rows["시험고등학교"].hours_received) == (
        2,
        Decimal(12),
    )
    assert rows["상공회의소"].hours_given == Decimal(3)
    assert request_selectors.contributions(world.other_district, 2026) == []


def test_todays_date_is_used_by_default(world):
    req = ask(
        world,
        starts_on=timezone.localdate() - dt.timedelta(days=2),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    req = requests.request_move(actor=world.users["company"], request=req, action="accept")
    assert "done" in requests.allowed_moves(world.users["school"], req)
