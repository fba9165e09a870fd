"""The monthly review of the access log (제8조): bursts, access outside working
hours and downloads of the coordinator's district, each confirmed; the month
reviewed when all are."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.students import review, services
from mujigae.students.models import AccessLog, AccessReviewConfirmation, AccessReviewMonth
from tests import factories as f
from tests.students.factories import StudentFactory

SEOUL = timezone.get_fixed_timezone(9 * 60)
MONTH = dt.date(2025, 9, 1)


def at(day, hour, minute=0):
    return dt.datetime(2025, 9, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def people(world):
    return [
        StudentFactory(school=world.school, number=n, name=f"학생{n:02d}") for n in range(1, 31)
    ]


def log(user, students, when, action="view", purpose="counselling", note=""):
    rows = services.personal_data_access_record(
        request_or_actor=user, students=students, action=action, purpose=purpose, note=note
    )
    AccessLog.objects.filter(pk__in=[r.pk for r in rows]).update(at=when)
    return rows[0].batch


def kinds(items):
    return sorted(i.kind for i in items)


def test_a_normal_day_is_not_unusual(world, people):
    school = world.users["school"]
    for k, s in enumerate(people[:20]):  # 20 people in 10 minutes: at the limit, not over
        log(school, s, at(2, 10, k // 2))  # a Tuesday, 10:00
    assert review.unusual_access(district_id=world.district.pk, month=MONTH) == []


def test_more_than_twenty_people_in_ten_minutes_is_one_burst(world, people):
    school = world.users["school"]
    for k, s in enumerate(people[:25]):
        log(school, s, at(2, 10, k // 3))  # 25 people within 8 minutes
    log(school, people[0], at(2, 15))  # later that day: not part of it
    (item,) = review.unusual_access(district_id=world.district.pk, month=MONTH)
    assert item.kind == "burst" and item.people == 25 and len(item.events) == 25
    assert item.first.who_name == str(school)
    # the same person opened 25 times is not "many people"
    for _ in range(25):
        log(world.users["coordinator"], people[1], at(3, 11))
    assert kinds(review.unusual_access(district_id=world.district.pk, month=MONTH)) == ["burst"]


def test_thresholds_are_settings(world, people, settings):
    settings.MUJIGAE_REVIEW_BURST_PEOPLE = 3
    settings.MUJIGAE_REVIEW_BURST_MINUTES = 1
    for s in people[:4]:
        log(world.users["school"], s, at(2, 10, 0))
    assert kinds(review.unusual_access(district_id=world.district.pk, month=MONTH)) == ["burst"]


def test_outside_working_hours_one_item_per_account_and_day(world, people):
    school = world.users["school"]
    log(school, people[0], at(2, 7, 59))  # Tuesday before 08:00
    log(school, people[1], at(2, 20, 0))  # Tuesday from 20:00
    log(school, people[2], at(6, 11, 0))  # Saturday
    log(school, people[3], at(2, 8, 0))  # working hours
    items = review.unusual_access(district_id=world.district.pk, month=MONTH)
    assert kinds(items) == ["off_hours", "off_hours"]
    tuesday = next(i for i in items if timezone.localtime(i.start).day == 2)
    assert len(tuesday.events) == 2


def test_every_download_is_listed_and_other_districts_are_not(world, people):
    log(world.users["coordinator"], people[:10], at(2, 10), action="download", purpose="records")
    log(world.users["coordinator"], people[0], at(2, 11), action="export", purpose="records")
    log(world.users["school"], people[0], at(2, 12), action="print", purpose="records")
    far = f.OrganisationFactory(district=world.other_district, kind="school")
    theirs = StudentFactory(school=far, name="타지구")
    log(world.users["other_coordinator"], theirs, at(2, 10), action="download", purpose="records")
    items = review.unusual_access(district_id=world.district.pk, month=MONTH)
    assert kinds(items) == ["download"] * 3
    assert sorted(i.people for i in items) == [1, 1, 10]
    # another month is another review
    assert review.unusual_access(district_id=world.district.pk, month=dt.date(2025, 10, 1)) == []


def test_confirming_every_item_marks_the_month_reviewed(world, people):
    coordinator = world.users["coordinator"]
    b1 = log(coordinator, people[:3], at(2, 10), action="download", purpose="records")
    log(world.users["school"], people[0], at(6, 11))  # Saturday
    items = review.unusual_access(district_id=world.district.pk, month=MONTH)
    assert len(items) == 2
    review.review_confirm(
        actor=coordinator, district_id=world.district.pk, month=MONTH, kind="download", batch=b1
    )
    assert not AccessReviewMonth.objects.exists()
    status = review.month_status(district_id=world.district.pk, month=MONTH)
    assert (status.items, status.unconfirmed, status.is_reviewed) == (2, 1, False)
    weekend = next(i for i in items if i.kind == "off_hours")
    review.review_confirm(
        actor=coordinator,
        district_id=world.district.pk,
        month=MONTH,
        kind="off_hours",
        batch=weekend.batch,
        note="주말 상담 행사",
    )
    status = review.month_status(district_id=world.district.pk, month=MONTH)
    assert status.is_reviewed and status.reviewed.reviewed_by == coordinator
    # more access that Saturday after the confirmation: asks again
    log(world.users["school"], people[5], at(6, 12))
    status = review.month_status(district_id=world.district.pk, month=MONTH)
    assert status.unconfirmed == 1 and not status.is_reviewed


def test_an_event_not_on_the_review_is_refused(world, people):
    from mujigae.core.exceptions import ApplicationError

    log(world.users["coordinator"], people[:2], at(2, 10), action="download", purpose="records")
    with pytest.raises(ApplicationError) as exc:
        review.review_confirm(
            actor=world.users["coordinator"],
            district_id=world.district.pk,
            month=MONTH,
            kind="download",
            batch=uuid.uuid4(),
            note="x",
        )
    assert exc.value.status == 404
    assert not AccessReviewConfirmation.objects.exists()


def test_a_quiet_month_is_marked_reviewed_by_hand(world):
    month = review.recent_months()[1]
    review.review_month_close(
        actor=world.users["coordinator"], district_id=world.district.pk, month=month
    )
    assert review.month_status(district_id=world.district.pk, month=month).is_reviewed


# ------------------------------------------------------------------ the page


def test_the_page_lists_confirms_and_refuses_in_korean(world, client_for, people):
    coordinator = world.users["coordinator"]
    batch = log(coordinator, people[:3], at(2, 10), action="download", purpose="placement")
    client = client_for("coordinator")
    url = reverse("students:access_review") + "?month=2025-09"
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "월간 접속기록 점검" in text and "다운로드" in text and "3명" in text
    assert "학생01" not in text
    # bad input: an unknown event, Korean, nothing written
    bad = client.post(url, {"month": "2025-09", "kind": "download", "batch": str(uuid.uuid4())})
    assert bad.status_code == 404 and "점검 목록에 없습니다" in bad.content.decode()
    bad = client.post(url, {"month": "2025-09", "kind": "download", "batch": "not-a-uuid"})
    assert bad.status_code == 422
    assert not AccessReviewConfirmation.objects.exists()
    ok = client.post(url, {"month": "2025-09", "kind": "download", "batch": str(batch)})
    assert ok.status_code == 302
    text = client.get(ok["Location"]).content.decode()
    assert "점검 완료" in text and "coordinator" in text
    confirmation = AccessReviewConfirmation.objects.get()
    assert confirmation.confirmed_by == coordinator and confirmation.month == MONTH


def test_links_from_the_home_page_and_the_access_log(world, client_for, people):
    client = client_for("coordinator")
    assert reverse("students:access_review") in client.get(reverse("home")).content.decode()
    log_page = client.get(reverse("students:access_log", args=[people[0].pk]))
    assert reverse("students:access_review") in log_page.content.decode()
    # the school reads its student's access log but not the district's review
    assert (
        reverse("students:access_review")
        not in client_for("school")
        .get(reverse("students:access_log", args=[people[0].pk]))
        .content.decode()
    )
    assert client_for("school").get(reverse("students:access_review")).status_code == 403
