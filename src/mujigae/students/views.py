"""Student pages (thin: parse, authorize, call a service or selector, render).

Personal data: lists and list exports are masked; the detail page asks for a
purpose first and logs every view; export and erasure of one person are the
coordinator's. A bad form answers 422 (core.forms), a refused import its own 4xx."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import INVALID_STATUS, form_page
from mujigae.core.imports import Upload, upload_page
from mujigae.core.views import page
from mujigae.curriculum.models import Module
from mujigae.students import forms, imports, selectors, services
from mujigae.students.masking import mask_birth_date, mask_name, mask_phone
from mujigae.students.models import Consent, Student


def _filters(request: HttpRequest) -> tuple[forms.StudentFilterForm, dict]:
    user = request.user
    schools = None
    if user.role == policy.COORDINATOR:
        schools = selectors.importable_schools(user=user)
    form = forms.StudentFilterForm(
        request.GET or None,
        years=selectors.student_years(user=user),
        majors=selectors.student_majors(user=user),
        schools=schools,
    )
    params = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in params.items() if v}


@require_GET
def student_list(request: HttpRequest) -> HttpResponse:
    form, params = _filters(request)
    qs = selectors.student_list(user=request.user, **params)
    ctx = {"form": form, "page_obj": page(request, qs), "total": qs.count()}
    return render(request, "students/student_list.html", ctx)


@require_GET
def student_list_export(request: HttpRequest) -> HttpResponse:
    _form, params = _filters(request)
    qs = selectors.student_list(user=request.user, **params)
    headers = [
        _("School"),
        _("School year"),
        _("Grade"),
        _("Class"),
        _("Number"),
        _("Name"),
        _("Year of birth"),
        _("Department"),
        _("Phone"),
        _("Sample data"),
    ]
    rows = (
        [
            s.school.name,
            s.school_year,
            s.grade,
            s.class_no,
            s.number,
            mask_name(s.name),
            mask_birth_date(s.birth_date),
            s.major,
            mask_phone(s.phone),
            _("sample") if s.is_sample else "",
        ]
        for s in qs.iterator(chunk_size=500)
    )
    return xlsx_response(_("students") + ".xlsx", _("Students"), headers, rows)


TEMPLATE_HEADERS = ["학년", "반", "번호", "성명", "생년월일", "학과", "연락처", "이메일"]


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty class list with the columns the import reads (NEIS exports work as they are)."""
    return xlsx_response(_("class list") + ".xlsx", _("Class list"), TEMPLATE_HEADERS, [])


@csrf_exempt  # upload_page checks CSRF once its in-memory upload handler is in place
@require_http_methods(["GET", "POST"])
def student_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    schools = selectors.importable_schools(user=user)

    def land(form: forms.StudentImportForm, upload: Upload) -> imports.ImportResult:
        return imports.import_students(
            actor=user,
            school=form.cleaned_data["school"],
            school_year=form.cleaned_data["school_year"],
            name=upload.name,
            content=upload.content,
        )

    def done(result: imports.ImportResult) -> HttpResponse:
        messages.success(
            request,
            _("Students imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("students:student_list")

    return upload_page(
        request,
        template="students/student_import.html",
        form=lambda data, files: forms.StudentImportForm(data, files, schools=schools),
        land=land,
        done=done,
    )


@require_GET
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    student = selectors.student_detail(user=user, pk=pk)
    form = forms.PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_valid():
        status = INVALID_STATUS if form.is_bound else 200
        return render(
            request,
            "students/purpose.html",
            {"form": form, "student": student, "action": "view"},
            status=status,
        )
    services.access_log_record(
        actor=user,
        student=student,
        action="view",
        purpose=form.cleaned_data["purpose"],
        note=form.cleaned_data["note"],
    )
    ctx = {
        "student": student,
        "modules": student.completed_modules.select_related("programme"),
        "units": student.competency_units(),
        "consents": student.consents.all(),
        "consent_form": forms.ConsentForm(initial={"given_at": timezone.localdate()}),
        "can_change": policy.can_change(user, student),
        "recent_log": selectors.access_log_for(user=user, student=student)[:5],
    }
    return render(request, "students/student_detail.html", ctx)


def _detail_url(student: Student) -> str:
    # Back to the detail page, logged as a correction of the record.
    return (
        reverse("students:student_detail", args=[student.pk])
        + "?"
        + urlencode({"purpose": "records"})
    )


def _student_for_change(request: HttpRequest, pk: int) -> Student:
    return policy.access(
        request.user, Student, pk, write=True, qs=Student.objects.select_related("school")
    )


@require_http_methods(["GET", "POST"])
def student_edit(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student_for_change(request, pk)
    modules = (
        policy.visible(request.user, Module)
        .filter(programme__district_id=student.district_id)
        .select_related("programme")
        .order_by("programme__name", "order")
    )
    return form_page(
        request,
        forms.StudentForm(request.POST or None, instance=student, modules=modules),
        save=lambda data: services.student_update(actor=request.user, student=student, **data),
        success=_("The student was saved."),
        done=_detail_url(student),
        template="students/student_form.html",
        context={"student": student},
    )


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student_for_change(request, pk)
    return form_page(
        request,
        forms.ConsentForm(
            request.POST or None, initial={"given_at": timezone.localdate(), "version": "2025-1"}
        ),
        save=lambda data: services.consent_record(actor=request.user, student=student, **data),
        success=_("The consent was recorded."),
        done=_detail_url(student),
        template="students/consent_form.html",
        context={"student": student},
    )


@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = policy.access(
        request.user, Consent, pk, write=True, qs=Consent.objects.select_related("student")
    )
    services.consent_withdraw(actor=request.user, consent=consent)
    messages.success(request, _("The consent was withdrawn."))
    return redirect(_detail_url(consent.student))


@require_GET
def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    student = selectors.student_detail(user=request.user, pk=pk)
    qs = selectors.access_log_for(user=request.user, student=student)
    return render(
        request, "students/access_log.html", {"student": student, "page_obj": page(request, qs)}
    )


@require_http_methods(["GET", "POST"])
def student_export(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    student = policy.access(user, Student, pk, write=True)

    def download(data: dict) -> HttpResponse:
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"student-{student.pk}-{timezone.localdate():%Y%m%d}.json"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
        )
        return response

    return form_page(
        request,
        forms.PurposeForm(request.POST or None, initial={"purpose": "subject_request"}),
        save=lambda data: services.student_export(
            actor=user, student=student, purpose=data["purpose"], note=data["note"]
        ),
        success=None,
        done=download,
        template="students/purpose.html",
        context={"student": student, "action": "export"},
    )


@require_http_methods(["GET", "POST"])
def student_erase(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    student = policy.access(
        user, Student, pk, write=True, qs=Student.objects.select_related("school")
    )

    def context() -> dict:
        counts = {
            "consents": student.consents.count(),
            "access_log": student.access_logs.count(),
            "modules": student.completed_modules.count(),
        }
        return {"student": student, "counts": counts}

    return form_page(
        request,
        forms.EraseForm(request.POST or None),
        save=lambda data: services.student_erase(
            actor=user, student=student, reason=data["reason"]
        ),
        success=_("The student's data was erased. A record without personal data was kept."),
        done="students:student_list",
        template="students/erase_confirm.html",
        context=context,
    )


@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    rows = selectors.student_counts(user=request.user)
    total = sum(r["n"] for r in rows)
    return render(request, "students/summary.html", {"rows": rows, "total": total})


@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    """A student's own record and who looked at it. Reading one's own data is
    not logged (the log is about others reading it). POST withdraws one of the
    student's own consents."""
    user = request.user
    if request.method == "POST":
        raw = request.POST.get("consent", "")
        if not raw.isdigit():
            messages.error(request, _("Choose the consent to withdraw."))
            return _me_page(request, status=INVALID_STATUS)
        consent = policy.access(user, Consent, int(raw))  # the student's own only: else 404
        services.consent_withdraw(actor=user, consent=consent)
        messages.success(request, _("The consent was withdrawn."))
        return redirect("students:me")
    return _me_page(request)


def _me_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    student = policy.visible(request.user, Student).select_related("school").first()
    ctx: dict = {"student": student}
    if student is not None:
        ctx["consents"] = student.consents.all()
        ctx["modules"] = student.completed_modules.select_related("programme")
        ctx["units"] = student.competency_units()
        ctx["log"] = selectors.access_log_for(user=request.user, student=student)[:200]
    return render(request, "students/me.html", ctx, status=status)
