"""Answering a survey: drafts, one submission whatever happens, deadlines,
and questions that cannot change once answered."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from mujigae.core.exceptions import ApplicationError
from mujigae.surveys import services_answer, services_design, services_send
from mujigae.surveys.models import Answer, HiringDemand, Invitation, Response
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    s = f.SurveyFactory(district=world.district, year=2025)
    sec = f.SectionFactory(survey=s)
    size = f.QuestionFactory(
        section=sec,
        code="size",
        kind="single",
        required=True,
        options=[{"value": "small", "label": "소"}, {"value": "large", "label": "대"}],
    )
    f.QuestionFactory(
        section=sec,
        code="why",
        kind="long_text",
        required=True,
        show_if_question=size,
        show_if_values=["large"],
    )
    f.QuestionFactory(section=sec, code="hiring", kind="hiring")
    return s


def test_draft_then_submit_once(world, survey):
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    response, checked = services_answer.response_save(
        invitation=inv, data={"size": "large"}, final=False
    )
    assert checked.ok and not response.is_submitted
    inv.refresh_from_db()
    assert inv.status == Invitation.Status.IN_PROGRESS
    # submitting without the now-required follow-up fails and saves nothing new
    response, checked = services_answer.response_save(
        invitation=inv, data={"size": "large"}, final=True
    )
    assert "why" in checked.errors and not Response.objects.get().is_submitted
    data = {
        "size": "large",
        "why": "증설",
        "hiring": [{"occupation": "로봇 정비", "headcount": "2", "timing": "next_year"}],
    }
    response, checked = services_answer.response_save(invitation=inv, data=data, final=True)
    assert checked.ok and response.is_submitted
    assert HiringDemand.objects.get().year == 2026
    # a second submit (reload, second tab) changes nothing and makes nothing new
    again, _ = services_answer.response_save(invitation=inv, data={"size": "small"}, final=True)
    assert again.pk == response.pk and Response.objects.count() == 1
    assert Answer.objects.get(question__code="size").choice == "large"


def test_closed_or_past_deadline_refuses(world, survey):
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    survey.deadline = timezone.now() - dt.timedelta(minutes=1)
    survey.save()
    with pytest.raises(ApplicationError) as exc:
        services_answer.response_save(invitation=inv, data={"size": "small"}, final=True)
    assert exc.value.status == 410
    assert not Response.objects.exists()


def test_invalid_draft_keeps_the_good_answers(world, survey):
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    _, checked = services_answer.response_save(
        invitation=inv,
        data={
            "size": "small",
            "hiring": [{"occupation": "x", "headcount": "많이", "timing": "this_year"}],
        },
        final=False,
    )
    assert set(checked.errors) == {"hiring"}
    assert Answer.objects.get().choice == "small"


def test_invitations_are_idempotent_and_district_bound(world, survey):
    first = services_send.invitations_create(
        actor=world.users["coordinator"], survey=survey, organisations=[world.company]
    )
    again = services_send.invitations_create(
        actor=world.users["coordinator"], survey=survey, organisations=[world.company]
    )
    assert first == 1 and again == 0 and Invitation.objects.count() == 1
    assert len(Invitation.objects.get().token) >= 32
    with pytest.raises(ApplicationError):
        services_send.invitations_create(
            actor=world.users["coordinator"], survey=survey, organisations=[world.other_company]
        )


def test_tampered_tokens_find_nothing(world, survey):
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    assert services_answer.invitation_for_token(inv.token) == inv
    for bad in ("", inv.token[:-1] + "x", "x" * 500, "' OR 1=1 --"):
        assert services_answer.invitation_for_token(bad) is None


def test_answered_question_cannot_change_its_meaning(world, survey):
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    services_answer.response_save(invitation=inv, data={"size": "small"}, final=False)
    size = survey.questions.get(code="size")
    coordinator = world.users["coordinator"]
    with pytest.raises(ApplicationError):
        services_design.question_update(actor=coordinator, question=size, kind="multi")
    with pytest.raises(ApplicationError):
        services_design.question_update(
            actor=coordinator,
            question=size,
            options=[{"value": "large", "label": "대"}, {"value": "mid", "label": "중"}],
        )
    with pytest.raises(ApplicationError):
        services_design.question_delete(actor=coordinator, question=size)
    # wording and new options are fine
    services_design.question_update(
        actor=coordinator,
        question=size,
        text="기업 규모는?",
        options=[
            {"value": "small", "label": "소"},
            {"value": "large", "label": "대"},
            {"value": "mid", "label": "중"},
        ],
    )
    size.refresh_from_db()
    assert size.text == "기업 규모는?" and len(size.options) == 3


def test_copy_keeps_questions_and_skip_logic(world, survey):
    copy = services_design.survey_copy(
        actor=world.users["coordinator"],
        source=survey,
        district=world.district,
        title="2026 수요조사",
        year=2026,
    )
    why = copy.questions.get(code="why")
    assert why.show_if_question.survey_id == copy.pk and why.show_if_question.code == "size"
    assert copy.questions.count() == survey.questions.count()


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_response(world, survey):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    errors = []

    def submit():
        try:
            services_answer.response_save(invitation=inv, data={"size": "small"}, final=True)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Response.objects.filter(invitation=inv).count() == 1
    assert Answer.objects.filter(response__invitation=inv).count() == 1


def test_a_crash_during_submission_leaves_nothing_half_written(world, survey, monkeypatch):
    """If the process dies while writing (simulated: the last insert fails), the
    transaction rolls back: the response is either whole or absent."""
    from mujigae.surveys import models as survey_models

    real_insert = services_answer._insert
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    data = {
        "size": "large",
        "why": "증설",
        "hiring": [{"occupation": "정비", "headcount": "2", "timing": "this_year"}],
    }

    def crash(model, *args, **kwargs):
        if model is survey_models.HiringDemand:  # the last table written
            raise RuntimeError("killed")
        return real_insert(model, *args, **kwargs)

    monkeypatch.setattr(services_answer, "_insert", crash)
    with pytest.raises(RuntimeError):
        services_answer.response_save(invitation=inv, data=data, final=True)
    assert not Response.objects.exists() and not Answer.objects.exists()
    inv.refresh_from_db()
    assert inv.status != Invitation.Status.SUBMITTED and inv.submitted_at is None
    monkeypatch.undo()
    response, checked = services_answer.response_save(invitation=inv, data=data, final=True)
    assert checked.ok and response.is_submitted and Answer.objects.count() == 2


def test_the_companys_answer_about_its_size_is_used_for_roll_ups(world, survey):
    world.company.employees = 500  # the registry says large
    world.company.save()
    inv = f.InvitationFactory(survey=survey, organisation=world.company)
    sec = survey.sections.first()
    f.QuestionFactory(
        section=sec,
        code="headcount_band",
        kind="single",
        options=[{"value": "x", "label": "x"}, {"value": "y", "label": "y"}],
    )
    response, _ = services_answer.response_save(invitation=inv, data={"size": "small"}, final=True)
    assert response.size_class == "small"
