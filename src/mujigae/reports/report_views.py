"""Pages of the annual report (namespace "annual"): the district's reports, one
report with its figures, charts and narrative, generation with progress,
submission, versions, downloads; the ministry's national report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import files, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.forms import INVALID_STATUS, form_page
from mujigae.reports import report_format as fmt
from mujigae.reports import report_selectors as selectors
from mujigae.reports import report_services as services
from mujigae.reports.models import AnnualReport, Framework, ReportFile, ReportSection

CONTENT_TYPES = {
    ReportFile.Kind.PDF: "application/pdf",
    ReportFile.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CreateForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Evaluation year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (fw.year, str(fw.year)) for fw in selectors.framework_years()
        ]


class SectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Narrative"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    reports = list(selectors.reports_of(user))
    by_year: dict[int, list[AnnualReport]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    years = [
        {"framework": fw, "reports": by_year.get(fw.year, [])} for fw in selectors.framework_years()
    ]
    if not user.is_coordinator:
        years = [y for y in years if y["reports"]]
    return render(
        request,
        "reports/annual/list.html",
        {"years": years, "create_form": CreateForm() if user.is_coordinator else None},
    )


@require_http_methods(["POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    form = CreateForm(request.POST or None)
    district = request.user.district

    def save(data: dict) -> AnnualReport:
        framework = get_object_or_404(Framework, year=data["year"])
        return services.report_create(actor=request.user, district=district, framework=framework)

    return form_page(
        request,
        form,
        save=save,
        success=_("The report has been created. Generate it to compute the figures."),
        done=lambda report: reverse("annual:detail", args=[report.pk]),
        template="reports/annual/create.html",
    )


def _detail_context(request: HttpRequest, report: AnnualReport) -> dict:
    evaluations = services.evaluations_of(report)
    e = evaluations[0] if evaluations else None
    coordinator = policy.can_change(request.user, report)
    newest = (
        AnnualReport.objects.filter(district=report.district, framework=report.framework)
        .order_by("-version")
        .first()
    )
    return {
        "report": report,
        "evaluation": e,
        "score": fmt.score_text(e) if e else "—",
        "grade": fmt.grade_label(e.grade if e else None),
        "areas": selectors.area_blocks(report, e),
        "runs": selectors.runs_with_files(report) if coordinator else [],
        "run": selectors.latest_run(report),
        "published_run": next(
            (r for r in selectors.runs_with_files(report) if r.status == "done"), None
        ),
        "can_edit": coordinator and not report.is_frozen,
        "coordinator": coordinator,
        "newest": newest,
        "missing": services.missing_for_submission(report)
        if coordinator and not report.is_frozen
        else [],
    }


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    if report.district_id is None:
        return redirect("annual:national", year=report.year)
    return render(request, "reports/annual/detail.html", _detail_context(request, report))


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = policy.access(
        request.user,
        ReportSection,
        pk,
        write=request.method == "POST",
        qs=ReportSection.objects.select_related("report__framework", "report__district", "area"),
    )
    form = SectionForm(request.POST or None, initial={"text": section.text})
    return form_page(
        request,
        form,
        save=lambda data: services.section_save(
            actor=request.user, section=section, text=data["text"]
        ),
        success=_("The narrative has been saved as a draft."),
        done=reverse("annual:detail", args=[section.report_id]) + f"#area-{section.area_id}",
        template="reports/annual/section.html",
        context={"section": section, "report": section.report},
    )


@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk, write=True)
    try:
        services.generate_request(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("annual:detail", pk=report.pk)
    if report.is_frozen:
        messages.info(request, _("The files are being written again from the submitted figures."))
    else:
        messages.info(request, _("The report is being generated; this page follows its progress."))
    return redirect("annual:detail", pk=report.pk)


@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    return render(
        request,
        "reports/annual/_progress.html",
        {"report": report, "run": selectors.latest_run(report)},
    )


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk, write=True)
    try:
        services.submit(actor=request.user, report=report)
    except ApplicationError as exc:
        ctx = _detail_context(request, report)
        ctx["submit_errors"] = exc.field_errors.get("__all__") or [exc.message]
        return render(request, "reports/annual/detail.html", ctx, status=INVALID_STATUS)
    messages.success(request, _("The report has been submitted; its figures are now frozen."))
    return redirect("annual:detail", pk=report.pk)


@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk, write=True)
    try:
        fresh = services.new_version(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("annual:detail", pk=report.pk)
    messages.success(
        request,
        _("Version %(version)s has been made with the narrative copied; generate it.")
        % {"version": fresh.version},
    )
    return redirect("annual:detail", pk=fresh.pk)


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    stored = policy.access(
        request.user,
        ReportFile,
        pk,
        qs=ReportFile.objects.select_related("run__report"),
    )
    return files.file_response(
        stored.name, filename=stored.filename, content_type=CONTENT_TYPES[stored.kind]
    )


# --------------------------------------------------------------------------
# the national report (the ministry)


def _national(year: int) -> tuple[Framework, list[AnnualReport]]:
    framework = get_object_or_404(Framework, year=year)
    reports = list(
        AnnualReport.objects.filter(district__isnull=True, framework=framework).order_by("-version")
    )
    return framework, reports


@require_GET
def national(request: HttpRequest, year: int) -> HttpResponse:
    framework, reports = _national(year)
    report = reports[0] if reports else None
    evaluations = services.evaluations_of(report) if report else []
    return render(
        request,
        "reports/annual/national.html",
        {
            "framework": framework,
            "report": report,
            "run": selectors.latest_run(report) if report else None,
            "runs": selectors.runs_with_files(report) if report else [],
            "rows": [
                (e.district, fmt.score_text(e), fmt.grade_label(e.grade)) for e in evaluations
            ],
            "years": selectors.framework_years(),
        },
    )


@require_POST
def national_generate(request: HttpRequest, year: int) -> HttpResponse:
    framework, reports = _national(year)
    report = reports[0] if reports else None
    if report is None:
        report = services.report_create(actor=request.user, district=None, framework=framework)
    try:
        services.generate_request(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("The national report is being generated."))
    return redirect("annual:national", year=year)
