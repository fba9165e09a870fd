"""Access matrix part: the district's annual report and the national report
(issue 16, reports/access.py).

Product rules (docs/annual-report.md), written by hand:

* The district's coordinators: every report of their district — make, write
  the narrative, enter indicators, generate, follow progress, submit, new
  version, download.
* School and partner users: the district's SUBMITTED reports only (the list,
  the page, the files). The fixture report is submitted, so they read it.
* The ministry: every district's submitted report (page, files, progress) and
  the national report, which it generates (its own document of no district).
* Companies and students: nothing.
* Another district's coordinator: 404 on our report, its sections and files.
* The evaluation year is national (one framework per year for everyone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from mujigae.core.files import open_stored, storage
from mujigae.reports import report_services as services
from mujigae.reports.models import AnnualReport, Framework, ReportRun
from tests.core.matrix_expect import (
    COORD,
    COORDINATOR,
    MINISTRY,
    NOBODY,
    PARTNER,
    SCHOOL,
    Expect,
    R,
)

YEAR = 2026
MEMBERS = COORD | {SCHOOL, PARTNER}
WITH_MINISTRY = MEMBERS | {MINISTRY}

EXPECTED: dict[str, Expect] = {
    "annual:list": Expect(MEMBERS, NOBODY),
    # an empty POST: the form's errors (422)
    "annual:create": Expect(COORD, COORD),
    "annual:detail": Expect(WITH_MINISTRY, NOBODY, obj="annual_report"),
    # the report is submitted: a POST is refused in Korean (422), nothing saved
    "annual:section": Expect(COORD, COORD, obj="annual_section"),
    # POST only (GET: 405); a submitted report: the files are written again
    "annual:generate": Expect(COORD, COORD, obj="annual_report"),
    "annual:progress": Expect(R({COORDINATOR, MINISTRY}), NOBODY, obj="annual_report"),
    # already submitted: 422
    "annual:submit": Expect(COORD, COORD, obj="annual_report"),
    "annual:new_version": Expect(COORD, COORD, obj="annual_report"),
    "annual:file": Expect(WITH_MINISTRY, NOBODY, obj="annual_file"),
    # an empty POST: 422
    "annual:entered": Expect(COORD, COORD, obj="annual_year"),
    "annual:national": Expect(R({MINISTRY}), NOBODY, obj="annual_year"),
    # the ministry's one write: its national report (GET: 405)
    "annual:national_generate": Expect(R({MINISTRY}), R({MINISTRY}), obj="annual_year"),
}

# one framework per year for the whole country
SHARED_KINDS: set[str] = {"annual_year"}
SECRETS: dict[str, set[str]] = {}
OWNED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    actor = world.users["coordinator"]
    framework = Framework.objects.get(year=YEAR)
    report = services.report_create(actor=actor, district=world.district, framework=framework)
    run = ReportRun.objects.create(report=report, requested_by=actor)
    services.generate_execute(run_id=run.pk)
    report.refresh_from_db()
    report.status = AnnualReport.Status.SUBMITTED
    report.save(update_fields=["status"])
    section = report.sections.order_by("pk").first()
    pdf = run.files.get(kind="pdf")
    with open_stored(pdf.name) as fh:
        content = fh.read()

    def pdf_pk(org: str) -> int:
        # The matrix's data outlives a test; each test stores files in a
        # folder of its own (tests/conftest.py): put the file back there.
        if not storage().exists(pdf.name):
            storage().save(pdf.name, ContentFile(content))
        return pdf.pk

    return {
        "annual_report": lambda org: report.pk,
        "annual_section": lambda org: section.pk,
        "annual_file": pdf_pk,
        "annual_year": lambda org: YEAR,
    }
