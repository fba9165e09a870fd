"""Student logins (thin: parse, authorize, call a service or selector, render).

* `student_accounts`: the school's students with their login's state, a
  selection (school year / grade / class) and how many logins it would make.
* `student_accounts_create`: the confirming POST; its response is the
  printable sheet — the only time the codes are shown.
* `student_code_reissue`: a new code for one student (the sheet of one slip,
  or an e-mail).
* `student_activate`: public — username + code → the student's own password.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.accounts import student_selectors as selectors
from mujigae.accounts import student_services as services
from mujigae.accounts.student_forms import (
    ActivationForm,
    CreateForm,
    ReissueForm,
    SelectionForm,
)
from mujigae.core import policy
from mujigae.core.client_ip import client_ip
from mujigae.core.exceptions import ApplicationError
from mujigae.core.forms import INVALID_STATUS, apply_application_error
from mujigae.core.views import page
from mujigae.students.models import Student

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _selection_form(request: HttpRequest, form_class=SelectionForm, data=None):
    user = request.user
    years, classes = selectors.selection_choices(user=user)
    return form_class(
        data, schools=selectors.account_schools(user=user), years=years, classes=classes
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    """Codes must never be kept by a browser's cache or a proxy."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_GET
def student_accounts(request: HttpRequest) -> HttpResponse:
    form = _selection_form(request, data=request.GET or None)
    selection = form.selection() if form.is_bound else {}
    qs = selectors.selected_students(user=request.user, **selection)
    counts = selectors.selection_counts(qs)
    page_obj = page(request, selectors.with_account_state(qs))
    now = timezone.now()
    for s in page_obj:
        s.account_state = selectors.account_state(s, now)
    confirm = _selection_form(request, CreateForm)
    confirm.initial = {k: v for k, v in selection.items() if v is not None}
    ctx = {
        "form": form,
        "confirm_form": confirm,
        "selection": selection,
        "counts": counts,
        "page_obj": page_obj,
    }
    return render(request, "accounts/students/account_list.html", ctx)


def _sheet(request: HttpRequest, result: services.AccountsResult, *, single=None) -> HttpResponse:
    """The printable sheet: one page per class, a cut-out slip per student."""
    on_sheet = sorted(
        result.on_sheet,
        key=lambda i: (
            i.student.school.name,
            i.student.school_year,
            i.student.grade,
            i.student.class_no,
            i.student.number,
        ),
    )
    classes = [
        {
            "school": key[0],
            "school_year": key[1],
            "grade": key[2],
            "class_no": key[3],
            "slips": list(items),
        }
        for key, items in groupby(
            on_sheet,
            key=lambda i: (
                i.student.school.name,
                i.student.school_year,
                i.student.grade,
                i.student.class_no,
            ),
        )
    ]
    ctx = {
        "result": result,
        "classes": classes,
        "mailed": [i for i in result.issued if i.delivery == services.EMAIL],
        "activation_url": services.activation_url(),
        "single": single,
    }
    return _no_store(render(request, "accounts/students/sheet.html", ctx))


@never_cache
@require_http_methods(["GET", "POST"])
def student_accounts_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "GET":
        form = _selection_form(request, CreateForm, None)
        form.initial = _selection_form(request, data=request.GET or None).selection()
        data = {k: v for k, v in form.initial.items() if v is not None}
        qs = selectors.selected_students(user=user, **data)
        return render(
            request,
            "accounts/students/create_confirm.html",
            {"form": form, "counts": selectors.selection_counts(qs)},
        )
    form = _selection_form(request, CreateForm, request.POST)
    status = INVALID_STATUS
    if form.is_valid():
        qs = selectors.selected_students(user=user, **form.selection())
        try:
            result = services.student_accounts_create(
                actor=user, students=qs, ip=client_ip(request)
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
            status = exc.status
        else:
            return _sheet(request, result)
    qs = selectors.selected_students(user=user)
    return render(
        request,
        "accounts/students/create_confirm.html",
        {"form": form, "counts": selectors.selection_counts(qs)},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def student_code_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    student = policy.access(
        request.user, Student, pk, write=True, qs=Student.objects.select_related("school", "user")
    )
    form = ReissueForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = INVALID_STATUS
        if form.is_valid():
            try:
                result = services.activation_code_reissue(
                    actor=request.user, student=student, ip=client_ip(request)
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
                status = exc.status
            else:
                return _sheet(request, result, single=student)
    return render(
        request,
        "accounts/students/reissue_confirm.html",
        {"form": form, "student": student},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def student_activate(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Public: a student's username and code → their own password → logged in."""
    initial = {"code": services.code_display(code)} if code else {}
    if request.method != "POST":
        return render(
            request, "accounts/students/activate.html", {"form": ActivationForm(initial=initial)}
        )
    form = ActivationForm(request.POST)
    username = request.POST.get("username", "")
    address = client_ip(request)
    if services.activation_throttled(username=username, address=address):
        return render(
            request,
            "accounts/students/activation_refused.html",
            {
                "reason": "throttled",
                "message": _(
                    "Too many wrong codes were tried. Wait %(minutes)s minutes and try "
                    "again, or ask your school."
                )
                % {"minutes": services.WINDOW_SECONDS // 60},
            },
            status=429,
        )
    if not form.is_valid():
        return render(
            request, "accounts/students/activate.html", {"form": form}, status=INVALID_STATUS
        )
    data = form.cleaned_data
    try:
        user = services.student_account_activate(
            username=data["username"], code=data["code"], password=data["password1"]
        )
    except services.ActivationRefused as exc:
        if exc.reason == "wrong":
            services.activation_failed(username=username, address=address)
        return render(
            request,
            "accounts/students/activation_refused.html",
            {"reason": exc.reason, "message": exc.message},
            status=exc.status,
        )
    except ApplicationError as exc:
        apply_application_error(form, exc)
        return render(request, "accounts/students/activate.html", {"form": form}, status=exc.status)
    login(request, user, backend=BACKEND)
    messages.success(request, _("Your login is ready. Welcome to mujigae."))
    return redirect("home")
