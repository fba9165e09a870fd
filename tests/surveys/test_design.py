"""Designing and sending surveys: the coordinator's pages."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.surveys import services_answer, services_send
from mujigae.surveys.models import Invitation, Question, Section, Survey
from mujigae.surveys.templates_data import TEMPLATES, survey_from_template
from tests import factories as f
from tests.formcheck import BAD_TIME, LONG, not_a_date, refused, too_long

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    s = f.SurveyFactory(
        district=world.district, status=Survey.Status.DRAFT, deadline=None, title="초안 조사"
    )
    sec = f.SectionFactory(survey=s, position=1, title="기본")
    size = f.QuestionFactory(
        section=sec,
        position=1,
        code="size",
        kind="single",
        options=[{"value": "small", "label": "소"}, {"value": "large", "label": "대"}],
    )
    return s, sec, size


@pytest.fixture
def open_survey(world):
    s = f.SurveyFactory(district=world.district, title="열린 조사")
    sec = f.SectionFactory(survey=s, position=1)
    f.QuestionFactory(section=sec, position=1, code="name", kind="short_text")
    return s


def _companies(world, n=3, **kw):
    orgs = []
    for i in range(n):
        org = f.OrganisationFactory(
            district=world.district, name=f"기업{i:02d}", is_participating=True, **kw
        )
        f.PersonFactory(organisation=org, email=f"ceo{i}@example.com")
        orgs.append(org)
    return orgs


# ------------------------------------------------------------------- list
def test_list_counts_and_buttons(world, client_for, open_survey):
    orgs = _companies(world, 3)
    now = timezone.now()
    f.InvitationFactory(survey=open_survey, organisation=orgs[0], sent_at=now, status="sent")
    f.InvitationFactory(
        survey=open_survey, organisation=orgs[1], sent_at=now, opened_at=now, status="in_progress"
    )
    f.InvitationFactory(
        survey=open_survey, organisation=orgs[2], sent_at=now, opened_at=now, status="submitted"
    )
    f.SurveyFactory(district=world.other_district, title="다른 지구 조사")
    r = client_for("coordinator").get(reverse("surveys:survey_list"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "열린 조사" in body and "다른 지구 조사" not in body
    assert reverse("surveys:survey_create") in body
    s = r.context["page_obj"][0]
    assert (s.n_sent, s.n_opened, s.n_in_progress, s.n_submitted) == (3, 2, 1, 1)


def test_partners_see_the_list_without_design_buttons(world, client_for, open_survey):
    r = client_for("school").get(reverse("surveys:survey_list"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "열린 조사" in body
    assert reverse("surveys:survey_create") not in body
    assert f'href="{reverse("surveys:survey_detail", args=[open_survey.pk])}"' not in body


# -------------------------------------------------------------- templates
@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_templates_copy_to_a_draft_with_stable_codes(world, key):
    coord = world.users["coordinator"]
    s = survey_from_template(actor=coord, district=world.district, key=key, year=2026)
    assert s.status == Survey.Status.DRAFT and s.district == world.district and s.year == 2026
    expected = [q["code"] for sec in TEMPLATES[key]["sections"] for q in sec["questions"]]
    got = list(s.questions.order_by("section__position", "position").values_list("code", flat=True))
    assert got == expected
    assert s.sections.count() == len(TEMPLATES[key]["sections"])
    size = s.questions.get(code="size")
    assert size.kind == "single" and size.option_values() == ["micro", "small", "medium", "large"]
    employees = s.questions.get(code="employees")
    assert (employees.unit, employees.min_value, employees.max_value) == ("명", 0, 100000)


def test_demand_template_has_hiring_table_and_skip_logic(world):
    s = survey_from_template(
        actor=world.users["coordinator"], district=world.district, key="demand", year=2026
    )
    assert s.questions.get(code="hiring").kind == "hiring"
    follow = s.questions.get(code="trainee_count")
    assert follow.show_if_question.code == "takes_trainees" and follow.show_if_values == ["yes"]
    fact = survey_from_template(
        actor=world.users["coordinator"], district=world.district, key="fact_finding", year=2026
    )
    kinds = set(fact.questions.values_list("kind", flat=True))
    assert {"single", "short_text", "number", "multi", "long_text", "scale", "date"} <= kinds


def test_create_from_template_page(world, client_for):
    c = client_for("coordinator")
    assert c.get(reverse("surveys:survey_create")).status_code == 200
    r = c.post(reverse("surveys:survey_create"), {"template": "demand", "title": "", "year": 2026})
    s = Survey.objects.get(district=world.district)
    assert r.status_code == 302 and r["Location"] == reverse("surveys:survey_detail", args=[s.pk])
    assert s.title == "기업 현장 수요조사" and s.questions.count() > 5
    page = c.get(r["Location"]).content.decode()
    assert "trainee_count" in page and "takes_trainees" in page


def test_create_blank_needs_a_title(world, client_for):
    c = client_for("coordinator")
    r = c.post(reverse("surveys:survey_create"), {"template": "", "title": "  ", "year": 2026})
    assert r.status_code == 422 and r.context["form"].errors["title"]
    assert not Survey.objects.exists()
    r = c.post(
        reverse("surveys:survey_create"), {"title": "빈 조사", "year": 2026, "kind": "other"}
    )
    assert r.status_code == 302
    assert Survey.objects.get().sections.count() == 0


def test_settings_reject_empty_title_and_past_deadline(world, client_for, draft):
    s, _, _ = draft
    c = client_for("coordinator")
    url = reverse("surveys:survey_edit", args=[s.pk])
    base = {"kind": "demand", "year": 2026, "reminder_days": "7,3,1", "intro": ""}
    r = c.post(url, {**base, "title": " ", "deadline": ""})
    assert r.status_code == 422 and "title" in r.context["form"].errors
    r = c.post(url, {**base, "title": "조사", "deadline": "2020-01-01T10:00"})
    assert "deadline" in r.context["form"].errors
    r = c.post(url, {**base, "title": "조사", "deadline": "", "reminder_days": "7,x"})
    assert "reminder_days" in r.context["form"].errors
    future = (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    r = c.post(url, {**base, "title": "새 제목", "deadline": future, "reminder_days": "1, 7,3"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.title == "새 제목" and s.deadline is not None and s.reminder_days == "7,3,1"


# ---------------------------------------------------------------- builder
def _q(**kw):
    data = {
        "code": "q_new",
        "kind": "short_text",
        "text": "새 질문",
        "help_text": "",
        "options": "",
        "unit": "",
        "min_value": "",
        "max_value": "",
        "show_if_question": "",
        "show_if_values": "",
    }
    data.update(kw)
    return data


def test_builder_shows_sections_and_questions(world, client_for, draft):
    s, sec, size = draft
    r = client_for("coordinator").get(reverse("surveys:survey_detail", args=[s.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert (
        "기본" in body and "size" in body and reverse("surveys:question_add", args=[s.pk]) in body
    )


def test_add_section_and_questions(world, client_for, draft):
    s, sec, size = draft
    c = client_for("coordinator")
    r = c.post(reverse("surveys:section_add", args=[s.pk]), {"title": "둘째"})
    assert r.status_code == 302
    sec2 = Section.objects.get(survey=s, title="둘째")
    assert sec2.position == 2
    url = reverse("surveys:question_add", args=[s.pk])
    assert c.get(url + f"?section={sec2.pk}").status_code == 200
    r = c.post(
        url,
        _q(
            section=sec2.pk,
            code="industry",
            kind="multi",
            required="on",
            options="robot|로봇\n기계\n",
        ),
    )
    assert r.status_code == 302, r.context["form"].errors
    q = s.questions.get(code="industry")
    assert q.required and q.options == [
        {"value": "robot", "label": "로봇"},
        {"value": "2", "label": "기계"},
    ]
    r = c.post(
        url,
        _q(section=sec2.pk, code="staff", kind="number", unit="명", min_value="0", max_value="500"),
    )
    assert r.status_code == 302
    r = c.post(
        url,
        _q(
            section=sec2.pk,
            code="large_only",
            show_if_question=size.pk,
            show_if_values="large",
        ),
    )
    assert r.status_code == 302
    follow = s.questions.get(code="large_only")
    assert follow.show_if_question == size and follow.show_if_values == ["large"]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"text": ""}, "text"),
        ({"kind": "single", "options": "하나뿐"}, "options"),
        ({"kind": "multi", "options": "a|가\na|나"}, "options"),
        ({"code": "size"}, "code"),  # duplicate code
        ({"code": "한글 코드"}, "code"),
        ({"show_if_values": "large"}, "show_if_question"),  # values without a question
        ({"kind": "number", "min_value": "10", "max_value": "1"}, "max_value"),
    ],
)
def test_add_question_bad_input(world, client_for, draft, bad, field):
    s, sec, size = draft
    r = client_for("coordinator").post(
        reverse("surveys:question_add", args=[s.pk]), _q(section=sec.pk, **bad)
    )
    assert r.status_code == 422
    assert field in r.context["form"].errors
    assert s.questions.count() == 1


def test_skip_logic_must_point_back_to_a_choice_with_valid_values(world, client_for, draft):
    s, sec, size = draft
    c = client_for("coordinator")
    later_sec = f.SectionFactory(survey=s, position=2, title="뒤")
    later = f.QuestionFactory(
        section=later_sec,
        position=1,
        code="later",
        kind="single",
        options=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
    )
    text_q = f.QuestionFactory(section=sec, position=2, code="free", kind="short_text")
    url = reverse("surveys:question_add", args=[s.pk])
    # a question in a later section
    r = c.post(url, _q(section=sec.pk, show_if_question=later.pk, show_if_values="a"))
    assert r.status_code == 422 and "show_if_question" in r.context["form"].errors
    # not a choice question
    r = c.post(url, _q(section=sec.pk, show_if_question=text_q.pk, show_if_values="x"))
    assert "show_if_question" in r.context["form"].errors
    # a value the question does not have
    r = c.post(url, _q(section=sec.pk, show_if_question=size.pk, show_if_values="huge"))
    assert "show_if_values" in r.context["form"].errors
    # editing: only earlier questions are offered
    r = c.post(
        reverse("surveys:question_edit", args=[size.pk]),
        _q(
            code="size",
            kind="single",
            options="small|소\nlarge|대",
            show_if_question=later.pk,
            show_if_values="a",
        ),
    )
    assert r.status_code == 422 and "show_if_question" in r.context["form"].errors
    # another survey's question is not a choice at all
    foreign = f.QuestionFactory(kind="single", options=later.options)
    r = c.post(url, _q(section=sec.pk, show_if_question=foreign.pk, show_if_values="a"))
    assert "show_if_question" in r.context["form"].errors
    assert s.questions.count() == 3


def test_edit_and_delete_question(world, client_for, draft):
    s, sec, size = draft
    c = client_for("coordinator")
    url = reverse("surveys:question_edit", args=[size.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, _q(code="size2", kind="single", text="규모", options="s|소\nm|중\nl|대"))
    assert r.status_code == 302
    size.refresh_from_db()
    assert size.code == "size2" and size.text == "규모" and len(size.options) == 3
    r = c.post(reverse("surveys:question_delete", args=[size.pk]))
    assert r.status_code == 302 and not Question.objects.filter(pk=size.pk).exists()


def _answer(survey, org, code, value):
    inv = f.InvitationFactory(survey=survey, organisation=org)
    services_answer.response_save(invitation=inv, data={code: value}, final=False)


def test_answered_questions_cannot_change_meaning(world, client_for, draft):
    s, sec, size = draft
    s.status = Survey.Status.OPEN
    s.deadline = timezone.now() + dt.timedelta(days=3)
    s.save()
    _answer(s, world.company, "size", "small")
    c = client_for("coordinator")
    page = c.get(reverse("surveys:survey_detail", args=[s.pk])).content.decode()
    assert "already answered" in page or "이미" in page
    url = reverse("surveys:question_edit", args=[size.pk])
    form = c.get(url).context["form"]
    assert form.fields["code"].disabled and form.fields["kind"].disabled
    # the disabled fields are ignored even if tampered with; the text may change
    r = c.post(
        url, _q(code="hacked", kind="multi", text="규모(수정)", options="small|소\nlarge|대")
    )
    assert r.status_code == 302
    size.refresh_from_db()
    assert (size.code, size.kind, size.text) == ("size", "single", "규모(수정)")
    # an option already chosen cannot be removed
    r = c.post(url, _q(code="size", kind="single", options="large|대\nmid|중"))
    assert r.status_code == 409 and "options" in r.context["form"].errors
    # and an answered question cannot be deleted: the builder says why, with its status
    r = c.post(reverse("surveys:question_delete", args=[size.pk]))
    assert r.status_code == 409 and r.context["status_error"]
    assert Question.objects.filter(pk=size.pk).exists()


# ---------------------------------------------------------------- preview
def test_preview_renders_the_companys_form(world, client_for):
    s = survey_from_template(
        actor=world.users["coordinator"], district=world.district, key="demand", year=2026
    )
    r = client_for("coordinator").get(reverse("surveys:survey_preview", args=[s.pk]))
    assert r.status_code == 200
    assert r.context["preview"] is True and r.context["has_renderer"]
    body = r.content.decode()
    assert "survey-form" in body  # the answering pages' own renderer
    for q in s.questions.all():
        assert q.text in body
    assert "10인 미만" in body and "명" in body


# ----------------------------------------------------------------- status
def test_open_needs_future_deadline_and_a_question(world, client_for, draft):
    s, sec, size = draft
    c = client_for("coordinator")
    url = reverse("surveys:survey_status", args=[s.pk])
    r = c.post(url, {"status": "open"})
    assert r.status_code == 422
    s.deadline = timezone.now() - dt.timedelta(days=1)
    s.save()
    r = c.post(url, {"status": "open"})
    assert (
        r.status_code == 422 and "마감일" in r.context["status_error"]
    )  # the deadline message, in Korean
    empty = f.SurveyFactory(
        district=world.district,
        status="draft",
        deadline=timezone.now() + dt.timedelta(days=5),
    )
    r = c.post(reverse("surveys:survey_status", args=[empty.pk]), {"status": "open"})
    assert r.status_code == 422
    s.deadline = timezone.now() + dt.timedelta(days=5)
    s.save()
    assert c.post(url, {"status": "open"}).status_code == 302
    assert c.post(url, {"status": "open"}).status_code == 302  # a double click is harmless
    s.refresh_from_db()
    assert s.status == "open"
    assert c.post(url, {"status": "draft"}).status_code == 409
    assert c.post(url, {"status": "bogus"}).status_code == 422
    assert c.post(url, {"status": "closed"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "closed"
    assert c.post(url, {"status": "open"}).status_code == 409


# ------------------------------------------------------------------- send
def test_send_is_idempotent(world, client_for, open_survey):
    orgs = _companies(world, 3)
    no_mail = f.OrganisationFactory(district=world.district, name="메일없음", is_participating=True)
    f.OrganisationFactory(district=world.district, name="비참여", is_participating=False)
    c = client_for("coordinator")
    url = reverse("surveys:survey_send", args=[open_survey.pk])
    assert c.get(url).status_code == 200
    r = c.get(url, {"participating_only": "on"})
    assert r.context["n_matching"] == 4
    r = c.post(url, {"participating_only": "on"})
    assert r.status_code == 302
    assert Invitation.objects.filter(survey=open_survey).count() == 4
    assert len(mail.outbox) == 3
    tokens = set(Invitation.objects.filter(survey=open_survey).values_list("token", flat=True))
    for message in mail.outbox:
        assert any(f"http://testserver/s/{t}/" in message.body for t in tokens)
    sent = Invitation.objects.filter(survey=open_survey, sent_at__isnull=False)
    assert sent.count() == 3 and set(sent.values_list("status", flat=True)) == {"sent"}
    assert not Invitation.objects.get(organisation=no_mail).sent_at
    # again: no new invitation, no new email
    c.post(url, {"participating_only": "on"})
    assert Invitation.objects.filter(survey=open_survey).count() == 4
    assert len(mail.outbox) == 3
    assert (
        set(Invitation.objects.filter(survey=open_survey).values_list("token", flat=True)) == tokens
    )
    # resend: everyone with an email who has not submitted
    Invitation.objects.filter(organisation=orgs[0]).update(status="submitted")
    c.post(url, {"participating_only": "on", "resend": "on"})
    assert len(mail.outbox) == 5
    assert AuditEntry.objects.filter(object_type="surveys.Survey").exists()


def test_a_large_send_goes_to_a_background_task(world, client_for, open_survey, settings):
    """More companies than MUJIGAE_SEND_INLINE_MAX: the page answers at once, the
    emails go out from a task (here run by a worker on the spot), and the tracker
    shows them sent; running the task again mails nobody twice."""
    from mujigae.surveys import tasks

    _companies(world, 3)
    settings.MUJIGAE_SEND_INLINE_MAX = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    c = client_for("coordinator")
    url = reverse("surveys:survey_send", args=[open_survey.pk])
    r = c.post(url, {"participating_only": "on"}, follow=True)
    assert r.status_code == 200
    assert "background" in r.content.decode() or "백그라운드" in r.content.decode()
    assert len(mail.outbox) == 0  # nothing mailed in the request
    assert Invitation.objects.filter(survey=open_survey).count() == 3
    queued = tasks.send_invitations.get_backend().results
    assert len(queued) == 1
    kwargs = queued[0].kwargs
    assert kwargs["base_url"] == "http://testserver/"
    counts = tasks.send_invitations.call(**kwargs)  # what the worker does
    assert counts["sent"] == 3 and len(mail.outbox) == 3
    assert Invitation.objects.filter(survey=open_survey, sent_at__isnull=False).count() == 3
    assert "http://testserver/s/" in mail.outbox[0].body
    again = tasks.send_invitations.call(**kwargs)
    assert again["sent"] == 0 and again["skipped"] == 3 and len(mail.outbox) == 3


def test_the_send_service_decides_inline_or_queued(world, open_survey, settings):
    """`services_send.survey_send` decides, as rounds do: up to
    MUJIGAE_SEND_INLINE_MAX companies are mailed at once, more are queued."""
    from mujigae.surveys import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    orgs = _companies(world, 3)
    actor = world.users["coordinator"]
    settings.MUJIGAE_SEND_INLINE_MAX = 3
    created, counts = services_send.survey_send(
        actor=actor, survey=open_survey, organisations=orgs[:2], base_url="http://x/"
    )
    assert created == 2 and counts["sent"] == 2 and len(mail.outbox) == 2
    assert not tasks.send_invitations.get_backend().results
    settings.MUJIGAE_SEND_INLINE_MAX = 2
    created, counts = services_send.survey_send(
        actor=actor, survey=open_survey, organisations=orgs, base_url="http://x/"
    )
    assert created == 1 and counts is None and len(mail.outbox) == 2
    (queued,) = tasks.send_invitations.get_backend().results
    assert queued.kwargs["organisation_ids"] == [o.pk for o in orgs]
    assert queued.kwargs["actor_id"] == actor.pk and queued.kwargs["base_url"] == "http://x/"


def test_a_survey_not_open_is_not_sent_and_gets_no_links(world, draft):
    survey, _sec, _size = draft
    with pytest.raises(ApplicationError) as exc:
        services_send.survey_send(
            actor=world.users["coordinator"],
            survey=survey,
            organisations=_companies(world, 1),
            base_url="http://x/",
        )
    assert exc.value.status == 409
    assert not Invitation.objects.filter(survey=survey).exists() and not mail.outbox


def test_send_filters_by_size_and_area(world, client_for, open_survey):
    small = _companies(world, 2, employees=20, area="단원구")
    f.OrganisationFactory(
        district=world.district, is_participating=True, employees=500, area="단원구"
    )
    f.OrganisationFactory(
        district=world.district, is_participating=True, employees=20, area="상록구"
    )
    c = client_for("coordinator")
    url = reverse("surveys:survey_send", args=[open_survey.pk])
    r = c.post(url, {"participating_only": "on", "size": "small", "area": "단원구"})
    assert r.status_code == 302
    invited = set(
        Invitation.objects.filter(survey=open_survey).values_list("organisation_id", flat=True)
    )
    assert invited == {o.pk for o in small}


def test_send_refuses_a_draft_and_bad_filters(world, client_for, draft):
    s, _, _ = draft
    _companies(world, 1)
    c = client_for("coordinator")
    r = c.post(reverse("surveys:survey_send", args=[s.pk]), {"participating_only": "on"})
    assert r.status_code == 409 and len(mail.outbox) == 0
    assert not Invitation.objects.exists()  # nothing half-done
    r = c.post(reverse("surveys:survey_send", args=[s.pk]), {"size": "gigantic"})
    assert r.status_code == 422


# ---------------------------------------------------------------- letters
def test_letters_contain_each_personal_link(world, client_for, open_survey):
    orgs = _companies(world, 2)
    invs = [
        f.InvitationFactory(survey=open_survey, organisation=o, email=f"{o.pk}@example.com")
        for o in orgs
    ]
    r = client_for("coordinator").get(reverse("surveys:survey_letters", args=[open_survey.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    for inv in invs:
        assert f"http://testserver/s/{inv.token}/" in body
        assert inv.organisation.name in body
    assert body.count('class="letter"') == 2
    # one letter per page: the print rules are a stylesheet file (no inline <style>
    # under the Content-Security-Policy, docs/security-headers.md)
    assert "/static/surveys/letters.css" in body
    from django.contrib.staticfiles import finders

    with open(finders.find("surveys/letters.css")) as css:
        assert "page-break-after" in css.read()
    Invitation.objects.filter(pk=invs[0].pk).update(email="")
    r = client_for("coordinator").get(
        reverse("surveys:survey_letters", args=[open_survey.pk]), {"only": "no_email"}
    )
    assert [inv for inv, _link in r.context["letters"]] == [invs[0]]


# ---------------------------------------------------------------- tracker
def test_tracker_counts_filter_and_export(world, client_for, open_survey):
    orgs = _companies(world, 4)
    now = timezone.now()
    f.InvitationFactory(survey=open_survey, organisation=orgs[0])
    f.InvitationFactory(survey=open_survey, organisation=orgs[1], sent_at=now, status="sent")
    f.InvitationFactory(
        survey=open_survey, organisation=orgs[2], sent_at=now, opened_at=now, status="in_progress"
    )
    f.InvitationFactory(
        survey=open_survey,
        organisation=orgs[3],
        sent_at=now,
        opened_at=now,
        status="submitted",
        reminders_sent=1,
    )
    c = client_for("coordinator")
    url = reverse("surveys:survey_tracker", args=[open_survey.pk])
    r = c.get(url)
    assert r.status_code == 200
    counts = r.context["counts"]
    assert (counts["invited"], counts["sent"], counts["opened"]) == (4, 3, 2)
    assert (counts["in_progress"], counts["submitted"]) == (1, 1)
    assert r.context["days_left"] in (13, 14)
    r = c.get(url, {"status": "submitted"})
    assert [i.organisation for i in r.context["page_obj"]] == [orgs[3]]
    r = c.get(url, {"status": "nonsense"})
    assert r.status_code == 200 and len(r.context["page_obj"]) == 4
    r = c.get(reverse("surveys:survey_tracker_export", args=[open_survey.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    ws = load_workbook(BytesIO(r.content)).active
    assert ws.max_row == 5
    assert {row[0].value for row in ws.iter_rows(min_row=2)} == {o.name for o in orgs}


def test_tracker_shows_overdue(world, client_for, open_survey):
    Survey.objects.filter(pk=open_survey.pk).update(deadline=timezone.now() - dt.timedelta(days=3))
    r = client_for("coordinator").get(reverse("surveys:survey_tracker", args=[open_survey.pk]))
    assert r.context["days_overdue"] == 3


# ----------------------------------------------------------------- access
DESIGN_ROUTES = [
    ("surveys:survey_detail", "survey"),
    ("surveys:survey_edit", "survey"),
    ("surveys:question_add", "survey"),
    ("surveys:question_edit", "question"),
    ("surveys:survey_preview", "survey"),
    ("surveys:survey_send", "survey"),
    ("surveys:survey_letters", "survey"),
    ("surveys:survey_tracker", "survey"),
    ("surveys:survey_tracker_export", "survey"),
]
POST_ROUTES = [
    ("surveys:section_add", "survey"),
    ("surveys:survey_status", "survey"),
    ("surveys:question_delete", "question"),
]


def _arg(kind, survey, question):
    return survey.pk if kind == "survey" else question.pk


@pytest.mark.parametrize("name, kind", DESIGN_ROUTES + POST_ROUTES)
def test_other_district_coordinator_gets_404(world, client_for, draft, name, kind):
    s, sec, q = draft
    url = reverse(name, args=[_arg(kind, s, q)])
    c = client_for("other_coordinator")
    method = c.post if (name, kind) in POST_ROUTES else c.get
    assert method(url).status_code == 404


@pytest.mark.parametrize("role", ["company", "school", "partner", "ministry", "student"])
@pytest.mark.parametrize("name, kind", DESIGN_ROUTES + POST_ROUTES)
def test_non_coordinators_get_403(world, client_for, draft, role, name, kind):
    s, sec, q = draft
    url = reverse(name, args=[_arg(kind, s, q)])
    c = client_for(role)
    method = c.post if (name, kind) in POST_ROUTES else c.get
    assert method(url).status_code == 403
    assert (
        client_for(role).post(reverse("surveys:survey_create"), {"title": "x"}).status_code == 403
    )
    assert Survey.objects.count() == 1


def test_anonymous_is_sent_to_login(client, draft):
    s, _, _ = draft
    r = client.get(reverse("surveys:survey_detail", args=[s.pk]))
    assert r.status_code == 302 and "login" in r["Location"]


def test_settings_keep_a_past_deadline_when_it_is_not_changed(world, client_for, open_survey):
    past = timezone.now() - dt.timedelta(days=2, seconds=17)
    Survey.objects.filter(pk=open_survey.pk).update(deadline=past, status="closed")
    shown = timezone.localtime(past).strftime("%Y-%m-%dT%H:%M")
    r = client_for("coordinator").post(
        reverse("surveys:survey_edit", args=[open_survey.pk]),
        {
            "title": "고친 제목",
            "kind": "demand",
            "year": 2025,
            "deadline": shown,
            "intro": "",
            "reminder_days": "3",
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    open_survey.refresh_from_db()
    assert open_survey.title == "고친 제목" and open_survey.deadline == past


def test_invitation_email_shows_the_deadline_in_korean_time(world):
    s = f.SurveyFactory(
        district=world.district, deadline=dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)
    )
    inv = f.InvitationFactory(survey=s, organisation=world.company)
    subject, body = services_send.invitation_mail(inv, "http://x/s/t/")
    assert "2026. 3. 5. 00:00" in body and "http://x/s/t/" in body and s.title in subject


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_survey_forms_say_too_long_and_not_a_date(world, client_for, draft):
    s, sec, _size = draft
    c = client_for("coordinator")
    surveys = Survey.objects.count()
    r = c.post(reverse("surveys:survey_create"), {"template": "", "title": LONG, "year": 2026})
    assert too_long(200) in refused(r, LONG)
    assert Survey.objects.count() == surveys
    base = {"kind": "demand", "year": 2026, "reminder_days": "7,3,1", "intro": "안내문"}
    r = c.post(
        reverse("surveys:survey_edit", args=[s.pk]), {**base, "title": "조사", "deadline": BAD_TIME}
    )
    refused(r, "안내문", BAD_TIME)
    not_a_date(r, "deadline", BAD_TIME)
    s.refresh_from_db()
    assert s.deadline is None and s.intro == ""
    url = reverse("surveys:question_add", args=[s.pk])
    r = c.post(url, _q(section=sec.pk, text=LONG, help_text="도움말"))
    assert too_long(500) in refused(r, LONG, "도움말")
    assert s.questions.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_refused_section_comes_back_on_the_builder_as_typed(world, client_for, draft):
    s, _sec, _size = draft
    r = client_for("coordinator").post(
        reverse("surveys:section_add", args=[s.pk]), {"title": LONG, "description": "설명"}
    )
    page = refused(r, LONG, "설명")
    assert too_long(200) in page
    assert r.context["survey"] == s  # the builder page
    r = client_for("coordinator").post(
        reverse("surveys:section_add", args=[s.pk]), {"title": "", "description": "설명"}
    )
    assert "영역 제목을 입력하세요." in refused(r, "설명")
    assert s.sections.count() == 1


# ------------------------------------------------- what a designer reads
def test_skip_logic_reads_as_the_question_and_its_answers(world, client_for):
    """Not "takes_trainees 응답이 yes일 때만 표시": the question's text and the
    answer as the company sees it."""
    s = survey_from_template(
        actor=world.users["coordinator"], district=world.district, key="demand", year=2026
    )
    page = client_for("coordinator").get(reverse("surveys:survey_detail", args=[s.pk]))
    html = page.content.decode()
    assert "“직업계고 현장실습생을 받을 의향이 있습니까?” 응답이 예일 때만 표시" in html
    assert "takes_trainees 응답이" not in html and "yes일 때만" not in html
    assert "(micro)" not in html  # option values are not shown beside their labels


def test_skip_logic_can_be_entered_as_the_answer_labels(world, client_for, draft):
    s, sec, size = draft
    c = client_for("coordinator")
    url = reverse("surveys:question_add", args=[s.pk])
    form = c.get(url, {"section": sec.pk}).content.decode()
    assert f'<option value="{size.pk}">1-1. {size.text}</option>' in form  # no code
    r = c.post(url, _q(section=sec.pk, code="why", show_if_question=size.pk, show_if_values="대"))
    assert r.status_code == 302
    follow = s.questions.get(code="why")
    assert follow.show_if_values == ["large"]
    edit = c.get(reverse("surveys:question_edit", args=[follow.pk])).content.decode()
    assert 'value="대"' in edit
    r = c.post(url, _q(section=sec.pk, code="why2", show_if_question=size.pk, show_if_values="중"))
    assert r.status_code == 422
    assert "해당 문항의 응답 값이 아닙니다: 중. 입력할 수 있는 값: 소, 대" in r.content.decode()


def test_the_send_page_shows_its_filters_once(world, client_for, open_survey):
    _companies(world, 2)
    c = client_for("coordinator")
    url = reverse("surveys:survey_send", args=[open_survey.pk])
    html = c.get(url).content.decode()
    for name in ("participating_only", "industry", "size", "area", "resend"):
        assert html.count(f'name="{name}"') == 1, name
    # "Count companies" counts and sends nothing
    r = c.post(url, {"participating_only": "on", "count": "1"})
    assert r.status_code == 200 and r.context["n_matching"] == 2
    assert r.content.decode().count('name="size"') == 1
    assert "조건에 맞는 기업은 2곳입니다." in r.content.decode()
    assert not Invitation.objects.filter(survey=open_survey).exists()
    assert c.post(url, {"participating_only": "on"}).status_code == 302
    assert Invitation.objects.filter(survey=open_survey).count() == 2
