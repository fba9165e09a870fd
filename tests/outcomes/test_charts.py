"""The outcomes page draws the employment rate over the years (with its table),
and the export keeps rates as numbers shown as percentages."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.outcomes import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world, grad, other_grad):
    actor = world.users["coordinator"]
    services.graduate_record_save(actor=actor, student=grad, status="employed")
    services.graduate_record_save(actor=actor, student=other_grad, status="not_employed")


def test_outcomes_page_draws_the_employment_rate_with_its_table(client_for, recorded):
    page = client_for("coordinator").get(reverse("outcomes:dashboard")).content.decode()
    chart = page.split('data-testid="outcomes-chart"')[1].split("</section>")[0]
    assert '<svg role="img"' in chart and "졸업연도별 취업률" in chart
    assert "<table>" in chart and '<th scope="row">' in chart  # the figures as a table
    assert "전국(2024년 참고치)" in chart and "55.3%" in chart  # the national reference
    assert "stroke-dasharray" in chart  # the national figure is dashed


def test_the_export_formats_rate_columns_as_percent(client_for, recorded):
    response = client_for("coordinator").get(reverse("outcomes:dashboard_export"))
    ws = load_workbook(BytesIO(response.content)).active
    headers = [c.value for c in ws[1]]
    col = next(i + 1 for i, h in enumerate(headers) if h and h.startswith("취업률"))
    cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    numbers = [c for c in cells if isinstance(c.value, int | float)]
    assert numbers and all("%" in c.number_format for c in numbers)
    count_col = next(i + 1 for i, h in enumerate(headers) if h and "졸업자" in h)
    assert "%" not in ws.cell(row=2, column=count_col).number_format
