"""Phone-first pages (issue 13, point 5) in a real browser on a 390 × 844
viewport, with the Ansan demo:

* the student opens the open (second) round, adds three slots and puts them
  in order with "위로"/"아래로", sees the slot the rules refuse marked with the
  reason (and without an "추가" button); the district runs and publishes the
  round, and the student accepts the place after a confirmation page and is
  told what happens next;
* no student or company page is wider than the screen (every menu link and
  the pages deeper in: slot detail, ranking, confirmation, the company's
  round page, forms).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.rounds import services
from mujigae.rounds.models import Assignment, Entrant, Response, Round, RoundSlot, RoundStatus
from tests.e2e.conftest import login, logout, shot

pytestmark = pytest.mark.e2e

NOT_ELIGIBLE = "푸른산업로봇"  # demo/placements.py: no eligible company, refused for everyone


@pytest.fixture
def demo(ansan):
    """The Ansan demo with what the phone pages show: students, slots, rounds,
    outcomes and surveys (as `mujigae demo` loads them)."""
    from mujigae.demo.competencies import load_ansan_competencies
    from mujigae.demo.outcomes import load_ansan_outcomes
    from mujigae.demo.placements import load_ansan_placements
    from mujigae.demo.rounds import load_ansan_rounds
    from mujigae.demo.students import load_ansan_students
    from mujigae.demo.surveys import load_ansan_surveys

    load_ansan_surveys()
    load_ansan_competencies()
    load_ansan_students()
    load_ansan_placements()
    load_ansan_rounds()
    load_ansan_outcomes()
    return ansan


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url}: {width} px wide on a {inner} px screen"


def _ranked(page) -> list[str]:
    return page.locator("[data-testid=ranked-slot] .slot-head").all_inner_texts()


def _item(page, list_id: str, title: str):
    return page.locator(f"[data-testid={list_id}]").filter(has_text=title)


def _press(page, item, name: str) -> None:
    with page.expect_navigation():
        item.get_by_role("button", name=name).click()


def test_student_ranks_by_reordering_and_accepts_after_confirming(demo, phone):
    page = phone
    second = Round.objects.get(district=demo, status=RoundStatus.OPEN)
    entrant = Entrant.objects.get(round=second, student__user__username="student")
    titles = list(
        RoundSlot.objects.filter(round=second)
        .exclude(slot__company__name=NOT_ELIGIBLE)
        .order_by("slot__company__name", "slot__title")
        .values_list("slot__title", flat=True)[:3]
    )
    assert len(titles) == 3
    refused_title = RoundSlot.objects.get(round=second, slot__company__name=NOT_ELIGIBLE).slot.title

    login(page, "student")
    page.goto(reverse("rounds:student_round", args=[second.pk]))
    _fits(page)
    # the refused slot is marked with the reason before it is chosen, no "추가"
    refused = _item(page, "available-slot", refused_title)
    assert "선택 불가:" in refused.inner_text()
    assert "현장실습 참여 기업으로 인정되지 않았거나" in refused.inner_text()
    assert refused.get_by_role("button", name="추가").count() == 0
    # the details of a slot are a tap away
    first = _item(page, "available-slot", titles[0])
    first.locator("summary").click()
    details = first.locator("details").inner_text()
    assert "급여" in details and "실습·근무 기간" in details and "업무 내용" in details
    shot(page, "phone-ranking-before")

    for title in titles:  # add three: they are ranked in the order added
        _press(page, _item(page, "available-slot", title), "추가")
        _fits(page)
    ranked = _ranked(page)
    assert len(ranked) == 3 and all(t in r for t, r in zip(titles, ranked, strict=True))
    # the third to the top: up twice; the first one down once
    _press(page, _item(page, "ranked-slot", titles[2]), "위로")
    _press(page, _item(page, "ranked-slot", titles[2]), "위로")
    _press(page, _item(page, "ranked-slot", titles[0]), "아래로")
    assert "지망 목록을 저장했습니다" in page.content()
    order = [titles[2], titles[1], titles[0]]
    saved = list(entrant.choices.order_by("rank").values_list("round_slot__slot__title", flat=True))
    assert saved == order
    assert all(o in r for o, r in zip(order, _ranked(page), strict=True))
    _fits(page)
    shot(page, "phone-ranking-after")
    logout(page)

    # the district closes, runs and publishes the round (the companies ranked
    # the student for every slot they chose)
    actor = entrant.round.created_by
    for rs in RoundSlot.objects.filter(round=second, choices__entrant=entrant):
        services.company_rank_save(actor=actor, round_slot=rs, entrant_ids=[entrant.pk])
    Round.objects.filter(pk=second.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    rnd = Round.objects.get(pk=second.pk)
    services.round_run_request(actor=actor, round=rnd, inline=True)
    services.round_publish(actor=actor, round=rnd)
    assignment = Assignment.objects.select_related("round_slot__slot").get(entrant=entrant)
    placed = assignment.round_slot.slot
    assert placed.title == titles[2]  # the first choice

    login(page, "student")
    page.goto(reverse("rounds:student_round", args=[second.pk]))
    _fits(page)
    with page.expect_navigation():
        page.get_by_role("link", name="배정 수락").click()
    # the confirmation page says what is accepted and writes nothing yet
    summary = page.locator("[data-testid=placement-summary]").inner_text()
    assert placed.company.name in summary and placed.title in summary
    start = placed.period_start
    assert f"{start.year}. {start.month}. {start.day}." in summary
    assert Assignment.objects.get(pk=assignment.pk).response == Response.PENDING
    _fits(page)
    shot(page, "phone-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="네, 이 자리를 수락합니다").click()
    assert Assignment.objects.get(pk=assignment.pk).response == Response.ACCEPTED
    nxt = page.locator("[data-testid=next-step]").inner_text()
    assert "표준협약서" in nxt and f"실습 시작일: {start.year}. {start.month}. {start.day}." in nxt
    _fits(page)
    shot(page, "phone-accepted")


def _menu_pages(page) -> list[str]:
    """The pages the header and main menu link to (same site, GET)."""
    hrefs = page.eval_on_selector_all(
        "header a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    out = []
    for href in hrefs:
        path = urlsplit(href).path
        if href.startswith("/") and not path.endswith((".xlsx", ".csv", ".ics", ".json")):
            out.append(href)
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("username", ["student", "company"])
def test_no_student_or_company_page_is_wider_than_a_phone(demo, phone, username):
    page = phone
    second = Round.objects.get(district=demo, status=RoundStatus.OPEN)
    first = second.previous
    login(page, username)
    page.goto("/")
    deeper = _menu_pages(page)
    if username == "student":
        deeper += [
            reverse("placements:slot_list"),
            reverse("rounds:student_round", args=[second.pk]),
            reverse("rounds:student_round", args=[first.pk]),
        ]
    else:
        deeper += [
            reverse("placements:slot_create"),
            reverse("rounds:company_round", args=[first.pk]),
            reverse("rounds:company_round", args=[second.pk]),
        ]
    seen = set()
    for href in deeper:
        if href in seen:
            continue
        seen.add(href)
        response = page.goto(href)
        if response is None or response.status >= 400 or "/logout" in href:
            continue
        _fits(page)
        # one level deeper from the slot list: a slot's page
        if urlsplit(href).path == reverse("placements:slot_list"):
            link = page.locator("[data-testid=slot-list] a").first
            if link.count():
                with page.expect_navigation():
                    link.click()
                _fits(page)
    assert len(seen) >= 6
    shot(page, f"phone-{username}-last")
    logout(page)
