"""No question code on the design page or in the results export: questions by
their text, answers by their labels."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.surveys.templates_data import survey_from_template

pytestmark = pytest.mark.django_db

CODES = ("takes_trainees", "trainee_count", "training_needs", "employees", "difficulties")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_design_page_and_export_name_questions_by_text(world, client_for):
    survey = survey_from_template(
        actor=world.users["coordinator"], district=world.district, key="demand", year=2026
    )
    client = client_for("coordinator")
    text = visible_text(
        client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    )
    for code in (*CODES, "[size]", "[industry]"):
        assert code not in text
    assert " yes" not in text  # the condition names the answer's label, not its value
    follow = survey.questions.get(code="trainee_count")
    assert follow.show_if_question.text in text

    response = client.get(reverse("surveys:analysis_xlsx", args=[survey.pk]))
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    for ws in wb.worksheets:
        assert ws.title not in ("size", "industry", *CODES)
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert value not in CODES and f"[{value}]" not in ("[size]", "[industry]")
