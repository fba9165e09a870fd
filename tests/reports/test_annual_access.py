"""Who reads which annual report: the district's coordinators everything of
their district; schools and partners the submitted reports; the ministry
every district's submitted reports and the national report; companies and
students nothing; another district's report is missing (404). The national
report: every district side by side, small groups suppressed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mujigae.core import indicators
from mujigae.reports import report_services as services
from mujigae.reports.models import AnnualReport
from tests.reports.annual_fixtures import YEAR, pdf_text, rows_for, stored_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, annual_framework):
    return services.report_create(
        actor=world.users["coordinator"], district=world.district, framework=annual_framework
    )


@pytest.fixture
def submitted(world, annual_framework, draft):
    draft.status = AnnualReport.Status.SUBMITTED
    draft.save()
    return draft


def _get(client_for, persona, report):
    return client_for(persona).get(reverse("annual:detail", args=[report.pk])).status_code


def test_a_draft_is_the_coordinators_alone(world, draft, client_for):
    assert _get(client_for, "coordinator", draft) == 200
    for persona in ("school", "partner", "ministry"):
        assert _get(client_for, persona, draft) == 404, persona
    for persona in ("company", "student"):
        assert _get(client_for, persona, draft) == 403, persona
    assert _get(client_for, "other_coordinator", draft) == 404


def test_a_submitted_report_is_read_by_the_district_and_the_ministry(world, submitted, client_for):
    for persona in ("coordinator", "school", "partner", "ministry"):
        assert _get(client_for, persona, submitted) == 200, persona
    assert _get(client_for, "company", submitted) == 403
    assert _get(client_for, "other_coordinator", submitted) == 404
    # school and partner: no writes
    client = client_for("school")
    assert client.post(reverse("annual:generate", args=[submitted.pk])).status_code == 403


def test_the_list_shows_schools_only_submitted_reports(world, draft, client_for):
    page = client_for("school").get(reverse("annual:list")).content.decode()
    assert reverse("annual:detail", args=[draft.pk]) not in page
    page = client_for("coordinator").get(reverse("annual:list")).content.decode()
    assert reverse("annual:detail", args=[draft.pk]) in page and "보고서 만들기" in page


def test_the_ministry_generates_the_national_report_with_small_groups_suppressed(
    world, annual_framework, client_for, tasks_now, django_capture_on_commit_callbacks, monkeypatch
):
    rows_for(world)
    # a rate of two people in the other district: suppressed for the ministry
    measure = indicators.MEASURES["t.closed"]
    original = measure.compute

    def compute(ids, years):
        out = dict(original(ids, years))
        out[(world.other_district.pk, YEAR)] = indicators.rate(1, 2)
        return out

    monkeypatch.setitem(
        indicators.MEASURES,
        "t.closed",
        indicators.Measure(**{**measure.__dict__, "compute": compute}),
    )
    client = client_for("ministry")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("annual:national_generate", args=[YEAR]))
    assert response.status_code == 302
    report = AnnualReport.objects.get(district__isnull=True, framework=annual_framework)
    run = report.runs.get()
    assert run.status == "done", run.error
    text = pdf_text(stored_bytes(run, "pdf")).replace("\n", " ")
    assert world.district.name in text and world.other_district.name in text
    assert "75.0%" in text and "50.0%" not in text and "–" in text
    page = client.get(reverse("annual:national", args=[YEAR])).content.decode()
    assert world.other_district.name in page
    # the district's coordinator never reaches the national report
    assert client_for("coordinator").get(reverse("annual:national", args=[YEAR])).status_code == 403
    pdf = run.files.get(kind="pdf")
    assert client_for("coordinator").get(reverse("annual:file", args=[pdf.pk])).status_code == 404
    assert client_for("ministry").get(reverse("annual:file", args=[pdf.pk])).status_code == 200
