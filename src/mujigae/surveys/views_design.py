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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import INVALID_STATUS, form_page, form_status, submit
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

    def create(data: dict) -> Survey:
        if data["template"]:
            return survey_from_template(
                actor=request.user,
                district=district,
                key=data["template"],
                title=data["title"].strip(),
                year=data["year"],
            )
        return services.survey_create(
            actor=request.user,
            district=district,
            title=data["title"].strip(),
            year=data["year"],
            kind=data["kind"] or "other",
        )

    return form_page(
        request,
        forms.SurveyCreateForm(request.POST or None),
        save=create,
        success=_("The draft survey was created."),
        done=_detail_url,
        template="surveys/design/survey_create.html",
    )


def _detail_url(survey: Survey) -> str:
    return reverse("surveys:survey_detail", args=[survey.pk])


# ---------------------------------------------------------------- builder
def _detail_context(survey: Survey, *, error: str = "") -> dict:
    return {
        "survey": survey,
        "sections": selectors.sections_with_questions(survey),
        "answered": selectors.answered_question_ids(survey),
        "has_answers": services.has_answers(survey),
        "section_form": forms.SectionForm(),
        "counts": selectors.tracker_counts(survey),
        **_countdown(survey),
        "status_error": error,
    }


def _render_detail(request: HttpRequest, survey: Survey, *, error: str = "", status: int = 200):
    return render(
        request,
        "surveys/design/survey_detail.html",
        _detail_context(survey, error=error),
        status=status,
    )


@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _survey(request, pk))


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return form_page(
        request,
        forms.SurveySettingsForm(request.POST or None, instance=survey),
        save=lambda data: services.survey_update(actor=request.user, survey=survey, **data),
        success=_("The survey was saved."),
        done=_detail_url(survey),
        template="surveys/design/survey_edit.html",
        context={"survey": survey},
    )


@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A refused section re-renders the builder with what was typed and the error."""
    survey = _survey(request, pk)
    return form_page(
        request,
        forms.SectionForm(request.POST),
        save=lambda data: services.section_add(actor=request.user, survey=survey, **data),
        success=_("The section was added."),
        done=_detail_url(survey),
        template="surveys/design/survey_detail.html",
        context=lambda: _detail_context(survey),
        form_name="section_form",
    )


@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if not survey.sections.exists():
        messages.error(request, _("Add a section first."))
        return redirect("surveys:survey_detail", survey.pk)
    initial = {}
    if request.GET.get("section", "").isdigit():
        initial["section"] = int(request.GET["section"])
    return form_page(
        request,
        forms.QuestionForm(request.POST or None, survey=survey, initial=initial),
        save=lambda data: services.question_add(actor=request.user, survey=survey, **data),
        success=_("The question was added."),
        done=_detail_url(survey),
        template="surveys/design/question_form.html",
        context={"survey": survey, "question": None},
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

    def save(data: dict):
        if answered:  # disabled fields: never sent as a change
            data = {k: v for k, v in data.items() if k not in ("code", "kind")}
        return services.question_update(actor=request.user, question=question, **data)

    return form_page(
        request,
        form,
        save=save,
        success=_("The question was saved."),
        done=_detail_url(survey),
        template="surveys/design/question_form.html",
        context={"survey": survey, "question": question, "answered": answered},
    )


@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey, question = _question(request, pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except ApplicationError as exc:  # the builder again, the refusal on top, its status
        return _render_detail(request, survey, error=exc.message, status=exc.status)
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
        return _render_detail(
            request, survey, error=_("Choose a valid status."), status=INVALID_STATUS
        )
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

    def send(data: dict) -> str:
        """Invite and mail the matching companies; the message to show."""
        orgs = list(services_send.recipients(district=survey.district, **form.filters()))
        if not orgs:
            raise ApplicationError(_("No company matches these filters."))
        # inline for a few companies, a background task for many
        created, counts = services_send.survey_send(
            actor=request.user,
            survey=survey,
            organisations=orgs,
            base_url=request.build_absolute_uri("/"),
            resend=data["resend"],
        )
        if counts is None:
            return _(
                "%(new)s new invitations. The emails to %(n)s companies are being "
                "sent in the background: this tracker shows them as they go out."
            ) % {"new": created, "n": len(orgs)}
        return _(
            "%(new)s new invitations; %(sent)s emails sent, %(skipped)s already "
            "sent or submitted, %(no_email)s without an email address "
            "(print their letters), %(failed)s failed."
        ) % {"new": created, **counts}

    # One form: "Count companies" (name=count) only counts what the filters
    # reach; the other button sends.
    counting = "count" in request.POST
    n_matching = None
    if form.is_bound and form.is_valid():  # the filters as chosen: how many they reach
        n_matching = services_send.recipients(district=survey.district, **form.filters()).count()
    if not counting and submit(request, form, send, success=lambda message: message):
        return redirect("surveys:survey_tracker", survey.pk)
    return render(
        request,
        "surveys/design/survey_send.html",
        {
            "survey": survey,
            "form": form,
            "n_matching": n_matching,
            "counts": selectors.tracker_counts(survey),
        },
        status=form_status(form),
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
