"""Writes of the annual report (docs/annual-report.md): create a year's report,
save the narrative, generate the figures and files in the background, submit
(freeze), make a new version; the same generation for the national report
(a report without a district).

Every write checks `is_frozen` here, not only in the forms: a submitted
report's figures, narrative and the year's entered values never change.
"""

from __future__ import annotations

import hashlib
import tempfile
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, files
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.reports import evaluation
from mujigae.reports.models import (
    AnnualReport,
    Area,
    EnteredValue,
    Framework,
    Indicator,
    ReportFile,
    ReportRun,
    ReportSection,
)

FROZEN = "frozen"


def _frozen_error(report: AnnualReport) -> ApplicationError:
    return ApplicationError(
        _(
            "Version %(version)s of the %(year)s report has been submitted and can no longer "
            "change. Make a new version to correct it."
        )
        % {"version": report.version, "year": report.year}
    )


def _ensure_sections(report: AnnualReport) -> None:
    have = set(report.sections.values_list("area_id", flat=True))
    ReportSection.objects.bulk_create(
        [
            ReportSection(report=report, area=area)
            for area in Area.objects.filter(framework=report.framework)
            if area.pk not in have
        ]
    )


def report_create(*, actor: Any, district: District | None, framework: Framework) -> AnnualReport:
    """The year's report: the latest version when one exists, else version 1
    (a section per area of the framework)."""
    with transaction.atomic():
        if district is not None:
            District.objects.select_for_update().filter(pk=district.pk).first()
        existing = (
            AnnualReport.objects.filter(district=district, framework=framework)
            .order_by("-version")
            .first()
        )
        if existing is not None:
            return existing
        report = AnnualReport.objects.create(
            district=district,
            framework=framework,
            version=1,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _ensure_sections(report)
        audit.record(actor=actor, action="create", obj=report)
    return report


def section_save(*, actor: Any, section: ReportSection, text: str) -> ReportSection:
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=section.report_id)
        if report.is_frozen:
            raise _frozen_error(report)
        before = section.text
        section.text = text
        section.updated_at = timezone.now()
        section.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        section.save(update_fields=["text", "updated_at", "updated_by"])
        if before != text:
            audit.record(
                actor=actor, action="update", obj=section, changes={"text": [before, text]}
            )
    return section


# --------------------------------------------------------------------------
# generation


def pending_run(report: AnnualReport) -> ReportRun | None:
    return report.runs.filter(
        status__in=(ReportRun.Status.QUEUED, ReportRun.Status.RUNNING)
    ).first()


def generate_request(*, actor: Any, report: AnnualReport) -> ReportRun:
    """Queue a generation of `report`. Refused (409, Korean) while one is
    queued or running; the database constraint one_generation_at_a_time backs
    the check when two requests race."""
    busy = ApplicationError(
        _("A generation of this report is already running; wait until it finishes."),
        status=409,
    )
    try:
        with transaction.atomic():
            locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
            if pending_run(locked):
                raise busy
            run = ReportRun.objects.create(
                report=locked,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                step=_("Waiting to start"),
            )
            audit.record(actor=actor, action="create", obj=run)

            def enqueue() -> None:
                from mujigae.reports.tasks import generate_report

                result = generate_report.enqueue(run_id=run.pk)
                ReportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

            transaction.on_commit(enqueue)
    except IntegrityError as exc:
        raise busy from exc
    return run


def _progress(run: ReportRun, progress: int, step: str) -> None:
    ReportRun.objects.filter(pk=run.pk).update(progress=max(0, min(100, progress)), step=step)


def evaluations_of(report: AnnualReport) -> list[evaluation.DistrictEvaluation]:
    """The report's stored figures as evaluations (one, or every district for
    the national report)."""
    figures = report.figures or {}
    if report.district_id is None:
        return [evaluation.from_json(d) for d in figures.get("districts", [])]
    return [evaluation.from_json(figures)] if figures else []


def _recompute(report: AnnualReport) -> None:
    if report.district_id is None:
        result = evaluation.evaluate(report.framework)
        evaluations = [result[k] for k in sorted(result, key=lambda k: result[k].district)]
        report.figures = {"districts": [evaluation.as_json(e) for e in evaluations]}
        report.score, report.grade = None, ""
    else:
        mine = evaluation.evaluate(report.framework, [report.district_id])[report.district_id]
        report.figures = evaluation.as_json(mine)
        report.score = mine.score
        report.grade = mine.grade or ""
    report.generated_at = timezone.now()
    report.save(update_fields=["figures", "score", "grade", "generated_at"])


def _store(run: ReportRun, kind: str, tmp: Any, filename: str) -> None:
    tmp.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: tmp.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    tmp.seek(0)
    district_id = run.report.district_id
    with (
        transaction.atomic(),
        files.stored(tmp, district_id=district_id, filename=filename) as name,
    ):
        ReportFile.objects.create(
            run=run,
            kind=kind,
            name=name,
            filename=filename,
            size=size,
            sha256=digest.hexdigest(),
        )


def file_title(report: AnnualReport) -> str:
    who = report.district.name if report.district_id else _("National")
    return _("%(who)s annual report %(year)s (version %(version)s)") % {
        "who": who,
        "year": report.year,
        "version": report.version,
    }


def generate_execute(*, run_id: int) -> ReportRun | None:
    """What the background task does: recompute the figures (unless the report
    is submitted), write the xlsx and the PDF, keep them; progress on the run."""
    from mujigae.reports import render_pdf, render_xlsx

    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != ReportRun.Status.QUEUED:
            return run
        run.status = ReportRun.Status.RUNNING
        run.started_at = timezone.now()
        run.step = _("Computing the figures")
        run.progress = 5
        run.save(update_fields=["status", "started_at", "step", "progress"])
    try:
        report = AnnualReport.objects.select_related("district", "framework").get(pk=run.report_id)
        run.report = report
        if not report.is_frozen:
            _recompute(report)
        evaluations = evaluations_of(report)
        sections = [
            (s.area.name, s.text)
            for s in report.sections.select_related("area").order_by("area__order", "area__pk")
        ]
        title = file_title(report)
        meta = render_pdf.meta_lines(report)
        base = title.replace(" ", "_")
        _progress(run, 30, _("Writing the Excel workbook"))
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            render_xlsx.write(
                tmp,
                evaluations,
                title=title,
                sections=sections,
                national=report.district_id is None,
            )
            _store(run, ReportFile.Kind.XLSX, tmp, f"{base}.xlsx")

        def on_page(page: int, total: int) -> None:
            share = page / total if total else 0
            _progress(
                run,
                40 + int(55 * share),
                _("Writing the PDF (page %(page)s of %(total)s)") % {"page": page, "total": total},
            )

        _progress(run, 40, _("Writing the PDF"))
        with tempfile.TemporaryFile(suffix=".pdf") as tmp:
            pages = render_pdf.write(
                tmp,
                evaluations,
                title=title,
                meta=meta,
                sections=sections,
                national=report.district_id is None,
                on_page=on_page,
            )
            _store(run, ReportFile.Kind.PDF, tmp, f"{base}.pdf")
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.DONE,
            progress=100,
            step=_("Done"),
            pages=pages,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED,
            finished_at=timezone.now(),
            step=_("Failed"),
            error=(getattr(exc, "message", None) or exc.__class__.__name__)[:2000],
        )
        raise
    run.refresh_from_db()
    return run


# --------------------------------------------------------------------------
# submission and versions


def missing_for_submission(report: AnnualReport) -> list[str]:
    """What stops `report` from being submitted, in Korean (empty: it may be)."""
    problems: list[str] = []
    for section in report.sections.select_related("area").order_by("area__order", "area__pk"):
        if section.area.narrative_required and not section.text.strip():
            problems.append(
                _("The narrative of “%(area)s” is empty.") % {"area": section.area.name}
            )
    entered = Indicator.objects.filter(
        area__framework=report.framework, kind=Indicator.Kind.ENTERED
    ).order_by("area__order", "order", "pk")
    have = set(
        EnteredValue.objects.filter(
            indicator__in=entered, district_id=report.district_id
        ).values_list("indicator_id", flat=True)
    )
    for item in entered:
        if item.pk not in have:
            problems.append(_("“%(name)s” has no entered value.") % {"name": item.name})
    last = report.runs.order_by("-created_at", "-pk").first()
    stale = (
        EnteredValue.objects.filter(
            indicator__in=entered,
            district_id=report.district_id,
            entered_at__gt=report.generated_at,
        ).exists()
        if report.generated_at
        else True
    )
    if last is None or last.status != ReportRun.Status.DONE or not report.figures or stale:
        problems.append(
            _("Generate the report with the current figures, and wait until it is done.")
        )
    return problems


def submit(*, actor: Any, report: AnnualReport) -> AnnualReport:
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.is_frozen:
            raise _frozen_error(report)
        problems = missing_for_submission(report)
        if problems:
            raise ApplicationError(
                _("The report cannot be submitted yet:") + " " + " ".join(problems),
                field_errors={"__all__": problems},
            )
        report.status = AnnualReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        report.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit.record(
            actor=actor,
            action="update",
            obj=report,
            changes={"status": [AnnualReport.Status.DRAFT, AnnualReport.Status.SUBMITTED]},
        )
    return report


def new_version(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Version n+1 (a draft with the narrative copied) of a submitted report;
    when a newer version exists already, that one."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        newest = (
            AnnualReport.objects.filter(district=report.district, framework=report.framework)
            .order_by("-version")
            .first()
        )
        if newest.pk != report.pk:
            return newest
        if not report.is_frozen:
            raise ApplicationError(
                _("This version is still a draft: correct it directly; no new version is needed.")
            )
        fresh = AnnualReport.objects.create(
            district=report.district,
            framework=report.framework,
            version=report.version + 1,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        ReportSection.objects.bulk_create(
            [
                ReportSection(report=fresh, area_id=s.area_id, text=s.text)
                for s in report.sections.all()
            ]
        )
        _ensure_sections(fresh)
        audit.record(
            actor=actor, action="create", obj=fresh, changes={"version": [None, fresh.version]}
        )
    return fresh
