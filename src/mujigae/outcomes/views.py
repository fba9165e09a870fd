"""Outcome pages (thin: parse, authorize, call a service or selector, render).

Names are masked everywhere here (the full record is the students app's logged
detail page). The ministry sees the dashboard's district aggregates only. A bad
form answers 422, a refused write the service's 4xx (core.forms); nothing is
half-saved."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import charts, policy
from mujigae.core.exports import PERCENT_POINTS, xlsx_response
from mujigae.core.forms import form_page
from mujigae.core.imports import upload_page
from mujigae.core.numbers import percent
from mujigae.core.views import page
from mujigae.outcomes import forms, imports, rates, selectors, services
from mujigae.outcomes.models import (
    FollowUp,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.placements.models import Slot, SlotKind
from mujigae.students.models import Student
from mujigae.students.selectors import importable_schools

FIGURE_LABELS = {
    "graduates": gettext_lazy("Graduates (졸업자)"),
    "further_study": gettext_lazy("Further study (진학자)"),
    "military": gettext_lazy("Military service (입대자)"),
    "excluded": gettext_lazy("Excluded (제외인정자)"),
    "employed": gettext_lazy("Employed (취업자)"),
    "study_while_employed": gettext_lazy("Studying while employed (선취업 후진학)"),
    "employment_rate": gettext_lazy("Employment rate (취업률)"),
    "in_region_rate": gettext_lazy("In-region employment rate"),
    "retention_6": gettext_lazy("Retention 1st (6 months)"),
    "retention_12": gettext_lazy("Retention 2nd (12 months)"),
    "retention_24": gettext_lazy("Retention 24 months"),
    "further_study_rate": gettext_lazy("Further-study rate"),
    "settlement_rate": gettext_lazy("Settlement participation"),
}


def _figure_label(key: str) -> str:
    return str(FIGURE_LABELS[key])


def _columns() -> list[tuple[str, str, bool]]:
    """(key, label, is_rate) in table order."""
    return [(k, _figure_label(k), k in rates.RATES) for k in FIGURE_LABELS]


# --------------------------------------------------------------------------
# dashboard


def _dashboard_scope(request: HttpRequest):
    """(form, district, year, national). The ministry reads every district
    side by side (national roll-up) until it picks one."""
    user = request.user
    districts = selectors.dashboard_districts(user=user)
    national = user.role == policy.MINISTRY
    district = None if national else policy.home_district(user)
    raw = request.GET.get("district")
    if national and raw and raw.isdigit():
        district = districts.filter(pk=raw).first()
        national = district is None
    shown = national or district is not None
    years = selectors.dashboard_years(user=user, district=district) if shown else []
    form = forms.DashboardFilterForm(request.GET or None, districts=districts, years=years)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return form, district, year, national


def _labels(user, national: bool) -> tuple[str, str]:
    """(the name column's header, the total row's label) as the table really is:
    the ministry's roll-up lists districts under their sum (not a national
    figure: that is the reference row); a district's
    table lists schools under the district total, a school's its own school
    under the school's total. The page and the export share them."""
    if national:
        return _("District"), _("Total of all districts")
    if user.role == policy.SCHOOL:
        return _("School"), _("School total")
    return _("School"), _("District total")


def _table(request: HttpRequest, district, year, national):
    if district is None and not national:
        return []
    user = request.user
    per_school = user.role != policy.MINISTRY
    return selectors.dashboard_table(user=user, district=district, year=year, per_school=per_school)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, district, year, national = _dashboard_scope(request)
    rows = _table(request, district, year, national)
    drill = request.user.role in policy.STUDENT_STAFF
    columns = _columns()
    table = [
        {
            "row": r,
            "cells": [
                {
                    "key": k,
                    "value": r.figures.rates[k] if is_rate else r.figures.counts[k],
                    "is_rate": is_rate,
                    "num": r.figures.numerators[k],
                    "den": r.figures.denominators[k],
                    "url": figure_url(k, r.year, r.school.pk if r.school else None)
                    if drill
                    else "",
                }
                for k, _label, is_rate in columns
            ],
        }
        for r in rows
    ]
    part_label, total_label = _labels(request.user, national)
    ctx = {
        **_employment_chart(rows, total_label, part_label),
        "form": form,
        "district": district,
        "national_view": national,
        "part_label": part_label,
        "total_label": total_label,
        "table": table,
        "national_row": [rates.NATIONAL_2024.get(k) for k, _label, _is_rate in columns],
        "columns": columns,
        "drill": drill,
        "national": rates.NATIONAL_2024,
        "query": request.GET.urlencode(),
    }
    return render(request, "outcomes/dashboard.html", ctx)


def _employment_chart(rows: list[selectors.Row], total_label: str, part_label: str) -> dict:
    """The employment rate over the graduation years: one line per school (or
    district), the total, and the national figure (dashed, the published
    reference year) — with the same figures as a table."""
    if not rows:
        return {"chart": None}
    years = sorted({r.year for r in rows})
    series: dict[str, dict[int, float | None]] = {}
    for r in rows:
        name = total_label if r.is_total else r.label
        series.setdefault(name, {})[r.year] = r.figures.rates["employment_rate"]
    parts = [n for n in series if n != total_label]
    if len(parts) == 1:  # a school: its own line is the total
        series.pop(parts[0])
    national_value = rates.NATIONAL_2024["employment_rate"]
    national = _("National (2024 reference)")
    series[national] = dict.fromkeys(years, national_value)
    title = _("Employment rate by graduation year")
    drawing = charts.lines(
        {name: [(y, by_year.get(y)) for y in years] for name, by_year in series.items()},
        title=title,
        unit="%",
        dashed=[national],
    )
    return {
        "chart": charts.svg(drawing, title=title),
        "chart_title": title,
        "chart_headers": [part_label, *[str(y) for y in years]],
        "chart_rows": [
            [name, *[percent(by_year.get(y)) for y in years]] for name, by_year in series.items()
        ],
    }


def _rate_text(value) -> str | float:
    return "—" if value is None else value


@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    form, district, year, national = _dashboard_scope(request)
    rows = _table(request, district, year, national)
    columns = _columns()
    part, total = _labels(request.user, national)
    headers = [_("Graduation year"), part, *[label for _k, label, _r in columns]]
    data = [
        [
            r.year,
            total if r.is_total else r.label,
            *[
                _rate_text(r.figures.rates[k]) if is_rate else r.figures.counts[k]
                for k, _label, is_rate in columns
            ],
        ]
        for r in rows
    ]
    formats = {i + 2: PERCENT_POINTS for i, (_k, _l, is_rate) in enumerate(columns) if is_rate}
    return xlsx_response(_("outcomes") + ".xlsx", _("Outcomes"), headers, data, formats=formats)


@require_GET
def figure_rows(request: HttpRequest) -> HttpResponse:
    key = request.GET.get("figure", "")
    raw_year, raw_school = request.GET.get("year", ""), request.GET.get("school", "")
    if (
        key not in FIGURE_LABELS
        or not raw_year.isdigit()
        or (raw_school and not raw_school.isdigit())
    ):
        messages.error(request, _("Choose a figure on the dashboard."))
        return redirect("outcomes:dashboard")
    school = None
    if raw_school:
        school = importable_schools(user=request.user).filter(pk=raw_school).first()
        if school is None:
            raise Http404
    rows = selectors.figure_rows(
        user=request.user, key=key, year=int(raw_year), school_id=school.pk if school else None
    )
    if key not in rates.RATES:
        rows = [r for r in rows if r.counted]  # a count: the graduates it counts
    ctx = {
        "key": key,
        "label": _figure_label(key),
        "year": int(raw_year),
        "school": school,
        "rows": rows,
        "is_rate": key in rates.RATES,
        "counted": sum(1 for r in rows if r.counted),
        "value": rates.rate(sum(1 for r in rows if r.counted), len(rows))
        if key in rates.RATES
        else sum(1 for r in rows if r.counted),
    }
    return render(request, "outcomes/figure_rows.html", ctx)


# --------------------------------------------------------------------------
# graduates and their outcomes


@require_GET
def graduate_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    years = selectors.student_years(user=user)
    # First visit: the newest school year, shown as chosen in the filter;
    # "All years" (an empty choice) then really lists every year.
    data = (
        request.GET if "school_year" in request.GET else {"school_year": years[0] if years else ""}
    )
    form = forms.GraduateFilterForm(data, years=years)
    year = form.cleaned_data.get("school_year") if form.is_valid() else None
    qs = selectors.graduate_candidates(user=user)
    if year:
        qs = qs.filter(school_year=year)
    qs = qs.order_by("school__name", "class_no", "number")
    return render(
        request,
        "outcomes/graduate_list.html",
        {"form": form, "page_obj": page(request, qs), "year": year},
    )


def _student(request: HttpRequest, pk: int, *, write: bool = False) -> Student:
    return policy.access(
        request.user, Student, pk, write=write, qs=Student.objects.select_related("school")
    )


@require_http_methods(["GET", "POST"])
def student_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    """One graduate's outcomes; POST saves the status on 1 April."""
    user = request.user
    student = _student(request, pk, write=request.method == "POST")
    record = GraduateRecord.objects.filter(
        student=student, graduation_year=services.graduation_year_of(student)
    ).first()
    initial = (
        {"status": record.status, "exclusion_reason": record.exclusion_reason, "note": record.note}
        if record
        else None
    )
    return form_page(
        request,
        forms.GraduateStatusForm(request.POST or None, initial=initial),
        save=lambda data: services.graduate_record_save(actor=user, student=student, **data),
        success=_("The graduate's status was saved."),
        done=_outcomes_url(student.pk),
        template="outcomes/student_outcomes.html",
        context=lambda: {
            "student": student,
            "record": record,
            "graduation_year": services.graduation_year_of(student),
            "hires": student.hires.select_related("company").prefetch_related("follow_ups"),
            "studies": student.further_studies.all(),
            "participations": student.settlement_participations.select_related("programme"),
            "consent": services.has_follow_up_consent(student),
            "can_change": policy.can_change(user, student),
        },
    )


def _outcomes_url(student_pk: int) -> str:
    return reverse("outcomes:student_outcomes", args=[student_pk])


def _form(request: HttpRequest, form, *, save, success: str, done, title: str, **context):
    """A page of outcomes/form.html: one form for a student or a programme."""
    return form_page(
        request,
        form,
        save=save,
        success=success,
        done=done,
        template="outcomes/form.html",
        context={"title": title, **context},
    )


def _hire_form(request: HttpRequest, student: Student, hire: Hire | None = None):
    slots = (
        Slot.objects.filter(district_id=student.district_id, kind=SlotKind.JOB)
        .select_related("company")
        .order_by("company__name", "title")
    )
    initial = None
    if hire is not None:
        initial = {name: getattr(hire, name) for name in services.HIRE_FIELDS}
    elif request.method == "GET" and request.GET.get("slot", "").isdigit():
        # from an accepted job in a matching round: the slot and its company
        slot = slots.filter(pk=request.GET["slot"]).first()
        if slot is not None:
            initial = {"slot": slot, "company": slot.company, "workplace_in_district": True}
    return forms.HireForm(
        request.POST or None,
        initial=initial,
        companies=selectors.district_companies(district_id=student.district_id),
        slots=slots,
    )


@require_http_methods(["GET", "POST"])
def hire_create(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student(request, pk, write=request.method == "POST")
    return _form(
        request,
        _hire_form(request, student),
        save=lambda data: services.hire_record(actor=request.user, student=student, **data),
        success=_("The hire was saved; follow-ups are due 6, 12 and 24 months after its start."),
        done=_outcomes_url(student.pk),
        title=_("Record a hire"),
        student=student,
    )


@require_http_methods(["GET", "POST"])
def hire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hire = policy.access(
        request.user,
        Hire,
        pk,
        write=request.method == "POST",
        qs=Hire.objects.select_related("student__school"),
    )
    return _form(
        request,
        _hire_form(request, hire.student, hire),
        save=lambda data: services.hire_update(actor=request.user, hire=hire, **data),
        success=_("The hire was saved."),
        done=_outcomes_url(hire.student_id),
        title=_("Edit the hire"),
        student=hire.student,
    )


@require_http_methods(["GET", "POST"])
def study_create(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student(request, pk, write=request.method == "POST")
    return _form(
        request,
        forms.FurtherStudyForm(request.POST or None),
        save=lambda data: services.further_study_record(
            actor=request.user, student=student, **data
        ),
        success=_("The further study was saved."),
        done=_outcomes_url(student.pk),
        title=_("Record further study"),
        student=student,
    )


@require_GET
def followup_list(request: HttpRequest) -> HttpResponse:
    done = request.GET.get("show") == "done"
    qs = selectors.follow_ups_due(user=request.user, done=done)
    return render(
        request,
        "outcomes/followup_list.html",
        {"page_obj": page(request, qs), "done": done, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def followup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = policy.access(
        request.user,
        FollowUp,
        pk,
        write=request.method == "POST",
        qs=FollowUp.objects.select_related("hire__student__school", "hire__company"),
    )
    student = follow_up.hire.student
    consent = services.has_follow_up_consent(student)
    initial = {
        "done_on": follow_up.done_on or timezone.localdate(),
        "still_employed": {True: "yes", False: "no"}.get(follow_up.still_employed, ""),
        "still_insured": {True: "yes", False: "no"}.get(follow_up.still_insured, ""),
        "in_district": {True: "yes", False: "no"}.get(follow_up.in_district, ""),
        "note": follow_up.note,
    }
    return form_page(
        request,
        forms.FollowUpForm(request.POST or None, initial=initial),
        save=lambda data: services.follow_up_record(
            actor=request.user, follow_up=follow_up, **data
        ),
        success=_("The follow-up was saved."),
        done="outcomes:followup_list",
        template="outcomes/followup_form.html",
        context={"follow_up": follow_up, "student": student, "consent": consent},
    )


# --------------------------------------------------------------------------
# settlement programmes


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.programme_list(user=request.user)
    return render(
        request,
        "outcomes/programme_list.html",
        {"programmes": qs, "can_create": request.user.role == policy.COORDINATOR},
    )


def _providers(user):
    return policy.actable_organisations(user).order_by("name")


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    return _form(
        request,
        forms.ProgrammeForm(request.POST or None, providers=_providers(user)),
        save=lambda data: services.programme_create(
            actor=user, district=policy.home_district(user), **data
        ),
        success=_("The programme was saved."),
        done=lambda programme: _programme_url(programme.pk),
        title=_("New settlement programme"),
    )


def _programme_url(pk: int) -> str:
    return reverse("outcomes:programme_detail", args=[pk])


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = policy.access(user, SettlementProgramme, pk, write=True)
    form = forms.ProgrammeForm(request.POST or None, instance=programme, providers=_providers(user))
    if user.role != policy.COORDINATOR:
        form.fields["provider"].disabled = True  # a provider cannot hand its programme away
    return _form(
        request,
        form,
        save=lambda data: services.programme_update(
            actor=user, programme=programme, **{k: data[k] for k in services.PROGRAMME_FIELDS}
        ),
        success=_("The programme was saved."),
        done=_programme_url(programme.pk),
        title=_("Edit the programme"),
    )


def _participation_form(request: HttpRequest, programme: SettlementProgramme):
    return forms.ParticipationForm(
        request.POST or None,
        initial={"joined_on": timezone.localdate()},
        students=selectors.participant_candidates(programme=programme),
    )


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = policy.access(
        request.user,
        SettlementProgramme,
        pk,
        qs=SettlementProgramme.objects.select_related("provider"),
    )
    ctx = _programme_context(request, programme)
    ctx["form"] = _participation_form(request, programme)
    return render(request, "outcomes/programme_detail.html", ctx)


def _programme_context(request, programme) -> dict:
    return {
        "programme": programme,
        "participants": selectors.participants(programme=programme),
        "can_change": policy.can_change(request.user, programme),
    }


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = policy.access(request.user, SettlementProgramme, pk, write=request.method == "POST")
    if request.method == "GET":
        return redirect("outcomes:programme_detail", pk=programme.pk)
    return form_page(
        request,
        _participation_form(request, programme),
        save=lambda data: services.participation_add(
            actor=request.user, programme=programme, **data
        ),
        success=_("The graduate was added to the programme."),
        done=_programme_url(programme.pk),
        template="outcomes/programme_detail.html",
        context=lambda: _programme_context(request, programme),
    )


@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participation = policy.access(
        request.user,
        Participation,
        pk,
        write=True,
        qs=Participation.objects.select_related("programme"),
    )
    programme_pk = participation.programme_id
    services.participation_remove(actor=request.user, participation=participation)
    messages.success(request, _("The graduate was removed from the programme."))
    return redirect("outcomes:programme_detail", pk=programme_pk)


# --------------------------------------------------------------------------
# import, and the student's own page


@csrf_exempt  # upload_page checks CSRF once its in-memory upload handler is in place
@require_http_methods(["GET", "POST"])
def graduate_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    schools = importable_schools(user=user)

    def done(saved: int) -> HttpResponse:
        messages.success(request, _("Graduate statuses imported: %(n)s rows saved.") % {"n": saved})
        return redirect("outcomes:graduate_list")

    return upload_page(
        request,
        template="outcomes/import.html",
        form=lambda data, files: forms.ImportForm(data, files, schools=schools),
        land=lambda form, upload: imports.import_outcomes(
            actor=user,
            school=form.cleaned_data["school"],
            name=upload.name,
            content=upload.content,
        ),
        done=done,
    )


@require_GET
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/me.html", selectors.own_outcomes(user=request.user))


def figure_url(key: str, year: int, school_id: int | None) -> str:
    params = {"figure": key, "year": year}
    if school_id:
        params["school"] = school_id
    return reverse("outcomes:figure_rows") + "?" + urlencode(params)
