"""A company answers a survey through its personal link (/s/<token>/…), or
signed in from its home page (/surveys/<pk>/answer/, `answer_signed_in`).

Through the link no account is needed: the token is the key. Thin views: parse, call the service, render.
Every page carries `X-Robots-Tag: noindex` and `Referrer-Policy: same-origin`
(the token is in the URL) and is never cached."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.surveys import access, selectors_design
from mujigae.surveys import services_answer as services
from mujigae.surveys.answers import Checked, QuestionSpec
from mujigae.surveys.forms_answer import MAX_BYTES, MAX_FIELDS, data_from_post, saved_values
from mujigae.surveys.models import Invitation, Question, Response, Survey
from mujigae.surveys.templatetags.survey_answer import first_input_id


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _render(request: HttpRequest, template: str, ctx: dict, status: int = 200) -> HttpResponse:
    return _private(render(request, template, ctx, status=status))


def _invalid(request: HttpRequest) -> HttpResponse:
    """Unknown or tampered token: says nothing about any survey or company."""
    return _render(
        request,
        "surveys/answer/notice.html",
        {
            "heading": _("This link is not valid."),
            "text": _(
                "Check that the whole address from the letter or email was copied. "
                "If it still does not work, please contact the district office."
            ),
        },
        status=404,
    )


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    if survey.status == Survey.Status.DRAFT:
        heading = _("This survey is not open yet.")
    elif survey.is_past_deadline:
        heading = _("The deadline of this survey has passed.")
    else:
        heading = _("This survey is closed.")
    text = _("Answers can no longer be given or changed through this link.")
    if survey.status == Survey.Status.DRAFT:
        text = _("Please try again later, or contact the district office.")
    return _render(
        request,
        "surveys/answer/notice.html",
        {"heading": heading, "text": text, "survey": survey},
        status=410,
    )


def _response_of(invitation: Invitation) -> Response | None:
    return services.response_of(invitation)


def _thanks(request: HttpRequest, invitation: Invitation, response: Response) -> HttpResponse:
    return _render(
        request,
        "surveys/answer/thanks.html",
        {
            "invitation": invitation,
            "survey": invitation.survey,
            "submitted_at": response.submitted_at,
        },
    )


def _sections(survey: Survey) -> tuple[list[tuple[Any, list[Question]]], list[Question]]:
    sections = selectors_design.sections_with_questions(survey)
    return sections, [q for _section, questions in sections for q in questions]


def _error_list(questions: list[Question], errors: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(first_input_id(q), q.text, errors[q.code]) for q in questions if q.code in errors]


def _page(
    request: HttpRequest,
    invitation: Invitation,
    *,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    form_error: str = "",
    saved_at: Any = None,
) -> HttpResponse:
    survey = invitation.survey
    errors = errors or {}
    ctx: dict[str, Any] = {
        "invitation": invitation,
        "survey": survey,
        "token": invitation.token,
        "values": values,
        "errors": errors,
        "error_list": [],
        "form_error": form_error,
        "preview": False,
        "saved_at": saved_at,
    }
    if not values and not errors:
        ctx["form_html"] = _blank_form(survey)
    else:
        ctx["sections"], questions = _sections(survey)
        ctx["error_list"] = _error_list(questions, errors)
    return _render(request, "surveys/answer/answer.html", ctx)


def _blank_form(survey: Survey) -> str:
    """The questions with nothing filled in: the same HTML for every company that
    opens the survey for the first time, so it is rendered once per survey
    version and language (the key moves with the survey's updated_at, which every
    change to a question or section moves) and kept in the cache."""
    key = f"surveys:blank-form:{survey.pk}:{survey.updated_at.isoformat()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        sections, _questions = _sections(survey)
        html = render_to_string(
            "surveys/answer/_form.html",
            {"survey": survey, "sections": sections, "values": {}, "errors": {}, "preview": False},
        )
        cache.set(key, html, timeout=3600)
    return mark_safe(html)  # noqa: S308 — our own template's output


def _too_big(kind: str) -> str:
    if kind == "bytes":
        return _("The answers sent are too large (at most 1 MB). Shorten the longest texts.")
    return _("Too many answers were sent at once. Reload the page and try again.")


def _read_post(request: HttpRequest) -> str | None:
    """Load the POST body within our limits; None, or which limit was broken."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BYTES:
        return "bytes"
    try:
        post = request.POST
    except RequestDataTooBig:
        return "bytes"
    except TooManyFieldsSent:
        return "fields"
    if sum(len(v) for v in post.lists()) > MAX_FIELDS:
        return "fields"
    return None


def _guarded(view: Callable) -> Callable:
    """Read the POST body first (a friendly page when it is too large or has too
    many fields), then check CSRF as usual: Django's CSRF middleware would read
    the body itself and answer an oversized one with a bare 400."""
    protected = csrf_protect(view)

    @csrf_exempt
    @require_POST
    @never_cache
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        broken = _read_post(request)
        if broken is not None:
            if getattr(request, "htmx", False):
                return _private(
                    render(request, "surveys/answer/_status.html", {"message": _too_big(broken)})
                )
            return _render(
                request,
                "surveys/answer/notice.html",
                {"heading": _("Your answers could not be read."), "text": _too_big(broken)},
                status=413 if broken == "bytes" else 400,
            )
        return protected(request, token)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _unknown(specs: list[QuestionSpec], checked: Checked) -> bool:
    known = {s.code for s in specs}
    return any(code not in known for code in checked.errors)


def _tampered() -> str:
    return _(
        "The form sent answers to questions that are not in this survey. "
        "Reload the page and try again."
    )


# --------------------------------------------------------------------- views
@require_GET
@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey for this link: the form (with the saved draft), or a thank-you
    page once submitted, or a notice when the survey is closed."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _invalid(request)
    response = _response_of(invitation)
    if response is not None and response.is_submitted:
        return _thanks(request, invitation, response)
    if not invitation.survey.accepts_answers:
        return _closed(request, invitation.survey)
    services.invitation_opened(invitation=invitation)
    return _page(
        request,
        invitation,
        values=saved_values(response),
        saved_at=response.updated_at if response else None,
    )


def _save(request: HttpRequest, token: str) -> HttpResponse:
    """Autosave of a draft (htmx): well-formed answers are kept, bad ones reported."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _invalid(request)
    htmx = bool(getattr(request, "htmx", False))

    def status(ctx: dict, code: int = 200) -> HttpResponse:
        # htmx swaps only 2xx answers: the message must reach the page.
        return _private(
            render(request, "surveys/answer/_status.html", ctx, status=200 if htmx else code)
        )

    specs = services.specs(invitation.survey)
    data = data_from_post(request.POST, specs)
    try:
        response, checked = services.response_save(invitation=invitation, data=data, final=False)
    except ApplicationError as exc:
        return status({"message": exc.message}, exc.status)
    if response.is_submitted:
        return status({"message": _("These answers were already submitted.")})
    questions = _sections(invitation.survey)[1]
    known = {s.code: s for s in specs}
    errors = {c: m for c, m in checked.errors.items() if c in known}
    ctx: dict[str, Any] = {"saved_at": response.updated_at, "error_list": []}
    if _unknown(specs, checked):
        ctx["message"] = _tampered()
    ctx["error_list"] = _error_list(questions, errors)
    return status(ctx)


def _submit(request: HttpRequest, token: str) -> HttpResponse:
    """Final submission: all or nothing, once. Success redirects to the thank-you page."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _invalid(request)
    previous = _response_of(invitation)
    if previous is not None and previous.is_submitted:
        return redirect("answer:answer", token=invitation.token)
    if not invitation.survey.accepts_answers:
        return _closed(request, invitation.survey)
    specs = services.specs(invitation.survey)
    data = data_from_post(request.POST, specs)
    known = {s.code for s in specs}
    if any(code not in known for code in data):
        # A tampered form: nothing is saved, and we say nothing about the names.
        return _page(request, invitation, values=saved_values(previous), form_error=_tampered())
    try:
        response, checked = services.response_save(invitation=invitation, data=data, final=True)
    except ApplicationError as exc:
        if exc.status == 410:
            return _closed(request, invitation.survey)
        return _page(request, invitation, values=saved_values(previous), form_error=exc.message)
    if response is not None and response.is_submitted:
        return redirect("answer:answer", token=invitation.token)
    # Show what was sent: parsed where it was good, as typed where it was not.
    values = {
        code: (data.get(code) if code in checked.errors else value)
        for code, value in checked.values.items()
    }
    return _page(request, invitation, values=values, errors=checked.errors)


save = _guarded(_save)
submit = _guarded(_submit)


@require_GET
@never_cache
def answer_signed_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for a signed-in company, found through its own invitation
    to survey `pk` (no e-mailed link needed). A survey of another district is a
    404; one its company is not invited to, too (missing and forbidden look
    alike); the district's coordinator reads the survey but answers nothing: 403."""
    survey = policy.access(request.user, Survey, pk)
    invitation = access.answerable_invitations(request.user).filter(survey=survey).first()
    if invitation is None:
        if request.user.role == policy.COMPANY:
            raise Http404
        raise PermissionDenied
    return answer(request, invitation.token)
