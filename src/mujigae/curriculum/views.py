"""Programme, module, cohort and co-development pages (thin: parse, authorize,
call a service or selector, render). Every form goes through core.forms: bad
input is answered with the form and 422, a rule the service refuses with its
own status (403, 409, 422)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.forms import confirm_delete, form_page
from mujigae.core.imports import upload_page
from mujigae.core.models import District
from mujigae.core.views import page
from mujigae.curriculum import access, exports, forms, imports, selectors, services
from mujigae.curriculum import services_proposals as proposals
from mujigae.curriculum.models import Cohort, Module, ModuleProposal, Programme
from mujigae.partners.models import Organisation

# ------------------------------------------------------------------ programmes


def _programme_filters(request: HttpRequest):
    user = request.user
    districts = policy.visible(user, District).order_by("name") if user.is_ministry else None
    form = forms.ProgrammeFilterForm(
        request.GET or None,
        providers=selectors.programme_providers(user=user),
        districts=districts,
    )
    params = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in params.items() if v}


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    form, params = _programme_filters(request)
    qs = selectors.programme_list(user=request.user, **params)
    return render(
        request,
        "curriculum/programme_list.html",
        {
            "form": form,
            "page_obj": page(request, qs),
            "can_create": request.user.role in policy.DISTRICT_MEMBERS,
        },
    )


@require_GET
def programme_export(request: HttpRequest) -> HttpResponse:
    _form, params = _programme_filters(request)
    return exports.programmes_xlsx(user=request.user, **params)


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = selectors.programme_detail(user=user, pk=pk)
    can_change = policy.can_change(user, programme)
    return render(
        request,
        "curriculum/programme_detail.html",
        {
            "programme": programme,
            "can_change": can_change,
            "can_propose": access.can_propose(user, programme),
            "total_hours": selectors.programme_total_hours(programme),
            "units_covered": selectors.units_covered(programme),
            "proposals": list(selectors.proposal_list(user=user, programme=programme.pk)[:20]),
        },
    )


def _providers_for(user):
    return policy.actable_organisations(user).order_by("name")


def _programme_url(programme_id: int) -> str:
    return reverse("curriculum:programme_detail", args=[programme_id])


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    district = policy.home_district(user)
    return form_page(
        request,
        forms.ProgrammeForm(request.POST or None, providers=_providers_for(user)),
        save=lambda data: services.programme_create(actor=user, district=district, **data),
        success=_("The programme was added."),
        done=lambda programme: _programme_url(programme.pk),
        template="curriculum/programme_form.html",
        context={"programme": None},
    )


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = policy.access(user, Programme, pk, write=True)
    providers = _providers_for(user) | Organisation.objects.filter(pk=programme.provider_id)
    return form_page(
        request,
        forms.ProgrammeForm(
            request.POST or None, instance=programme, providers=providers.distinct()
        ),
        save=lambda data: services.programme_update(actor=user, programme=programme, **data),
        success=_("The programme was saved."),
        done=_programme_url(programme.pk),
        template="curriculum/programme_form.html",
        context={"programme": programme},
    )


# --------------------------------------------------------------------- modules


def _module_data(data: dict) -> dict:
    """What the module services take from a module form."""
    return {
        "name": data["name"],
        "description": data["description"],
        "units": data["units"],
        "order": data.get("order"),
    }


@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = policy.access(request.user, Programme, pk, write=True)
    return form_page(
        request,
        forms.ModuleForm(request.POST or None),
        save=lambda data: services.module_create(
            actor=request.user, programme=programme, **_module_data(data)
        ),
        success=_("The module was added."),
        done=_programme_url(programme.pk),
        template="curriculum/module_form.html",
        context={"programme": programme, "module": None},
    )


@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    qs = policy.visible(request.user, Module).select_related("programme")
    module = policy.access(request.user, Module, pk, write=True, qs=qs)
    initial_units = [
        (f"{mu.unit.code} {mu.unit.name}", mu.hours)
        for mu in module.unit_hours.select_related("unit").order_by("unit__code")
    ]
    form = forms.ModuleForm(
        request.POST or None,
        initial={"name": module.name, "description": module.description, "order": module.order},
        initial_units=initial_units,
    )
    return form_page(
        request,
        form,
        save=lambda data: services.module_update(
            actor=request.user, module=module, **_module_data(data)
        ),
        success=_("The module was saved."),
        done=_programme_url(module.programme_id),
        template="curriculum/module_form.html",
        context={"programme": module.programme, "module": module},
    )


@require_http_methods(["GET", "POST"])
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    qs = policy.visible(request.user, Module).select_related("programme")
    module = policy.access(request.user, Module, pk, write=True, qs=qs)
    return confirm_delete(
        request,
        module,
        back=reverse("curriculum:programme_detail", args=[module.programme_id]),
        delete=lambda: services.module_delete(actor=request.user, module=module),
        success=_("The module was deleted."),
        what=_("the module %(name)s of %(programme)s")
        % {"name": module.name, "programme": module.programme.name},
    )


@require_GET
def unit_search(request: HttpRequest) -> HttpResponse:
    """Competency units by code or name: <option>s for the module form's datalist
    (htmx), or a page to look codes up without JavaScript."""
    q = request.GET.get("q")
    if q is None:  # htmx sends the typing field under its own name (unit_3=...)
        q = next((v for k, v in request.GET.items() if k.startswith("unit_")), "")
    units = selectors.unit_search(q)
    if request.headers.get("HX-Request"):
        return render(request, "curriculum/_unit_options.html", {"units": units})
    return render(request, "curriculum/unit_search.html", {"units": units, "q": q})


# --------------------------------------------------------------------- cohorts


@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = policy.access(request.user, Programme, pk, write=True)
    return form_page(
        request,
        forms.CohortForm(request.POST or None),
        save=lambda data: services.cohort_create(actor=request.user, programme=programme, **data),
        success=_("The cohort was added."),
        done=_programme_url(programme.pk),
        template="curriculum/cohort_form.html",
        context={"programme": programme, "cohort": None},
    )


@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    qs = policy.visible(request.user, Cohort).select_related("programme")
    cohort = policy.access(request.user, Cohort, pk, write=True, qs=qs)
    form = forms.CohortForm(
        request.POST or None,
        initial={"year": cohort.year, "enrolled": cohort.enrolled, "completed": cohort.completed},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.cohort_update(actor=request.user, cohort=cohort, **data),
        success=_("The cohort was saved."),
        done=_programme_url(cohort.programme_id),
        template="curriculum/cohort_form.html",
        context={"programme": cohort.programme, "cohort": cohort},
    )


@require_http_methods(["GET", "POST"])
def cohort_delete(request: HttpRequest, pk: int) -> HttpResponse:
    qs = policy.visible(request.user, Cohort).select_related("programme")
    cohort = policy.access(request.user, Cohort, pk, write=True, qs=qs)
    return confirm_delete(
        request,
        cohort,
        back=reverse("curriculum:programme_detail", args=[cohort.programme_id]),
        delete=lambda: services.cohort_delete(actor=request.user, cohort=cohort),
        success=_("The cohort was deleted."),
        what=_("the %(year)s cohort of %(programme)s")
        % {"year": cohort.year, "programme": cohort.programme.name},
    )


@csrf_exempt  # upload_page checks CSRF once its in-memory upload handler is in place
@require_http_methods(["GET", "POST"])
def cohort_import(request: HttpRequest) -> HttpResponse:
    user = request.user

    def done(result: imports.ImportResult) -> HttpResponse:
        messages.success(
            request,
            _("Cohorts imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("curriculum:programme_list")

    return upload_page(
        request,
        template="curriculum/cohort_import.html",
        form=forms.CohortImportForm,
        land=lambda form, upload: imports.import_cohorts(
            actor=user,
            district=policy.home_district(user),
            name=upload.name,
            content=upload.content,
        ),
        done=done,
    )


# ------------------------------------------------------------------- proposals


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.ProposalFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    rows = selectors.proposal_list(user=user, status=status or None)
    return render(
        request,
        "curriculum/proposal_list.html",
        {
            "form": form,
            "counts": selectors.proposal_counts(user=user),
            "statuses": ModuleProposal._meta.get_field("status").choices,
            "page_obj": page(request, rows),
            "shows_rows": user.role in policy.DISTRICT_MEMBERS,
            "can_propose": user.role == policy.COMPANY,
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    programmes = policy.visible(user, Programme).filter(district_id=user.district_id)
    initial: dict[str, Any] = {}
    if request.GET.get("programme", "").isdigit():
        initial["programme"] = programmes.filter(pk=request.GET["programme"]).first()
    if request.GET.get("module", "").isdigit():
        module = (
            Module.objects.filter(programme__in=programmes, pk=request.GET["module"])
            .select_related("programme")
            .first()
        )
        if module:
            initial.update(
                programme=module.programme,
                module=module,
                name=module.name,
                description=module.description,
            )
            initial_units = [
                (f"{mu.unit.code} {mu.unit.name}", mu.hours)
                for mu in module.unit_hours.select_related("unit").order_by("unit__code")
            ]
        else:
            initial_units = []
    else:
        initial_units = []
    form = forms.ProposalForm(
        request.POST or None,
        programmes=programmes.order_by("name"),
        initial=initial,
        initial_units=initial_units,
    )
    return form_page(
        request,
        form,
        save=lambda data: proposals.proposal_create(
            actor=user,
            programme=data["programme"],
            module=data.get("module"),
            name=data["name"],
            description=data["description"],
            units=data["units"],
        ),
        success=_("The proposal was saved as a draft (version 1)."),
        done=_proposal_url,
        template="curriculum/proposal_form.html",
        context={"proposal": None},
    )


def _proposal_url(proposal: ModuleProposal) -> str:
    return reverse("curriculum:proposal_detail", args=[proposal.pk])


def _proposal_context(request: HttpRequest, proposal: ModuleProposal) -> dict[str, Any]:
    user = request.user
    history = selectors.version_history(proposal)
    latest = history[0][0] if history else None
    base = None
    if proposal.is_change and proposal.module and proposal.status != "approved" and latest:
        base = selectors.version_diff(selectors.module_as_version(proposal.module), latest)
    actions = [
        (value, label)
        for value, label in forms.TransitionForm.ACTIONS
        if proposals.may(user, proposal, value)
    ]
    return {
        "proposal": proposal,
        "latest": latest,
        "history": history,
        "change_from_module": base,
        "comments": list(proposal.comments.all()),
        "actions": actions,
        "needs_comment": proposals.NEEDS_COMMENT,
        "can_edit": proposals.may_edit(user, proposal),
        "can_comment": proposals.may_comment(user, proposal),
        "comment_form": forms.CommentForm(),
        "transition_form": forms.TransitionForm(),
    }


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_detail(user=request.user, pk=pk)
    return render(request, "curriculum/proposal_detail.html", _proposal_context(request, proposal))


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = selectors.proposal_detail(user=user, pk=pk)
    if not access.can_edit_proposal(user, proposal):
        raise PermissionDenied
    latest = proposal.latest_version
    form = forms.ProposalForm(
        request.POST or None,
        initial={"name": latest.name, "description": latest.description} if latest else {},
        initial_units=[(f"{u['code']} {u['name']}", u["hours"]) for u in latest.units]
        if latest
        else [],
    )
    if not proposals.may_edit(user, proposal):
        messages.error(
            request,
            _("This proposal is %(status)s: it can no longer be edited.")
            % {"status": proposal.get_status_display()},
        )
        if request.method == "POST":
            ctx = _proposal_context(request, proposal)
            return render(request, "curriculum/proposal_detail.html", ctx, status=409)
        return redirect("curriculum:proposal_detail", proposal.pk)
    return form_page(
        request,
        form,
        save=lambda data: proposals.proposal_save(
            actor=user,
            proposal=proposal,
            name=data["name"],
            description=data["description"],
            units=data["units"],
        ),
        success=_("The proposal was saved."),
        done=_proposal_url(proposal),
        template="curriculum/proposal_form.html",
        context={"proposal": proposal},
    )


TRANSITION_DONE = {
    "submit": gettext_lazy("The proposal was submitted to the provider for review."),
    "review": gettext_lazy("The proposal was marked as reviewed and goes to the coordinator."),
    "return": gettext_lazy("The proposal was returned to the company with your comment."),
    "approve": gettext_lazy("The proposal was approved: the module is now part of the programme."),
    "reject": gettext_lazy("The proposal was rejected."),
}


def _proposal_form_page(request: HttpRequest, pk: int, form, *, save, success, form_name: str):
    """A form of the proposal page (a step, a comment): a refusal re-renders the
    page (as it is now) with the comment as typed and the error."""
    user = request.user
    proposal = selectors.proposal_detail(user=user, pk=pk)
    return form_page(
        request,
        form,
        save=lambda data: save(proposal, data),
        success=success,
        done=_proposal_url(proposal),
        template="curriculum/proposal_detail.html",
        context=lambda: _proposal_context(request, selectors.proposal_detail(user=user, pk=pk)),
        form_name=form_name,
    )


@require_POST
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.TransitionForm(request.POST)
    return _proposal_form_page(
        request,
        pk,
        form,
        save=lambda proposal, data: proposals.proposal_transition(
            actor=request.user, proposal=proposal, action=data["action"], comment=data["comment"]
        ),
        success=lambda _proposal: str(TRANSITION_DONE[form.cleaned_data["action"]]),
        form_name="transition_form",
    )


@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_form_page(
        request,
        pk,
        forms.CommentForm(request.POST),
        save=lambda proposal, data: proposals.proposal_comment(
            actor=request.user, proposal=proposal, text=data["text"]
        ),
        success=_("The comment was added."),
        form_name="comment_form",
    )
