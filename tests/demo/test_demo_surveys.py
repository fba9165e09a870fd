"""The demo surveys of Ansan: this year's open demand survey and last year's closed one."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mujigae.demo.ansan import COMPANY_USER_ORG, load_ansan
from mujigae.demo.surveys import (
    COMPETENCY_UNITS,
    DEMAND_TITLE,
    DEMAND_YEAR,
    FACT_TITLE,
    FACT_YEAR,
    IN_THEIR_OWN_WORDS,
    OCCUPATIONS,
    load_ansan_surveys,
)
from mujigae.partners.models import Organisation, OrgKind
from mujigae.surveys.models import (
    Answer,
    AnswerOption,
    HiringDemand,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
    SurveyKind,
    size_class,
)
from mujigae.surveys.services_answer import TIMING_OFFSET

MODELS = [Survey, Section, Question, Invitation, Response, Answer, AnswerOption, HiringDemand]


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS} | {
        "submitted": Response.objects.filter(is_submitted=True).count(),
        "organisations": Organisation.objects.count(),
    }


@pytest.fixture
def demo(db):
    district = load_ansan()
    return district, load_ansan_surveys()


def sample_companies(district) -> set[int]:
    return set(
        Organisation.objects.filter(
            district=district, kind=OrgKind.COMPANY, is_sample=True
        ).values_list("pk", flat=True)
    )


def test_open_demand_survey_sent_to_every_sample_company(demo):
    district, loaded = demo
    survey = Survey.objects.get(district=district, title=DEMAND_TITLE)
    assert survey == loaded.demand
    assert survey.kind == SurveyKind.DEMAND and survey.year == DEMAND_YEAR
    assert survey.status == Survey.Status.OPEN
    days = (survey.deadline - timezone.now()) / dt.timedelta(days=1)
    assert 13 <= days <= 15
    invited = set(survey.invitations.values_list("organisation_id", flat=True))
    assert invited == sample_companies(district) and len(invited) >= 30
    assert not survey.invitations.filter(sent_at__isnull=True).exists()
    assert not survey.invitations.filter(status=Invitation.Status.PENDING).exists()


def test_about_three_quarters_submitted_and_some_drafts(demo):
    district, loaded = demo
    survey = loaded.demand
    n = survey.invitations.count()
    submitted = survey.responses.filter(is_submitted=True).count()
    assert 0.70 <= submitted / n <= 0.80
    drafts = survey.responses.filter(is_submitted=False)
    assert drafts.exists()
    assert survey.invitations.filter(status=Invitation.Status.IN_PROGRESS).count() == len(drafts)
    assert survey.invitations.filter(status=Invitation.Status.SUBMITTED).count() == submitted
    assert survey.invitations.filter(status=Invitation.Status.OPENED).exists()
    # the demo company login still has to answer (its action item is open)
    own = survey.invitations.get(organisation__name=COMPANY_USER_ORG)
    assert own.status == Invitation.Status.SENT
    # every submitted response passes the final check and matches the company's size
    for response in survey.responses.filter(is_submitted=True).select_related("organisation"):
        size = response.answers.get(question__code="size").choice
        assert size == size_class(response.organisation.employees)
        employees = response.answers.get(question__code="employees").number
        assert employees == response.organisation.employees
        assert response.submitted_at <= timezone.now()


def test_hiring_rows_are_plausible(demo):
    district, loaded = demo
    survey = loaded.demand
    rows = list(HiringDemand.objects.filter(response__survey=survey))
    assert len(rows) >= 30
    assert {r.timing for r in rows} == set(TIMING_OFFSET)
    for r in rows:
        assert r.year == survey.year + TIMING_OFFSET[r.timing]
        assert r.district_id == district.pk
        assert r.occupation in OCCUPATIONS
        assert 1 <= r.headcount <= 20
        if r.competency_units == IN_THEIR_OWN_WORDS[r.occupation]:
            continue  # the company's own words: for the confirmation queue
        for unit in r.competency_units.split(", "):
            code, name = unit.split(" ", 1)
            assert COMPETENCY_UNITS[code] == name
            assert code in OCCUPATIONS[r.occupation][1]
    own = sum(r.competency_units == IN_THEIR_OWN_WORDS[r.occupation] for r in rows)
    assert 0 < own < len(rows) / 2
    accepting = sum(r.accepts_trainees for r in rows) / len(rows)
    assert 0.3 <= accepting <= 0.7
    texts = Answer.objects.filter(response__survey=survey, question__code="difficulties")
    assert texts.count() >= 10 and len({a.text for a in texts}) >= 8
    assert AnswerOption.objects.filter(question__survey=survey).exists()  # training needs


def test_closed_fact_finding_survey_for_history(demo):
    district, loaded = demo
    survey = Survey.objects.get(district=district, title=FACT_TITLE)
    assert survey == loaded.fact_finding
    assert survey.kind == SurveyKind.FACT_FINDING and survey.year == FACT_YEAR
    assert survey.status == Survey.Status.CLOSED and survey.is_past_deadline
    n = survey.invitations.count()
    assert n == len(sample_companies(district))
    submitted = survey.responses.filter(is_submitted=True)
    assert 0.55 <= submitted.count() / n <= 0.65
    assert all(r.submitted_at.year == FACT_YEAR for r in submitted)
    assert not HiringDemand.objects.filter(response__survey=survey).exists()


def test_loading_twice_changes_nothing(demo):
    before = counts()
    load_ansan()
    again = load_ansan_surveys()
    assert counts() == before
    assert again.demand.status == Survey.Status.OPEN
    assert again.fact_finding.status == Survey.Status.CLOSED


def test_sample_link_opens_the_form(demo, client):
    _district, loaded = demo
    invitation = Invitation.objects.get(token=loaded.sample_token)
    assert invitation.survey == loaded.demand
    assert invitation.status != Invitation.Status.SUBMITTED
    response = client.get(f"/s/{loaded.sample_token}/")
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPENED


def test_command_prints_sample_link_and_is_idempotent(db, client):
    out = StringIO()
    call_command("demo", "--force", stdout=out)
    first = counts()
    call_command("demo", "--force", stdout=out)
    assert counts() == first
    text = out.getvalue()
    assert DEMAND_TITLE in text and FACT_TITLE in text
    links = [line.strip() for line in text.splitlines() if "/s/" in line]
    assert links
    token = links[-1].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/s/{token}/").status_code == 200
