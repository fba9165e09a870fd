"""Reminders: one email per due reminder day, never twice, never after submitting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from mujigae.surveys import services_send
from mujigae.surveys.models import Invitation
from mujigae.surveys.tasks import reminders_send_due, send_due_reminders
from tests import factories as f

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def invitations(world):
    survey = f.SurveyFactory(district=world.district, deadline=DEADLINE, reminder_days="7,3,1")
    sent = DEADLINE - dt.timedelta(days=20)
    waiting = f.InvitationFactory(
        survey=survey,
        organisation=world.company,
        email="a@example.com",
        sent_at=sent,
        status="sent",
    )
    done = f.InvitationFactory(
        survey=survey,
        organisation=world.company_b,
        email="b@example.com",
        sent_at=sent,
        status="submitted",
    )
    never_sent = f.InvitationFactory(
        survey=survey, organisation=f.OrganisationFactory(district=world.district), email="c@x.kr"
    )
    return survey, waiting, done, never_sent


def at(days_before: float) -> dt.datetime:
    return DEADLINE - dt.timedelta(days=days_before)


def test_reminder_days_parse():
    s = f.SurveyFactory.build(reminder_days=" 1, 7,x,3,7,0,999", deadline=DEADLINE)
    assert services_send.reminder_days(s) == [7, 3, 1]
    assert services_send.reminders_due(s, at(8)) == 0
    assert services_send.reminders_due(s, at(7)) == 1
    assert services_send.reminders_due(s, at(2)) == 2
    assert services_send.reminders_due(s, at(0.5)) == 3
    assert services_send.reminders_due(s, at(-1)) == 0


def test_reminders_go_once_per_due_day(invitations):
    survey, waiting, done, never_sent = invitations
    assert reminders_send_due(now=at(10)) == 0
    assert reminders_send_due(now=at(7)) == 1
    assert reminders_send_due(now=at(6.5)) == 0  # the same day, again: nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.com"] and waiting.token in message.body
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 1 and waiting.last_reminded_at == at(7)
    assert reminders_send_due(now=at(3)) == 1
    assert reminders_send_due(now=at(1)) == 1
    assert reminders_send_due(now=at(0.2)) == 0
    assert reminders_send_due(now=at(-0.1)) == 0  # past the deadline: nothing
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {"a@example.com"}


def test_a_missed_day_is_not_made_up_with_several_emails(invitations):
    survey, waiting, *_ = invitations
    assert reminders_send_due(now=at(2)) == 1  # the task did not run on day 7
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 2
    assert reminders_send_due(now=at(1.5)) == 0
    assert reminders_send_due(now=at(1)) == 1


def test_no_reminders_for_closed_or_draft_surveys(invitations):
    survey, *_ = invitations
    survey.status = "closed"
    survey.save()
    assert reminders_send_due(now=at(1)) == 0
    survey.status = "draft"
    survey.save()
    assert reminders_send_due(now=at(1)) == 0
    assert not mail.outbox


def test_submitted_after_a_reminder_gets_no_more(invitations):
    survey, waiting, *_ = invitations
    reminders_send_due(now=at(7))
    Invitation.objects.filter(pk=waiting.pk).update(status="submitted")
    assert reminders_send_due(now=at(3)) == 0
    assert len(mail.outbox) == 1


def test_the_task_runs(invitations, settings):
    # Whatever backend the project configures, run the task here and now.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    survey, *_ = invitations
    survey.deadline = timezone.now() + dt.timedelta(hours=12)
    survey.save()
    result = send_due_reminders.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_send_reminders_command_runs(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders sent: 0" in out.getvalue()
