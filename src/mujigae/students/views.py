"""Student pages (thin: parse, authorize, call a service or selector, render).

Personal data: lists and list exports are masked; the detail page asks for a
purpose first and logs every view; export and erasure of one person are the
coordinator's. A bad form answers 422 (core.forms), a refused import its own 4xx."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import INVALID_STATUS, form_page, form_status, submit
from mujigae.core.imports import Upload, upload_page
from mujigae.core.views import page
from mujigae.curriculum.models import Module
from mujigae.students import forms, imports, review, selectors, services
from mujigae.students.masking import mask_birth_date, mask_name, mask_phone
from mujigae.students.models import AccessLog, AccessPurpose, Consent, Student


def _filters(request: HttpRequest) -> tuple[forms.StudentFilterForm, dict]:
    """The list's filters. A name search (`q`) only ever comes by POST: in a
    URL it would land in the web server's and the proxy's logs and outlive an
    erasure. A `q` in a query string is ignored."""
    user = request.user
    schools = None
    if user.role == policy.COORDINATOR:
        schools = selectors.importable_schools(user=user)
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET.copy()
        data.pop("q", None)
    form = forms.StudentFilterForm(
        data or None,
        years=selectors.student_years(user=user),
        majors=selectors.student_majors(user=user),
        schools=schools,
    )
    params = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in params.items() if v}


def _carried(params: dict) -> list[tuple[str, object]]:
    """The filters as hidden fields of a POST form (never a query string)."""
    return [(k, v) for k, v in params.items() if k in forms.FILTER_FIELDS]


@require_http_methods(["GET", "POST"])
def student_list(request: HttpRequest) -> HttpResponse:
    """The masked list. GET filters by school, year, grade and department; a
    search by name is a POST (its results page has no URL of its own)."""
    form, params = _filters(request)
    qs = selectors.student_list(user=request.user, **params)
    if request.method == "POST":
        page_obj = Paginator(qs, settings.MUJIGAE_PAGE_SIZE).get_page(request.POST.get("page"))
    else:
        page_obj = page(request, qs)
    ctx = {
        "form": form,
        "page_obj": page_obj,
        "total": page_obj.paginator.count,
        "carried": _carried(params),
        "searched": request.method == "POST",
    }
    return render(request, "students/student_list.html", ctx)


def _download_page(
    request: HttpRequest, *, title: str, explain: str, carried, status: int = 200, form=None
) -> HttpResponse:
    return render(
        request,
        "students/download_reason.html",
        {
            "form": form or forms.PurposeForm(),
            "title": title,
            "explain": explain,
            "carried": carried,
        },
        status=status,
    )


def download_with_reason(
    request: HttpRequest,
    *,
    students,
    respond: Callable[[], HttpResponse],
    title: str,
    explain: str,
    carried=(),
) -> HttpResponse:
    """A download of people's data (제8조: its reason is asked and recorded).

    GET, or a POST with `step=ask` (a button on a list): the reason page,
    carrying `carried` (field, value) pairs as hidden fields. POST with a
    purpose: one "download" row per person in `students` (a queryset), then
    `respond()`. Used by the students list export and other apps' exports of
    students' rows (rounds)."""
    if request.method != "POST" or request.POST.get("step") == "ask":
        return _download_page(request, title=title, explain=explain, carried=carried)
    form = forms.PurposeForm(request.POST)
    if not form.is_valid():
        return _download_page(
            request,
            title=title,
            explain=explain,
            carried=carried,
            status=INVALID_STATUS,
            form=form,
        )
    services.personal_data_access_record(
        request_or_actor=request,
        students=students,
        action="download",
        purpose=form.cleaned_data["purpose"],
        note=form.cleaned_data["note"],
    )
    return respond()


@require_http_methods(["GET", "POST"])
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

    def respond() -> HttpResponse:
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

    return download_with_reason(
        request,
        students=qs,
        respond=respond,
        title=_("Download the list of students"),
        explain=_(
            "The file holds the students of this list, masked (%(n)s people). Every "
            "download of personal data is recorded with its reason, one line per person."
        )
        % {"n": qs.count()},
        carried=_carried(params),
    )


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
            request=request,
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


# --- one person's record: a purpose first, every view logged ----------------
#
# The purpose is POSTed (a note in a URL would land in the web server's log).
# Once given, the session holds a *grant*: the id of that access-log row, for
# MUJIGAE_PURPOSE_GRANT_MINUTES, so coming back to the record (after an edit,
# a consent) does not ask again; each view is still logged, with that
# purpose. The grant holds no personal data and dies with an erasure (the row
# loses its student).

GRANT_KEY = "students_purpose_grants"


def _grant_give(request: HttpRequest, log: AccessLog) -> None:
    now = time.time()
    grants = {
        k: v
        for k, v in (request.session.get(GRANT_KEY) or {}).items()
        if isinstance(v, list) and len(v) == 2 and v[1] > now
    }
    grants[str(log.student_id)] = [log.pk, now + settings.MUJIGAE_PURPOSE_GRANT_MINUTES * 60]
    request.session[GRANT_KEY] = dict(sorted(grants.items(), key=lambda kv: kv[1][1])[-20:])


def _grant(request: HttpRequest, student: Student) -> AccessLog | None:
    """The access-log row whose purpose still covers `student` for this user."""
    entry = (request.session.get(GRANT_KEY) or {}).get(str(student.pk))
    if not (isinstance(entry, list) and len(entry) == 2 and entry[1] > time.time()):
        return None
    return AccessLog.objects.filter(pk=entry[0], student=student, who=request.user).first()


def _record(
    request: HttpRequest, student: Student, action: str, purpose: str, note: str
) -> AccessLog:
    return services.personal_data_access_record(
        request_or_actor=request, students=student, action=action, purpose=purpose, note=note
    )[0]


def _purpose_page(
    request: HttpRequest, student: Student, action: str, form=None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "students/purpose.html",
        {"form": form or forms.PurposeForm(), "student": student, "action": action},
        status=status,
    )


def _purpose_given(request: HttpRequest, student: Student, action: str, posted: bool):
    """(log row, None) once a purpose covers this view (a valid POSTed purpose
    or a grant; the view is logged), else (None, the purpose page)."""
    if posted:
        form = forms.PurposeForm(request.POST)
        if not form.is_valid():
            return None, _purpose_page(request, student, action, form, INVALID_STATUS)
        log = _record(
            request, student, "view", form.cleaned_data["purpose"], form.cleaned_data["note"]
        )
        _grant_give(request, log)
        return log, None
    grant = _grant(request, student)
    if grant is None:
        return None, _purpose_page(request, student, action)
    return _record(request, student, "view", grant.purpose, grant.purpose_note), None


@require_http_methods(["GET", "POST"])
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    student = selectors.student_detail(user=user, pk=pk)
    # a POST is the purpose step; a GET is covered by a grant or asks
    log, ask = _purpose_given(request, student, "view", request.method == "POST")
    if ask is not None:
        return ask
    ctx = {
        "student": student,
        "modules": student.completed_modules.select_related("programme"),
        "units": student.competency_units(),
        "consents": student.consents.all(),
        "consent_form": forms.ConsentForm(initial={"given_at": timezone.localdate()}),
        "can_change": policy.can_change(user, student),
        "recent_log": selectors.access_log_for(user=user, student=student)[:5],
        "purpose": log,
    }
    return render(request, "students/student_detail.html", ctx)


def _detail_url(student: Student) -> str:
    # Back to the detail page: the purpose given before still covers it (grant).
    return reverse("students:student_detail", args=[student.pk])


def _student_for_change(request: HttpRequest, pk: int) -> Student:
    return policy.access(
        request.user, Student, pk, write=True, qs=Student.objects.select_related("school")
    )


@require_http_methods(["GET", "POST"])
def student_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The edit form shows the whole record: it asks the purpose (or uses the
    grant) and logs a view; a save is logged as a change."""
    student = _student_for_change(request, pk)
    saving = request.method == "POST" and request.POST.get("step") != "purpose"
    if saving:
        grant = _grant(request, student)
        if grant is None:
            form = forms.PurposeForm(request.POST)
            form.is_valid()
            return _purpose_page(request, student, "edit", form, INVALID_STATUS)
    else:
        grant, ask = _purpose_given(request, student, "edit", request.method == "POST")
        if ask is not None:
            return ask
    modules = (
        policy.visible(request.user, Module)
        .filter(programme__district_id=student.district_id)
        .select_related("programme")
        .order_by("programme__name", "order")
    )

    @transaction.atomic
    def save(data: dict) -> Student:
        saved = services.student_update(actor=request.user, student=student, **data)
        _record(request, student, "change", grant.purpose, grant.purpose_note)
        return saved

    if not saving:  # the purpose step (or a GET under a grant): the form, filled in
        form = forms.StudentForm(instance=student, modules=modules)
        return render(request, "students/student_form.html", {"form": form, "student": student})
    return form_page(
        request,
        forms.StudentForm(request.POST, instance=student, modules=modules),
        save=save,
        success=_("The student was saved."),
        done=_detail_url(student),
        template="students/student_form.html",
        context={"student": student},
    )


def _purpose_of(request: HttpRequest, student: Student) -> tuple[str, str]:
    grant = _grant(request, student)
    return (grant.purpose, grant.purpose_note) if grant else (AccessPurpose.RECORDS, "")


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student_for_change(request, pk)

    @transaction.atomic
    def save(data: dict) -> Consent:
        consent = services.consent_record(actor=request.user, student=student, **data)
        _record(request, student, "input", *_purpose_of(request, student))
        return consent

    return form_page(
        request,
        forms.ConsentForm(
            request.POST or None, initial={"given_at": timezone.localdate(), "version": "2025-1"}
        ),
        save=save,
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
    with transaction.atomic():
        services.consent_withdraw(actor=request.user, consent=consent)
        _record(request, consent.student, "change", *_purpose_of(request, consent.student))
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
            actor=user,
            student=student,
            purpose=data["purpose"],
            note=data["note"],
            ip=services.client_ip(request),
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
            actor=user, student=student, reason=data["reason"], ip=services.client_ip(request)
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


# --- the monthly review of the access log (coordinators, their district) -------


@require_http_methods(["GET", "POST"])
def access_review(request: HttpRequest) -> HttpResponse:
    """The month's unusual access (docs/access-log.md), each to confirm; the
    month is reviewed once all are. `?month=2025-09` picks the month."""
    user = request.user
    district_id = user.district_id
    today = timezone.localdate()
    month = review.parse_month(request.POST.get("month") or request.GET.get("month"))
    if month is None or month > today:
        month = review.month_start(today)
    form = forms.ReviewConfirmForm()
    status = 200
    here = reverse("students:access_review") + f"?month={month:%Y-%m}"
    if request.method == "POST":
        if request.POST.get("action") == "close":
            try:
                review.review_month_close(actor=user, district_id=district_id, month=month)
            except ApplicationError as exc:
                messages.error(request, exc.message)
                status = exc.status
            else:
                messages.success(request, _("The month is marked reviewed."))
                return redirect(here)
        else:
            form = forms.ReviewConfirmForm(request.POST)
            saved = submit(
                request,
                form,
                lambda data: review.review_confirm(
                    actor=user, district_id=district_id, month=month, **data
                ),
                _("Confirmed."),
            )
            if saved:
                return redirect(here)
            status = form_status(form)
    items = review.unusual_access(district_id=district_id, month=month)
    for item in items:
        item.rows = list(review.item_rows(district_id=district_id, item=item, limit=50))
    months = [
        review.month_status(district_id=district_id, month=m)
        if m != month
        else review.month_status(district_id=district_id, month=m, items=items)
        for m in review.recent_months(today=today)
    ]
    current = next((m for m in months if m.month == month), None) or review.month_status(
        district_id=district_id, month=month, items=items
    )
    ctx = {
        "month": month,
        "items": items,
        "months": months,
        "status": current,
        "form": form,
        "failed": (form.data.get("kind"), form.data.get("batch")) if form.is_bound else None,
        "settings": {
            "people": settings.MUJIGAE_REVIEW_BURST_PEOPLE,
            "minutes": settings.MUJIGAE_REVIEW_BURST_MINUTES,
            "start": settings.MUJIGAE_WORK_HOURS_START,
            "end": settings.MUJIGAE_WORK_HOURS_END,
        },
    }
    return render(request, "students/access_review.html", ctx, status=status)
