"""What graduates' outcomes put on a school's home page, in its notifications
and calendar (issue 13, point 1), and a follow-up past its due date shown as
"기한 지남", never "예정"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mujigae.core.models import Role
from mujigae.outcomes import inbox as outcomes_inbox
from mujigae.outcomes import services
from mujigae.outcomes.models import FollowUp
from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.students.factories import ConsentFactory, StudentFactory

SEOUL = dt.timezone(dt.timedelta(hours=9))


def todos(user, kind=None):
    return [t for t in outcomes_inbox.todos(user) if kind is None or t.kind == kind]


def opens(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def graduate(world, *, school=None, number=1, name="홍길동", consent=True, year=None):
    """A third-year of the school year before this census (graduated in February)."""
    year = year or outcomes_inbox.census_year(timezone.localdate()) - 1
    student = StudentFactory(
        school=school or world.school, school_year=year, grade=3, number=number, name=name
    )
    if consent:
        ConsentFactory(student=student, purpose="follow_up", given_at=dt.date(year, 12, 1))
    return student


def hired(world, student, *, months_ago: int = 0, days: int = 0):
    """A hire that started `months_ago` months (and `days` days) before today."""
    start = services.add_months(timezone.localdate(), -months_ago) - dt.timedelta(days=days)
    return services.hire_record(
        actor=world.users["coordinator"],
        student=student,
        company=world.company,
        start_date=start,
        contract_type="permanent",
    )


def record(world, follow_up):
    return services.follow_up_record(
        actor=world.users["school"],
        follow_up=follow_up,
        done_on=timezone.localdate(),
        still_employed=True,
        still_insured=True,
        in_district=True,
    )


# --- the school's to-dos ----------------------------------------------------------------


def test_overdue_follow_up_is_an_urgent_todo_until_recorded(world):
    hire = hired(world, graduate(world), months_ago=7)
    school = world.users["school"]
    [todo] = todos(school, "outcomes.followups")
    six = hire.follow_ups.get(months=6)
    assert todo.count == 1 and todo.urgent and todo.due == six.due_on
    assert "1건은 기한이 지났습니다" in todo.why
    assert todo.url == reverse("outcomes:followup_list")
    assert opens(school, todo.url) == 200
    record(world, six)
    assert todos(school, "outcomes.followups") == []


def test_follow_up_due_soon_is_not_urgent_and_one_far_ahead_is_not_shown(world):
    soon = hired(world, graduate(world), months_ago=6, days=-10)  # due in 10 days
    [todo] = todos(world.users["school"], "outcomes.followups")
    assert not todo.urgent and todo.due == soon.follow_ups.get(months=6).due_on
    FollowUp.objects.update(due_on=timezone.localdate() + dt.timedelta(days=45))
    assert todos(world.users["school"], "outcomes.followups") == []


def test_follow_up_without_consent_is_not_asked(world):
    hired(world, graduate(world, consent=False), months_ago=7)
    assert todos(world.users["school"], "outcomes.followups") == []


def test_only_the_graduates_own_school_is_asked(world):
    other = f.OrganisationFactory(district=world.district, name="다른고", kind=OrgKind.SCHOOL)
    other_user = f.UserFactory(
        username="school2", role=Role.SCHOOL, district=world.district, organisation=other
    )
    hired(world, graduate(world, school=other), months_ago=7)
    assert todos(world.users["school"]) == [] or all(
        t.kind != "outcomes.followups" for t in todos(world.users["school"])
    )
    assert len(todos(other_user, "outcomes.followups")) == 1
    for name in ("coordinator", "company", "student", "partner", "ministry"):
        assert todos(world.users[name]) == [], name


def test_graduates_without_a_1_april_status(world):
    a = graduate(world, number=1, name="김하람")
    graduate(world, number=2, name="이다인")
    school = world.users["school"]
    year = outcomes_inbox.census_year(timezone.localdate())
    [todo] = todos(school, "outcomes.graduate_status")
    assert todo.count == 2 and str(year) in todo.title
    assert todo.due == dt.date(year, 4, 1)
    assert "4월 1일" in todo.why
    assert opens(school, todo.url) == 200
    assert f"school_year={year - 1}" in todo.url
    services.graduate_record_save(actor=school, student=a, status="employed")
    [todo] = todos(school, "outcomes.graduate_status")
    assert todo.count == 1
    # last year's graduates are not this census
    graduate(world, number=3, year=year - 2)
    assert todos(school, "outcomes.graduate_status")[0].count == 1


def test_census_year_turns_in_march():
    assert outcomes_inbox.census_year(dt.date(2026, 2, 28)) == 2025
    assert outcomes_inbox.census_year(dt.date(2026, 3, 1)) == 2026


# --- "기한 지남" where follow-ups are listed -------------------------------------------------


def test_a_follow_up_past_its_due_date_says_overdue_not_due(world, client):
    hire = hired(world, graduate(world), months_ago=7)
    six, twelve = hire.follow_ups.get(months=6), hire.follow_ups.get(months=12)
    assert six.state == "overdue" and six.is_overdue
    assert twelve.state == "due" and not twelve.is_overdue
    client.force_login(world.users["school"])
    page = client.get(reverse("outcomes:student_outcomes", args=[hire.student_id])).content
    html = page.decode()
    row = html[html.index(reverse("outcomes:followup_edit", args=[six.pk])) :]
    six_text = row[: row.index("<br>")]
    assert "기한 지남" in six_text and "예정" not in six_text.replace("예정일", "")
    twelve_text = row[row.index("<br>") :]
    assert "예정" in twelve_text and "기한 지남" not in twelve_text.split("<br>")[1]
    listed = client.get(reverse("outcomes:followup_list")).content.decode()
    assert listed.count('data-state="overdue"') == 1
    form = client.get(reverse("outcomes:followup_edit", args=[six.pk])).content.decode()
    assert "기한 지남" in form
    record(world, six)
    assert FollowUp.objects.get(pk=six.pk).state == "done"
    page = client.get(reverse("outcomes:student_outcomes", args=[hire.student_id])).content
    assert "기한 지남" not in page.decode()


# --- events ---------------------------------------------------------------------------------


def test_follow_up_due_event_goes_to_the_school_only(world):
    other = f.OrganisationFactory(district=world.district, name="다른고", kind=OrgKind.SCHOOL)
    f.UserFactory(username="school2", role=Role.SCHOOL, district=world.district, organisation=other)
    hire = hired(world, graduate(world), months_ago=6, days=-3)  # due in 3 days
    six = hire.follow_ups.get(months=6)
    now = timezone.now()
    events = {e.key: e for e in outcomes_inbox.events(now)}
    event = events[f"outcomes.followup_due:{six.pk}"]
    assert event.recipients == (world.users["school"].pk,)
    assert "6개월" in event.title and "홍길동" not in event.title + event.body
    assert opens(world.users["school"], event.url) == 200
    assert list(outcomes_inbox.events(now)) == list(outcomes_inbox.events(now))
    # a week before it is due: not yet; recorded: never again
    early = now - dt.timedelta(days=5)
    assert f"outcomes.followup_due:{six.pk}" not in {e.key for e in outcomes_inbox.events(early)}
    record_day = six.due_on - dt.timedelta(days=3)
    assert record_day <= timezone.localdate()
    FollowUp.objects.filter(pk=six.pk).update(done_on=timezone.localdate(), still_insured=True)
    assert f"outcomes.followup_due:{six.pk}" not in {e.key for e in outcomes_inbox.events(now)}


def test_follow_up_long_overdue_is_not_announced_again(world):
    hired(world, graduate(world), months_ago=9)  # six months: due three months ago
    assert outcomes_inbox.events(timezone.now()) == []


# --- calendar -------------------------------------------------------------------------------


def test_school_calendar_has_follow_ups_with_masked_names_and_the_census(world):
    hire = hired(world, graduate(world), months_ago=2)
    entries = {e.uid: e for e in outcomes_inbox.calendar(world.users["school"])}
    for months in (6, 12, 24):
        fu = hire.follow_ups.get(months=months)
        entry = entries[f"follow-up-{fu.pk}@mujigae"]
        assert entry.start == fu.due_on and "홍*동" in entry.title and "홍길동" not in entry.title
    # no third-year counted on the next 1 April: no census day
    assert not [uid for uid in entries if uid.startswith("census-")]
    today = timezone.localdate()
    year = outcomes_inbox.census_year(today)
    day = dt.date(year, 4, 1) if dt.date(year, 4, 1) >= today else dt.date(year + 1, 4, 1)
    graduate(world, number=7, year=day.year - 1)
    entries = {e.uid: e for e in outcomes_inbox.calendar(world.users["school"])}
    census = [e for e in entries.values() if e.uid.startswith("census-")]
    assert len(census) == 1 and census[0].start == day
    coordinator = outcomes_inbox.calendar(world.users["coordinator"])
    assert [e.uid for e in coordinator] == [census[0].uid]
    for name in ("company", "student", "partner", "ministry"):
        assert outcomes_inbox.calendar(world.users[name]) == [], name


# --- bounded queries ------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 10])
def test_providers_take_a_bounded_number_of_queries(world, n, django_assert_max_num_queries):
    for k in range(n):
        hired(world, graduate(world, number=k + 1), months_ago=6, days=-2)
    with django_assert_max_num_queries(3):
        assert todos(world.users["school"])
    with django_assert_max_num_queries(2):
        assert len(outcomes_inbox.events(timezone.now())) == n
    with django_assert_max_num_queries(3):
        assert len(outcomes_inbox.calendar(world.users["school"])) == 3 * n
