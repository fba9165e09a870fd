"""The budget's plan, spending and import pages (MOU clause 5). Thin: fetch
through the policy, call a service or selector, render. The execution figures
are in execution_views.py. See docs/budget.md."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.budget import forms, imports, selectors, services
from mujigae.budget.models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    LedgerMapping,
    Project,
    SourceFunding,
)
from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import form_page, form_status, submit
from mujigae.core.imports import ImportRejected, upload_page
from mujigae.core.views import page
from mujigae.curriculum.models import Programme
from mujigae.governance.models import Clause
from mujigae.outcomes.models import SettlementProgramme
from mujigae.partners.models import OrgKind
from mujigae.surveys.models import Survey


def _district(request: HttpRequest) -> Any:
    district = policy.home_district(request.user)
    if district is None:
        raise Http404
    return district


def _year(request: HttpRequest, year: int) -> FiscalYear:
    return get_object_or_404(policy.visible(request.user, FiscalYear), year=year)


# --------------------------------------------------------------------------
# years


@require_GET
def year_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_coordinator:
        # a school or partner: the projects it runs, nothing else
        projects = (
            policy.visible(user, Project)
            .select_related("fiscal_year", "runner")
            .order_by("-fiscal_year__year", "code", "name")
        )
        return render(request, "budget/runner_projects.html", {"projects": projects})
    years = policy.visible(user, FiscalYear).order_by("-year")
    sources, categories = selectors.lists_of(_district(request))
    return render(
        request,
        "budget/year_list.html",
        {
            "rows": selectors.year_rows(years),
            "has_lists": bool(sources and categories),
            "mapping": LedgerMapping.objects.filter(district=_district(request)).first(),
        },
    )


@require_http_methods(["GET", "POST"])
def year_create(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    if request.method == "POST" and request.POST.get("op") == "seed":
        created = services.lists_seed(actor=request.user, district=district)
        if created:
            messages.success(request, _("The usual funding sources and categories were added."))
        return redirect("budget:year_create")
    sources, _categories = selectors.active_lists(district)
    form = forms.YearForm(
        request.POST or None, sources=sources, initial={"year": timezone.localdate().year}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.year_create(
            actor=request.user, district=district, **form.service_data()
        ),
        success=_("The fiscal year was created. Add its projects next."),
        done=lambda fy: reverse("budget:year_detail", args=[fy.year]),
        template="budget/year_form.html",
        context={"sources": sources},
    )


@require_GET
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year)
    return render(
        request,
        "budget/year_detail.html",
        {"fy": fiscal_year, **selectors.plan(fiscal_year)},
    )


@require_http_methods(["GET", "POST"])
def year_close(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year)
    form = forms.ConfirmCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda data: services.year_close(
            actor=request.user, fiscal_year=fiscal_year, on=data["closed_on"]
        ),
        success=_("The fiscal year was closed."),
        done=reverse("budget:year_detail", args=[year]),
        template="budget/year_close.html",
        context={"fy": fiscal_year},
    )


# --------------------------------------------------------------------------
# the district's lists


LIST_MODELS = {"source": FundingSource, "category": ExpenseCategory}


@require_http_methods(["GET", "POST"])
def lists(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    user = request.user
    status = 200
    if request.method == "POST":
        op, kind = request.POST.get("op", ""), request.POST.get("kind", "")
        model = LIST_MODELS.get(kind)
        try:
            if op == "seed":
                services.lists_seed(actor=user, district=district)
                messages.success(request, _("The list was saved."))
                return redirect("budget:lists")
            if model is None:
                raise ApplicationError(_("Choose what to change."), status=400)
            if op == "add":
                form = forms.ListItemForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError(" ".join(form.errors.get("name", [])))
                services.list_item_create(
                    actor=user, model=model, district=district, name=form.cleaned_data["name"]
                )
            else:
                item = policy.access(user, model, request.POST.get("pk"), write=True)
                if op == "save":
                    form = forms.ListEditForm(request.POST)
                    if not form.is_valid():
                        raise ApplicationError(" ".join(form.errors.get("name", [])))
                    services.list_item_update(actor=user, item=item, **form.cleaned_data)
                elif op in ("up", "down"):
                    services.list_item_move(actor=user, item=item, up=op == "up")
                elif op == "delete":
                    services.list_item_delete(actor=user, item=item)
                else:
                    raise ApplicationError(_("Choose what to change."), status=400)
            messages.success(request, _("The list was saved."))
            return redirect("budget:lists")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status
    sources, categories = selectors.lists_of(district)
    return render(
        request,
        "budget/lists.html",
        {
            "lists": [
                ("source", _("Funding sources (재원)"), sources),
                ("category", _("Expense categories (비목)"), categories),
            ],
            **selectors.used_ids(district),
        },
        status=status,
    )


# --------------------------------------------------------------------------
# projects


def _project_form(request: HttpRequest, district: Any, **kwargs: Any) -> forms.ProjectForm:
    user = request.user
    return forms.ProjectForm(
        request.POST or None,
        clauses=policy.visible(user, Clause)
        .filter(agreement__district=district)
        .select_related("agreement"),
        runners=policy.actable_organisations(user).exclude(
            kind__in=[OrgKind.COMPANY, OrgKind.MINISTRY]
        ),
        programmes=policy.visible(user, Programme).filter(district=district),
        settlement_programmes=policy.visible(user, SettlementProgramme).filter(district=district),
        surveys=policy.visible(user, Survey).filter(district=district),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year)
    district = fiscal_year.district
    form = _project_form(
        request, district, instance=Project(district=district, fiscal_year=fiscal_year)
    )
    sources = [f.source for f in fiscal_year.fundings.select_related("source")]
    _sources, categories = selectors.active_lists(district)
    grid = forms.AllocationGridForm(
        request.POST or None, sources=sources, categories=categories, prefix="grid"
    )
    context = {"fy": fiscal_year, "grid": grid, "categories": categories}
    if request.method == "POST" and not grid.is_valid():
        form.is_valid()
        return render(request, "budget/project_form.html", {**context, "form": form}, status=422)
    result = submit(
        request,
        form,
        save=lambda data: services.project_create(
            actor=request.user, fiscal_year=fiscal_year, data=data, allocations=grid.amounts()
        ),
        success=_("The project was created with its allocations."),
    )
    if result is not None:
        return redirect("budget:project_detail", pk=result.pk)
    return render(
        request, "budget/project_form.html", {**context, "form": form}, status=form_status(form)
    )


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = policy.access(request.user, Project, pk, write=True)
    form = _project_form(request, project.district, instance=project)
    return form_page(
        request,
        form,
        save=lambda data: services.project_update(actor=request.user, project=project, data=data),
        success=_("The project was saved."),
        done=reverse("budget:project_detail", args=[project.pk]),
        template="budget/project_form.html",
        context={"fy": project.fiscal_year, "project": project},
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = policy.access(
        request.user,
        Project,
        pk,
        qs=Project.objects.select_related("fiscal_year", "runner", "programme", "survey"),
    )
    return render(
        request,
        "budget/project_detail.html",
        {
            "project": project,
            "fy": project.fiscal_year,
            "row": selectors.project_row(project),
            "page_obj": page(request, selectors.project_spending(project)),
            "can_manage": policy.can_manage(request.user, project),
        },
    )


# --------------------------------------------------------------------------
# amendments and spending


def _allocations(request: HttpRequest, fiscal_year: FiscalYear) -> Any:
    return policy.visible(
        request.user,
        Allocation,
        Allocation.objects.filter(project__fiscal_year=fiscal_year).select_related(
            "project", "source", "category"
        ),
    )


def _initial(request: HttpRequest, name: str) -> dict[str, Any]:
    value = request.GET.get(name, "")
    return {name: value} if value.isdigit() else {}


@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year)
    form = forms.AmendForm(
        request.POST or None,
        allocations=_allocations(request, fiscal_year),
        fundings=policy.visible(
            request.user,
            SourceFunding,
            SourceFunding.objects.filter(fiscal_year=fiscal_year).select_related("source"),
        ),
        initial={
            "amended_on": timezone.localdate(),
            **_initial(request, "allocation"),
            **_initial(request, "funding"),
        },
    )

    def save(data: dict[str, Any]) -> Any:
        common = {
            "actor": request.user,
            "after": data["after"],
            "on": data["amended_on"],
            "reason": data["reason"],
        }
        if data.get("allocation"):
            return services.amend_allocation(allocation=data["allocation"], **common)
        return services.amend_funding(funding=data["funding"], **common)

    return form_page(
        request,
        form,
        save=save,
        success=_("The amendment was saved; the history keeps the amount before it."),
        done=reverse("budget:year_detail", args=[year]),
        template="budget/amend_form.html",
        context={"fy": fiscal_year},
    )


@require_http_methods(["GET", "POST"])
def spending_create(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year)
    form = forms.SpendingForm(
        request.POST or None,
        allocations=_allocations(request, fiscal_year),
        organisations=policy.actable_organisations(request.user).order_by("name"),
        initial={"spent_on": timezone.localdate(), **_initial(request, "allocation")},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.record_spending(actor=request.user, **data),
        success=_("The spending was recorded."),
        done=lambda spending: reverse("budget:project_detail", args=[spending.project_id]),
        template="budget/spending_form.html",
        context={"fy": fiscal_year},
    )


# --------------------------------------------------------------------------
# the execution ledger


@csrf_exempt  # upload_page checks CSRF once its in-memory upload handler is in place
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year)
    user = request.user

    def land(form: forms.LedgerImportForm, upload: Any) -> imports.Result:
        posted = form.posted_mapping()
        try:
            return imports.import_ledger(
                actor=user,
                fiscal_year=fiscal_year,
                name=upload.name,
                content=upload.content,
                mapping=posted or None,
                save_mapping=bool(posted),
            )
        except imports.NeedsMapping as exc:
            form.ask_mapping(exc.headers or form.headers, exc.guess)
            raise
        except ImportRejected:
            form.drop_mapping()  # the columns were right (and saved): only rows are wrong
            raise

    def done(result: imports.Result) -> HttpResponse:
        messages.success(
            request,
            _(
                "Ledger imported: %(imported)s rows saved, %(skipped)s skipped "
                "(%(already)s imported before, %(repeated)s repeated in the file)."
            )
            % {
                "imported": f"{result.imported:,}",
                "skipped": f"{result.already + result.repeated:,}",
                "already": f"{result.already:,}",
                "repeated": f"{result.repeated:,}",
            },
        )
        return redirect("budget:year_detail", year=year)

    return upload_page(
        request,
        template="budget/ledger_import.html",
        form=lambda data, files: forms.LedgerImportForm(data, files),
        land=land,
        done=done,
        context=lambda: {
            "fy": fiscal_year,
            "mapping": LedgerMapping.objects.filter(district=fiscal_year.district).first(),
            "labels": forms.LEDGER_LABELS,
        },
    )


@require_http_methods(["GET", "POST"])
def ledger_mapping(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    stored = LedgerMapping.objects.filter(district=district).first()
    initial = dict(stored.columns) if stored else dict(imports.TEMPLATE_MAPPING)
    form = forms.LedgerMappingForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.ledger_mapping_save(
            actor=request.user, district=district, columns=data
        ),
        success=_("The column mapping was saved; the next imports use it."),
        done="budget:year_list",
        template="budget/ledger_mapping.html",
        context={"stored": stored},
    )


@require_GET
def ledger_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(
        _("execution-ledger.xlsx"),
        _("Execution ledger"),
        imports.TEMPLATE_HEADERS,
        [],
        fallback="execution-ledger.xlsx",
    )
