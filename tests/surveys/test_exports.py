"""Survey exports (analysis xlsx and CSV, the tracker) cannot be turned against
the coordinator who opens them: answers come from a public form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mujigae.surveys.models import Response
from tests import factories as f
from tests.spreadsheets import (
    BELL,
    BELL_CLEAN,
    FORMULA,
    assert_neutralised,
    csv_rows,
    texts,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    s = f.SurveyFactory(district=world.district, year=2025, title="안산 기업 현장 수요조사")
    section = f.SectionFactory(survey=s, title="기업 정보")
    f.QuestionFactory(section=section, code="hard", kind="long_text", text="어려운 점")
    f.QuestionFactory(section=section, code="staff", kind="number", text="직원 수")
    f.QuestionFactory(section=section, code="hiring", kind="hiring", text="채용 계획")
    return s


def _answer(survey, org, data):
    """A company answers through its personal link, as anyone on the internet can."""
    inv = f.InvitationFactory(survey=survey, organisation=org)
    response = Client().post(reverse("answer:submit", kwargs={"token": inv.token}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return inv


def test_formulas_answered_on_the_public_page_are_text_in_every_export(world, client_for, survey):
    _answer(
        survey,
        world.company,
        {
            "hard": FORMULA,
            "staff": "-3",
            "hiring-0-occupation": "@SUM(1+1)",
            "hiring-0-headcount": "2",
            "hiring-0-timing": "next_year",
        },
    )
    assert Response.objects.get().is_submitted
    client = client_for("coordinator")
    wb = workbook(client.get(reverse("surveys:analysis_xlsx", args=[survey.pk])))
    assert_neutralised(wb)
    assert_neutralised(wb, "@SUM(1+1)")
    # a negative number stays a number
    assert -3 in [c.value for c in wb[wb.sheetnames[0]]["E"]]
    rows = csv_rows(client.get(reverse("surveys:analysis_csv", args=[survey.pk])))
    fields = [v for row in rows for v in row]
    assert "'" + FORMULA in fields and FORMULA not in fields
    assert "-3.0" in fields


def test_control_characters_answered_or_stored_do_not_break_any_export(world, client_for, survey):
    # through the public page: removed on the way in (docs/input.md)
    _answer(survey, world.company, {"hard": BELL, "staff": "3"})
    assert BELL_CLEAN in [a.text for a in Response.objects.get().answers.all()]
    # stored earlier: a company name with one (the organisation is not an answer)
    world.company_b.name = "다라\x07정밀"
    world.company_b.save()
    _answer(survey, world.company_b, {"hard": "없음", "staff": "5"})
    client = client_for("coordinator")
    wb = workbook(client.get(reverse("surveys:analysis_xlsx", args=[survey.pk])))
    assert BELL_CLEAN in texts(wb) and "다라정밀" in texts(wb)
    rows = csv_rows(client.get(reverse("surveys:analysis_csv", args=[survey.pk])))
    assert "다라정밀" in [row[0] for row in rows]
    wb = workbook(client.get(reverse("surveys:survey_tracker_export", args=[survey.pk])))
    assert "다라정밀" in texts(wb)
