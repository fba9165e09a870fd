"""The district's annual report: generation in the background (figures, xlsx,
PDF), the figures recomputed from raw rows, submission and what it freezes,
versions, re-generation refused while one runs."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.core.models import AuditEntry
from mujigae.governance.models import ActionItem
from mujigae.reports import report_services as services
from mujigae.reports.models import (
    AnnualReport,
    EnteredValue,
    Indicator,
    ReportRun,
    ReportSection,
)
from tests import factories as f
from tests.reports.annual_fixtures import YEAR, pdf_text, rows_for, stored_bytes
from tests.sharing.doc_helpers import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, annual_framework):
    return services.report_create(
        actor=world.users["coordinator"], district=world.district, framework=annual_framework
    )


def _generate(client, report, capture):
    with capture(execute=True):
        response = client.post(reverse("annual:generate", args=[report.pk]))
    assert response.status_code == 302
    run = report.runs.order_by("-pk").first()
    assert run.status == ReportRun.Status.DONE, run.error
    report.refresh_from_db()
    return run


def _enter(world, annual_framework, value="85"):
    coordinator = world.users["coordinator"]
    doc = make_document(coordinator, "만족도 조사 결과", everyone=True)
    return EnteredValue.objects.create(
        indicator=Indicator.objects.get(area__framework=annual_framework, name="현장 만족도"),
        district=world.district,
        value=Decimal(value),
        evidence=doc,
        entered_by=coordinator,
    )


def test_three_indicators_recomputed_from_rows_match_the_report(
    world, annual_framework, report, client_for, tasks_now, django_capture_on_commit_callbacks
):
    rows_for(world)
    client = client_for("coordinator")
    run = _generate(client, report, django_capture_on_commit_callbacks)
    by_name = {r["name"]: r for r in report.figures["results"]}
    # recomputed here from the raw rows, independently of the measures
    meetings = world.district.meetings.filter(starts_at__year=YEAR).count()
    items = ActionItem.objects.filter(district=world.district, due_date__year=YEAR)
    closed = round(100 * items.filter(status="done").count() / items.count(), 1)
    companies = world.district.organisations.filter(kind="company").count()
    assert Decimal(by_name["협의회 개최 횟수"]["value"]) == meetings == 3
    assert by_name["협의회 개최 횟수"]["last_year"] == "1.0"
    assert Decimal(by_name["실행 과제 완료율"]["value"]) == Decimal(str(closed)) == Decimal("75.0")
    assert (
        by_name["실행 과제 완료율"]["numerator"],
        by_name["실행 과제 완료율"]["denominator"],
    ) == (
        3,
        4,
    )
    assert Decimal(by_name["참여 기업 수"]["value"]) == companies
    assert by_name["현장 만족도"]["value"] is None  # not entered yet
    assert run.pages and run.pages >= 3
    assert report.score is not None and report.grade
    assert {f.kind for f in run.files.all()} == {"xlsx", "pdf"}
    # the page shows the figures as Korean writes them, with the rows' link
    page = client.get(reverse("annual:detail", args=[report.pk])).content.decode()
    assert "75.0%" in page and "3 / 4명" in page and "자료 없음" in page
    assert f"/governance/meetings/?year={YEAR}" in page
    assert "<svg" in page and "chart-table" in page


def test_pdf_text_has_the_district_and_every_value(
    world, annual_framework, report, client_for, tasks_now, django_capture_on_commit_callbacks
):
    rows_for(world)
    _enter(world, annual_framework, "85")
    run = _generate(client_for("coordinator"), report, django_capture_on_commit_callbacks)
    text = pdf_text(stored_bytes(run, "pdf"))
    flat = text.replace("\n", " ")
    assert world.district.name in flat
    for value in ("75.0%", "85.0%", "3", "명"):
        assert value in flat, value
    assert f"1 / {run.pages}" in flat and f"{run.pages} / {run.pages}" in flat
    assert "차례" in flat  # the table of contents


def test_xlsx_has_the_indicators_the_narrative_and_the_appendix(
    world, annual_framework, report, client_for, tasks_now, django_capture_on_commit_callbacks
):
    rows_for(world)
    section = report.sections.get(area__name="협력체계 구축")
    services.section_save(
        actor=world.users["coordinator"], section=section, text="협의회를 세 번 열었다."
    )
    run = _generate(client_for("coordinator"), report, django_capture_on_commit_callbacks)
    wb = load_workbook(io.BytesIO(stored_bytes(run, "xlsx")))
    assert "지표" in wb.sheetnames and "협력체계 구축" in wb.sheetnames
    rows = list(wb["지표"].iter_rows(values_only=True))
    assert rows[0][:3] == ("영역", "지표", "값")
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["실행 과제 완료율"][2] == "75.0%"
    assert by_name["실행 과제 완료율"][3] == "3 / 4명"
    assert by_name["현장 만족도"][2] == "자료 없음"
    assert ("협의회를 세 번 열었다.",) in list(wb["협력체계 구축"].iter_rows(values_only=True))
    assert any(name.startswith("부록") for name in wb.sheetnames)
    # no internal code in the workbook
    text = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    for code in ("percent", "computed", "t.meetings", "None"):
        assert code not in text, code


def test_submit_is_refused_with_a_korean_list_of_what_is_missing(
    world, annual_framework, report, client_for
):
    client = client_for("coordinator")
    response = client.post(reverse("annual:submit", args=[report.pk]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "“협력체계 구축” 서술이 비어 있습니다." in page
    assert "“현장 만족도”의 입력값이 없습니다." in page
    assert "현재 수치로 보고서를 생성하고" in page
    report.refresh_from_db()
    assert report.status == "draft"


def test_submit_freezes_figures_narrative_and_entered_values(
    world, annual_framework, report, client_for, tasks_now, django_capture_on_commit_callbacks
):
    rows_for(world)
    entered = _enter(world, annual_framework, "85")
    coordinator = world.users["coordinator"]
    for section in report.sections.all():
        services.section_save(actor=coordinator, section=section, text=f"{section.area} 서술")
    client = client_for("coordinator")
    _generate(client, report, django_capture_on_commit_callbacks)
    response = client.post(reverse("annual:submit", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_frozen
    frozen = dict(report.figures)
    # the data changes after submission …
    f.MeetingFactory(district=world.district, starts_at=report.generated_at.replace(year=YEAR))
    # … a new entered value is refused (Korean, 422), nothing written
    url = reverse("annual:entered", args=[YEAR])
    response = client.post(
        url,
        {"indicator": entered.indicator_id, "value": "90", "evidence": entered.evidence_id},
    )
    assert response.status_code == 422
    assert "제출" in response.content.decode()
    entered.refresh_from_db()
    assert entered.value == Decimal("85.0")
    # … the narrative cannot change
    section = report.sections.first()
    response = client.post(reverse("annual:section", args=[section.pk]), {"text": "바꿈"})
    assert response.status_code == 422
    assert ReportSection.objects.get(pk=section.pk).text != "바꿈"
    # … and generating again only writes the files from the frozen figures
    run = _generate(client, report, django_capture_on_commit_callbacks)
    assert report.figures == frozen
    assert "4.0" not in str(
        next(r for r in report.figures["results"] if r["name"] == "협의회 개최 횟수")["value"]
    )
    assert run.files.count() == 2
    # a new version: a draft with the narrative copied; the submitted one stays
    response = client.post(reverse("annual:new_version", args=[report.pk]))
    fresh = AnnualReport.objects.get(district=world.district, framework=annual_framework, version=2)
    assert response.url == reverse("annual:detail", args=[fresh.pk])
    assert fresh.status == "draft"
    assert {s.text for s in fresh.sections.all()} == {s.text for s in report.sections.all()}
    report.refresh_from_db()
    assert report.is_frozen and report.figures == frozen
    # the year's entered values may be corrected again for the new version
    response = client.post(
        url, {"indicator": entered.indicator_id, "value": "90", "evidence": entered.evidence_id}
    )
    assert response.status_code == 302


def test_a_second_generation_while_one_runs_is_refused(world, annual_framework, report, client_for):
    client = client_for("coordinator")
    # the default backend (database): the first stays queued, no worker here
    client.post(reverse("annual:generate", args=[report.pk]))
    response = client.post(reverse("annual:generate", args=[report.pk]), follow=True)
    assert "이미 생성 중입니다" in response.content.decode()
    assert report.runs.count() == 1
    with pytest.raises(services.ApplicationError) as exc:
        services.generate_request(actor=world.users["coordinator"], report=report)
    assert exc.value.status == 409
    # the progress fragment polls while it waits
    fragment = client.get(reverse("annual:progress", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<progress" in fragment


def test_old_generations_stay_downloadable(
    world, annual_framework, report, client_for, tasks_now, django_capture_on_commit_callbacks
):
    client = client_for("coordinator")
    first = _generate(client, report, django_capture_on_commit_callbacks)
    second = _generate(client, report, django_capture_on_commit_callbacks)
    assert first.pk != second.pk
    for run in (first, second):
        pdf = run.files.get(kind="pdf")
        response = client.get(reverse("annual:file", args=[pdf.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_audit_records_the_report_writes(world, annual_framework, report, client_for):
    section = report.sections.first()
    client_for("coordinator").post(reverse("annual:section", args=[section.pk]), {"text": "초안"})
    assert AuditEntry.objects.filter(
        object_type="reports.ReportSection", object_id=str(section.pk)
    ).exists()
