"""Notices (공지사항): posting, the audience, receipts, acknowledgements,
reminders through the notifications, edit and soft delete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mujigae.core.exceptions import ApplicationError
from mujigae.core.inbox import todos_for
from mujigae.core.models import AuditEntry
from mujigae.notifications.models import Notification
from mujigae.notifications.services import notifications_collect
from mujigae.partners.models import OrgKind
from mujigae.sharing import notice_selectors, notices
from mujigae.sharing.models import Notice, NoticeReceipt

pytestmark = pytest.mark.django_db

SCHOOLS = {"audience_kinds": [OrgKind.SCHOOL]}
COMPANIES = {"audience_kinds": [OrgKind.COMPANY]}


def post(world, *, audience=SCHOOLS, by="coordinator", **kw):
    data = {"title": "현장실습 안전교육 안내", "body": "모든 학교는 확인 바랍니다.", **kw}
    return notices.notice_create(
        actor=world.users[by], district=world.district, audience=audience, **data
    )


def form_data(**kw):
    data = {"title": "공지 제목", "body": "본문", "audience_kinds": [OrgKind.SCHOOL]}
    data.update(kw)
    return data


# ---------------------------------------------------------------- posting


def test_coordinator_posts_a_notice_from_the_form(client_for, world):
    c = client_for("coordinator")
    r = c.post(reverse("sharing:notice_create"), form_data(requires_ack="on", pinned="on"))
    assert r.status_code == 302
    notice = Notice.objects.get()
    assert notice.requires_ack and notice.pinned
    assert notice.author == world.users["coordinator"]
    assert list(notice.audience.entries.values_list("org_kind", flat=True)) == [OrgKind.SCHOOL]
    assert AuditEntry.objects.filter(object_type="sharing.Notice", action="create").count() == 1


def test_company_staff_may_post_too(client_for, world):
    r = client_for("company").post(reverse("sharing:notice_create"), form_data())
    assert r.status_code == 302
    assert Notice.objects.get().author_org == world.company


def test_student_never_posts(client_for, world):
    r = client_for("student").post(reverse("sharing:notice_create"), form_data())
    assert r.status_code == 403
    assert not Notice.objects.exists()
    with pytest.raises(ApplicationError):
        post(world, by="student")


@pytest.mark.parametrize(
    "data",
    [
        form_data(title=""),
        form_data(body="  "),
        {"title": "제목", "body": "본문"},  # nobody chosen
        form_data(audience_kinds=["nonsense"]),
    ],
)
def test_bad_input_is_refused_in_korean_and_nothing_is_written(client_for, world, data):
    r = client_for("coordinator").post(reverse("sharing:notice_create"), data)
    assert 400 <= r.status_code < 500
    assert not Notice.objects.exists()
    assert "errorlist" in r.content.decode() or "오류" in r.content.decode()


def test_an_organisation_of_another_district_is_not_an_audience_choice(client_for, world):
    data = form_data(audience_kinds=[], audience_orgs=[world.other_company.pk])
    r = client_for("coordinator").post(reverse("sharing:notice_create"), data)
    assert r.status_code == 422
    assert not Notice.objects.exists()


# ---------------------------------------------------------------- audience


def test_audience_decides_who_sees_it(client_for, world):
    n = post(world, audience=COMPANIES, title="기업 전용 공지")
    url = reverse("sharing:notice_detail", args=[n.pk])
    for who, status in (
        ("company", 200),
        ("company_b", 200),
        ("coordinator", 200),  # the author
        ("school", 404),
        ("partner", 404),
        ("student", 404),
        ("other_company", 404),
        ("ministry", 403),
    ):
        assert client_for(who).get(url).status_code == status, who
    assert (
        "기업 전용 공지" in client_for("company").get(reverse("sharing:notices")).content.decode()
    )
    assert (
        "기업 전용 공지"
        not in client_for("school").get(reverse("sharing:notices")).content.decode()
    )


def test_list_pinned_first_and_unread_marked(client_for, world):
    old = post(world, title="오래된 고정 공지", pinned=True)
    Notice.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=9))
    post(world, title="새 공지")
    rows = list(notice_selectors.notice_list(user=world.users["school"]))
    assert [r.title for r in rows] == ["오래된 고정 공지", "새 공지"]
    assert not any(r.is_read for r in rows)
    client_for("school").get(reverse("sharing:notice_detail", args=[old.pk]))
    rows = {r.title: r for r in notice_selectors.notice_list(user=world.users["school"])}
    assert rows["오래된 고정 공지"].is_read and not rows["새 공지"].is_read


# ---------------------------------------------------------------- receipts


def test_opening_records_one_receipt(client_for, world):
    n = post(world)
    c = client_for("school")
    for _ in range(3):
        assert c.get(reverse("sharing:notice_detail", args=[n.pk])).status_code == 200
    assert NoticeReceipt.objects.filter(notice=n).count() == 1


def test_acknowledge_once_and_only_when_asked(client_for, world):
    n = post(world, requires_ack=True)
    c = client_for("school")
    r = c.post(reverse("sharing:notice_ack", args=[n.pk]))
    assert r.status_code == 302
    first = NoticeReceipt.objects.get(notice=n).acknowledged_at
    assert first is not None
    c.post(reverse("sharing:notice_ack", args=[n.pk]))
    assert NoticeReceipt.objects.get(notice=n).acknowledged_at == first
    plain = post(world, title="확인 필요 없음")
    r = c.post(reverse("sharing:notice_ack", args=[plain.pk]))
    assert r.status_code == 400
    assert not NoticeReceipt.objects.filter(notice=plain, acknowledged_at__isnull=False).exists()


def test_outsider_cannot_acknowledge(client_for, world):
    n = post(world, requires_ack=True)
    assert client_for("company").post(reverse("sharing:notice_ack", args=[n.pk])).status_code == 404
    assert not NoticeReceipt.objects.exists()


def test_author_sees_who_read_and_acknowledged(client_for, world):
    n = post(world, requires_ack=True)
    client_for("school").post(reverse("sharing:notice_ack", args=[n.pk]))
    readers = notice_selectors.readers(n)
    assert (readers.total, readers.read, readers.acknowledged) == (1, 1, 1)
    page = client_for("coordinator").get(reverse("sharing:notice_detail", args=[n.pk]))
    assert 'data-testid="readers"' in page.content.decode()
    # a reader does not get the list
    page = client_for("school").get(reverse("sharing:notice_detail", args=[n.pk]))
    assert 'data-testid="readers"' not in page.content.decode()


# ---------------------------------------------------------------- to-dos, reminders


def test_a_notice_to_confirm_is_a_todo_until_confirmed(client_for, world):
    n = post(world, requires_ack=True, title="안전교육 확인")
    kinds = [t.kind for t in todos_for(world.users["school"])]
    assert "sharing.notice_ack" in kinds
    assert "sharing.notice_ack" not in [t.kind for t in todos_for(world.users["company"])]
    todo = next(t for t in todos_for(world.users["school"]) if t.kind == "sharing.notice_ack")
    assert client_for("school").get(todo.url).status_code == 200
    client_for("school").post(reverse("sharing:notice_ack", args=[n.pk]))
    assert "sharing.notice_ack" not in [t.kind for t in todos_for(world.users["school"])]


def _school_users(world, n):
    from tests import factories as f

    return [
        f.UserFactory(
            username=f"teacher{i}",
            role="school",
            district=world.district,
            organisation=world.school,
        )
        for i in range(n)
    ]


def test_remind_notifies_each_person_not_done_once_per_reminder(client_for, world):
    extra = _school_users(world, 2)
    n = post(world, requires_ack=True)
    notices.notice_acknowledge(user=world.users["school"], notice=n)
    now = timezone.now()
    Notification.objects.all().delete()  # the "new notice" notifications
    r = client_for("coordinator").post(reverse("sharing:notice_remind", args=[n.pk]), follow=True)
    assert r.status_code == 200
    assert "2명에게 알림을 보냈습니다" in r.content.decode()
    n.refresh_from_db()
    notifications_collect(now=n.reminded_at + dt.timedelta(seconds=1))
    notifications_collect(now=n.reminded_at + dt.timedelta(seconds=61))  # idempotent
    got = Notification.objects.filter(kind="sharing.notice_reminder")
    assert sorted(got.values_list("recipient_id", flat=True)) == sorted(u.pk for u in extra)
    assert all(x.url == reverse("sharing:notice_detail", args=[n.pk]) for x in got)
    # a second reminder within the hour: refused in Korean, nothing changes
    r = client_for("coordinator").post(reverse("sharing:notice_remind", args=[n.pk]))
    assert r.status_code == 429
    assert "한 시간" in r.content.decode() or "1시간" in r.content.decode()
    n.refresh_from_db()
    assert n.reminders == 1
    # an hour later: a new reminder makes new notifications
    later = n.reminded_at + dt.timedelta(hours=1, minutes=1)
    assert notices.notice_remind(actor=world.users["coordinator"], notice=n, now=later) == 2
    notifications_collect(now=later + dt.timedelta(seconds=1))
    assert Notification.objects.filter(kind="sharing.notice_reminder").count() == 4
    assert now  # (the time the test started; no wall-clock assertions)


def test_only_the_author_side_reminds(client_for, world):
    n = post(world, requires_ack=True)
    assert (
        client_for("school").post(reverse("sharing:notice_remind", args=[n.pk])).status_code == 403
    )
    assert (
        client_for("company").post(reverse("sharing:notice_remind", args=[n.pk])).status_code == 404
    )
    n.refresh_from_db()
    assert n.reminders == 0


def test_nobody_left_to_remind_is_refused(world):
    n = post(world, requires_ack=True)
    notices.notice_acknowledge(user=world.users["school"], notice=n)
    with pytest.raises(ApplicationError) as exc:
        notices.notice_remind(actor=world.users["coordinator"], notice=n)
    assert exc.value.status == 422
    n.refresh_from_db()
    assert n.reminders == 0


def test_new_notice_to_confirm_notifies_its_audience(world):
    n = post(world, requires_ack=True)
    notifications_collect(now=n.created_at + dt.timedelta(seconds=5))
    got = Notification.objects.filter(kind="sharing.notice_ack")
    assert list(got.values_list("recipient_id", flat=True)) == [world.users["school"].pk]


# ---------------------------------------------------------------- edit, delete


def test_author_edits_and_audience_changes(client_for, world):
    n = post(world)
    data = form_data(title="바뀐 제목", audience_kinds=[OrgKind.COMPANY])
    r = client_for("coordinator").post(reverse("sharing:notice_edit", args=[n.pk]), data)
    assert r.status_code == 302
    n.refresh_from_db()
    assert n.title == "바뀐 제목"
    url = reverse("sharing:notice_detail", args=[n.pk])
    assert client_for("school").get(url).status_code == 404
    assert client_for("company").get(url).status_code == 200
    assert AuditEntry.objects.filter(object_type="sharing.Notice", action="update").exists()


def test_reader_cannot_edit_or_delete(client_for, world):
    n = post(world)
    c = client_for("school")
    assert (
        c.post(reverse("sharing:notice_edit", args=[n.pk]), form_data(title="x")).status_code == 403
    )
    assert (
        c.post(reverse("sharing:notice_delete", args=[n.pk]), {"confirm": "on"}).status_code == 403
    )
    n.refresh_from_db()
    assert n.title != "x" and n.deleted_at is None


def test_soft_delete_hides_it_everywhere(client_for, world):
    n = post(world, requires_ack=True)
    c = client_for("coordinator")
    assert (
        c.post(reverse("sharing:notice_delete", args=[n.pk]), {"confirm": "on"}).status_code == 302
    )
    n.refresh_from_db()
    assert n.deleted_at is not None
    assert (
        client_for("school").get(reverse("sharing:notice_detail", args=[n.pk])).status_code == 404
    )
    assert "sharing.notice_ack" not in [t.kind for t in todos_for(world.users["school"])]
    assert AuditEntry.objects.filter(object_type="sharing.Notice", action="delete").count() == 1


def test_students_names_are_masked_in_the_readers_list(world):
    world.users["student"].display_name = "김학생"
    world.users["student"].save()
    n = post(world, by="company", audience={"audience_roles": ["student"]})
    notices.notice_read(user=world.users["student"], notice=n)
    rows = notice_selectors.readers(n).rows
    assert [r.name for r in rows] == ["김*생"]
