"""What surveys owe whom (surveys/inbox.py): a company answers its open survey
straight from its home page while signed in; a coordinator hears of surveys
closing with a low response; deadline reminders reach exactly the companies
that have not answered; closing dates in the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mujigae.core import inbox
from mujigae.core.models import Role
from mujigae.surveys import inbox as survey_inbox
from mujigae.surveys.models import Invitation, Response, Survey
from tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def survey(world):
    survey = f.SurveyFactory(
        district=world.district,
        title="2026 기업 현장 수요조사",
        deadline=timezone.now() + dt.timedelta(days=5),
    )
    f.QuestionFactory(
        section=f.SectionFactory(survey=survey), code="name", kind="short_text", required=True
    )
    return survey


def _invite(survey, org, status=Invitation.Status.SENT):
    return f.InvitationFactory(survey=survey, organisation=org, status=status)


# --------------------------------------------------------------- a company


def test_the_company_answers_from_its_home_without_the_emailed_link(world, survey):
    invitation = _invite(survey, world.company)
    user = world.users["company"]
    [todo] = [t for t in inbox.todos_for(user) if t.kind == "surveys.answer"]
    assert todo.title == "설문조사 응답하기: 2026 기업 현장 수요조사"
    assert todo.url == reverse("surveys:survey_answer", args=[survey.pk])
    assert "5일 후 마감" in todo.why
    assert not todo.urgent

    client = _client(user)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{todo.url}"' in home
    page = client.get(todo.url)
    assert page.status_code == 200
    html = page.content.decode()
    # the answer form, posting to this company's own link
    assert 'id="answer-form"' in html
    assert reverse("answer:submit", args=[invitation.token]) in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]

    done = client.post(reverse("answer:submit", args=[invitation.token]), {"name": "김담당"})
    assert done.status_code == 302
    assert Response.objects.get(invitation=invitation).is_submitted
    assert [t for t in inbox.todos_for(user) if t.kind == "surveys.answer"] == []
    # the same page now thanks it
    assert 'data-testid="submitted-at"' in client.get(todo.url).content.decode()


def test_only_an_invited_company_opens_the_signed_in_answer_page(world, survey):
    _invite(survey, world.company)
    url = reverse("surveys:survey_answer", args=[survey.pk])
    assert _client(world.users["company"]).get(url).status_code == 200
    # another company of the district, not invited: missing and forbidden look alike
    assert _client(world.users["company_b"]).get(url).status_code == 404
    assert _client(world.users["other_company"]).get(url).status_code == 404
    for role in ("coordinator", "school", "partner", "student", "ministry"):
        assert _client(world.users[role]).get(url).status_code == 403, role
    assert _client(world.users["company"]).post(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]


def test_closed_or_past_deadline_surveys_are_not_owed(world, survey):
    _invite(survey, world.company)
    user = world.users["company"]
    Survey.objects.filter(pk=survey.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    assert survey_inbox.survey_todos(user) == []
    Survey.objects.filter(pk=survey.pk).update(
        deadline=timezone.now() + dt.timedelta(days=2), status=Survey.Status.CLOSED
    )
    assert survey_inbox.survey_todos(user) == []
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    assert len(survey_inbox.survey_todos(user)) == 1


def test_a_survey_closing_within_a_day_is_urgent_and_a_started_one_says_so(world, survey):
    _invite(survey, world.company, status=Invitation.Status.IN_PROGRESS)
    Survey.objects.filter(pk=survey.pk).update(deadline=timezone.now() + dt.timedelta(hours=20))
    [todo] = survey_inbox.survey_todos(world.users["company"])
    assert todo.urgent
    assert "응답을 시작했습니다" in todo.why


# --------------------------------------------------------------- the coordinator


def test_coordinator_hears_of_a_survey_closing_with_low_response(world, survey):
    companies = [f.OrganisationFactory(district=world.district) for _ in range(4)]
    invitations = [_invite(survey, org) for org in companies]
    Invitation.objects.filter(pk=invitations[0].pk).update(status=Invitation.Status.SUBMITTED)
    coordinator = world.users["coordinator"]
    [todo] = [t for t in inbox.todos_for(coordinator) if t.kind == "surveys.low_response"]
    assert "응답률 25%" in todo.why and "4개 기업 중 1개" in todo.why
    assert todo.url == reverse("surveys:survey_tracker", args=[survey.pk])
    assert _client(coordinator).get(todo.url).status_code == 200
    # half answered: enough
    Invitation.objects.filter(pk=invitations[1].pk).update(status=Invitation.Status.SUBMITTED)
    assert survey_inbox.survey_todos(coordinator) == []


def test_a_survey_far_from_its_deadline_is_no_worry_yet(world, survey):
    _invite(survey, world.company)
    Survey.objects.filter(pk=survey.pk).update(deadline=timezone.now() + dt.timedelta(days=20))
    assert survey_inbox.survey_todos(world.users["coordinator"]) == []
    assert survey_inbox.survey_todos(world.users["other_coordinator"]) == []


@pytest.mark.parametrize("role", ["company", "coordinator"])
def test_todos_take_a_bounded_number_of_queries(world, role, django_assert_max_num_queries):
    user = world.users[role]

    def make(n):
        for _ in range(n):
            s = f.SurveyFactory(
                district=world.district, deadline=timezone.now() + dt.timedelta(days=3)
            )
            _invite(s, world.company)
            _invite(s, f.OrganisationFactory(district=world.district))

    make(2)
    with django_assert_max_num_queries(2):
        small = survey_inbox.survey_todos(user)
    make(20)
    with django_assert_max_num_queries(2):
        large = survey_inbox.survey_todos(user)
    assert len(large) > len(small) > 0


# --------------------------------------------------------------- events


def test_deadline_reminders_reach_exactly_the_companies_that_have_not_answered(world, survey):
    _invite(survey, world.company)
    _invite(survey, world.company_b, status=Invitation.Status.SUBMITTED)
    second = f.UserFactory(
        username="company2", role=Role.COMPANY, district=world.district, organisation=world.company
    )
    now = survey.deadline - dt.timedelta(days=3)
    [d3] = survey_inbox.survey_events(now)
    assert d3.key == f"surveys.deadline:{survey.pk}:d3"
    assert set(d3.recipients) == {world.users["company"].pk, second.pk}
    assert "2026 기업 현장 수요조사" in d3.title
    assert [e.key for e in survey_inbox.survey_events(now)] == [d3.key]  # stable
    for uid in d3.recipients:
        user = type(second).objects.get(pk=uid)
        assert _client(user).get(d3.url).status_code == 200
    [d1] = survey_inbox.survey_events(survey.deadline - dt.timedelta(hours=10))
    assert d1.key == f"surveys.deadline:{survey.pk}:d1"
    assert survey_inbox.survey_events(survey.deadline - dt.timedelta(days=5)) == []
    assert survey_inbox.survey_events(survey.deadline + dt.timedelta(minutes=1)) == []
    Invitation.objects.filter(survey=survey).update(status=Invitation.Status.SUBMITTED)
    assert survey_inbox.survey_events(now) == []
    assert "surveys.deadline" in inbox.EVENT_KINDS


def test_events_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    deadline = timezone.now() + dt.timedelta(days=2)
    for n in (1, 15):
        for _ in range(n):
            s = f.SurveyFactory(district=world.district, deadline=deadline)
            _invite(s, f.OrganisationFactory(district=world.district))
            _invite(s, world.company)
        with django_assert_max_num_queries(3):
            assert survey_inbox.survey_events(timezone.now())


# --------------------------------------------------------------- calendar


def test_closing_dates_in_the_calendar(world, survey):
    _invite(survey, world.company)
    f.SurveyFactory(district=world.district, title="초대받지 않은 조사")
    [entry] = survey_inbox.survey_calendar(world.users["company"])
    assert entry.uid == f"survey-{survey.pk}-deadline@mujigae"
    assert entry.start == survey.deadline
    assert entry.title == "설문조사 마감: 2026 기업 현장 수요조사"
    assert survey_inbox.survey_calendar(world.users["company_b"]) == []
    coordinator_titles = {e.title for e in survey_inbox.survey_calendar(world.users["coordinator"])}
    assert "설문조사 마감: 초대받지 않은 조사" in coordinator_titles
    assert survey_inbox.survey_calendar(world.users["school"]) == []
    assert survey_inbox.survey_calendar(world.users["other_coordinator"]) == []
