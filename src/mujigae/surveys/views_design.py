"""Survey design and sending pages: list, builder, preview, open/close, send,
letters, tracker. Thin: parse, authorize through the policy, call a service or
selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import apply_application_error
from mujigae.core.views import page
from mujigae.surveys import forms_design as forms
from mujigae.surveys import selectors_design as selectors
from mujigae.surveys import services_design as services
from mujigae.surveys import services_send
from mujigae.surveys.models import Invitation, Question, Survey
from mujigae.surveys.templates_data import survey_from_template

ANSWER_FORM_TEMPLATE = "surveys/answer/_form.html"


def _survey(request: HttpRequest, pk: int) -> Survey:
    """A survey the user may design: 404 outside their district, 403 if they may not change it."""
    return policy.access(request.user, Survey, pk, write=True)


def _countdown(survey: Survey) -> dict:
    days = selectors.days_left(survey)
    return {"days_left": days, "days_overdue": -days if days is not None and days < 0 else 0}


def _link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(selectors.answer_path(token))


# ------------------------------------------------------------------- list
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.survey_list(user=request.user)
    return render(request, "surveys/design/survey_list.html", {"page_obj": page(request, qs)})


@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    if not policy.can_create_in(request.user, district):
        raise PermissionDenied
    form = forms.SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["template"]:
                survey = survey_from_template(
                    actor=request.user,
                    district=district,
                    key=data["template"],
                    title=data["title"].strip(),
                    year=data["year"],
                )
            else:
                survey = services.survey_create(
                    actor=request.user,
                    district=district,
                    title=data["title"].strip(),
                    year=data["year"],
                    kind=data["kind"] or "other",
                )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The draft survey was created."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(request, "surveys/design/survey_create.html", {"form": form})


# ---------------------------------------------------------------- builder
def _render_detail(request: HttpRequest, survey: Survey, *, error: str = "", status: int = 200):
    return render(
        request,
        "surveys/design/survey_detail.html",
        {
            "survey": survey,
            "sections": selectors.sections_with_questions(survey),
            "answered": selectors.answered_question_ids(survey),
            "has_answers": services.has_answers(survey),
            "section_form": forms.SectionForm(),
            "counts": selectors.tracker_counts(survey),
            **_countdown(survey),
            "status_error": error,
        },
        status=status,
    )


@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _survey(request, pk))


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.SurveySettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(request, "surveys/design/survey_edit.html", {"form": form, "survey": survey})


@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_add(actor=request.user, survey=survey, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The section was added."))
    else:
        messages.error(request, _("Enter the title of the section."))
    return redirect("surveys:survey_detail", survey.pk)


@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if not survey.sections.exists():
        messages.error(request, _("Add a section first."))
        return redirect("surveys:survey_detail", survey.pk)
    initial = {}
    if request.GET.get("section", "").isdigit():
        initial["section"] = int(request.GET["section"])
    form = forms.QuestionForm(request.POST or None, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=request.user, survey=survey, **form.cleaned_data)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(
        request,
        "surveys/design/question_form.html",
        {"form": form, "survey": survey, "question": None},
        status=422 if form.is_bound and form.errors else 200,
    )


def _question(request: HttpRequest, pk: int) -> tuple[Survey, Question]:
    """A question the user may design (its survey's district decides)."""
    question = policy.access(
        request.user, Question, pk, write=True, qs=Question.objects.select_related("survey")
    )
    return question.survey, question


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey, question = _question(request, pk)
    answered = question.pk in selectors.answered_question_ids(survey)
    form = forms.QuestionForm(
        request.POST or None, survey=survey, question=question, answered=answered
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if answered:  # disabled fields: never sent as a change
            data.pop("code", None)
            data.pop("kind", None)
        try:
            services.question_update(actor=request.user, question=question, **data)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(
        request,
        "surveys/design/question_form.html",
        {"form": form, "survey": survey, "question": question, "answered": answered},
        status=422 if form.is_bound and form.errors else 200,
    )


@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey, question = _question(request, pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The question was deleted."))
    return redirect("surveys:survey_detail", survey.pk)


# ---------------------------------------------------------------- preview
@require_GET
def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        get_template(ANSWER_FORM_TEMPLATE)
        has_renderer = True
    except TemplateDoesNotExist:
        has_renderer = False
    return render(
        request,
        "surveys/design/survey_preview.html",
        {
            "survey": survey,
            "sections": selectors.sections_with_questions(survey),
            "values": {},
            "errors": {},
            "preview": True,
            "has_renderer": has_renderer,
            "answer_form_template": ANSWER_FORM_TEMPLATE,
        },
    )


# ----------------------------------------------------------------- status
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    status = request.POST.get("status", "")
    if status not in Survey.Status.values:
        messages.error(request, _("Choose a valid status."))
        return redirect("surveys:survey_detail", survey.pk)
    try:
        services.survey_set_status(actor=request.user, survey=survey, status=status)
    except ApplicationError as exc:
        return _render_detail(request, survey, error=exc.message, status=exc.status)
    messages.success(request, _("The survey is now %(status)s.") % {"status": _label(status)})
    return redirect("surveys:survey_detail", survey.pk)


def _label(status: str) -> str:
    return str(Survey.Status(status).label)


# ------------------------------------------------------------------- send
@require_http_methods(["GET", "POST"])
def survey_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.SendForm(request.POST or request.GET or None, district=survey.district)
    orgs = None
    if form.is_bound and form.is_valid():
        orgs = services_send.recipients(district=survey.district, **form.filters())
    if request.method == "POST" and orgs is not None:
        orgs = list(orgs)
        if not orgs:
            form.add_error(None, _("No company matches these filters."))
        else:
            try:
                # inline for a few companies, a background task for many
                created, counts = services_send.survey_send(
                    actor=request.user,
                    survey=survey,
                    organisations=orgs,
                    base_url=request.build_absolute_uri("/"),
                    resend=form.cleaned_data["resend"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                if counts is None:
                    messages.success(
                        request,
                        _(
                            "%(new)s new invitations. The emails to %(n)s companies are being "
                            "sent in the background: this tracker shows them as they go out."
                        )
                        % {"new": created, "n": len(orgs)},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "%(new)s new invitations; %(sent)s emails sent, %(skipped)s already "
                            "sent or submitted, %(no_email)s without an email address "
                            "(print their letters), %(failed)s failed."
                        )
                        % {"new": created, **counts},
                    )
                return redirect("surveys:survey_tracker", survey.pk)
    return render(
        request,
        "surveys/design/survey_send.html",
        {
            "survey": survey,
            "form": form,
            "n_matching": None if orgs is None else len(orgs),
            "counts": selectors.tracker_counts(survey),
        },
        status=(422 if request.method == "POST" and form.errors else 200),
    )


# ---------------------------------------------------------------- letters
@require_GET
def survey_letters(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    invitations = selectors.tracker(survey=survey).exclude(status=Invitation.Status.SUBMITTED)
    if request.GET.get("only") == "no_email":  # the companies email cannot reach
        invitations = invitations.filter(email="")
    letters = [(inv, _link(request, inv.token)) for inv in invitations]
    return render(
        request,
        "surveys/design/survey_letters.html",
        {"survey": survey, "letters": letters, "today": timezone.localdate()},
    )


# ---------------------------------------------------------------- tracker
def _tracker_rows(request: HttpRequest, survey: Survey):
    form = forms.TrackerFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    return form, selectors.tracker(survey=survey, status=status or None)


@require_GET
def survey_tracker(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form, qs = _tracker_rows(request, survey)
    return render(
        request,
        "surveys/design/survey_tracker.html",
        {
            "survey": survey,
            "form": form,
            "page_obj": page(request, qs, per_page=100),
            "counts": selectors.tracker_counts(survey),
            **_countdown(survey),
        },
    )


@require_GET
def survey_tracker_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    _form, qs = _tracker_rows(request, survey)
    headers = [
        _("Company"),
        _("Email"),
        _("Status"),
        _("Sent"),
        _("Opened"),
        _("Started"),
        _("Submitted"),
        _("Reminders sent"),
        _("Last reminder"),
    ]
    rows = (
        (
            inv.organisation.name,
            inv.email,
            inv.get_status_display(),
            inv.sent_at,
            inv.opened_at,
            inv.started_at,
            inv.submitted_at,
            inv.reminders_sent,
            inv.last_reminded_at,
        )
        for inv in qs.iterator()
    )
    name = _("tracker")
    return xlsx_response(f"{survey.title} — {name}.xlsx", _("Tracker"), headers, rows)
