"""Benefit pages (thin: parse, authorize, call a service or selector, render).

Rules in access.py; a bad form answers 4xx with Korean messages, a refused
write the service's status; nothing is half-saved (services are atomic)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.benefits import eligibility, forms, selectors, services
from mujigae.benefits.models import Benefit, Condition, ConditionKind, Grant
from mujigae.budget.models import Allocation
from mujigae.core import policy
from mujigae.core.forms import confirm_delete, form_page
from mujigae.core.views import page
from mujigae.partners.models import Organisation, OrgKind


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return selectors.this_year()


def _allocations(user):
    return policy.visible(user, Allocation).select_related(
        "project__fiscal_year", "source", "category"
    )


# ---------------------------------------------------------------------------
# the catalogue


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    ctx = {"year": year, "can_create": policy.can_create_in(user, policy.home_district(user))}
    if user.is_company:
        ctx["mine"] = selectors.my_benefits(user=user, year=year)
    else:
        ctx["benefits"] = list(selectors.benefit_list(user=user))
    return render(request, "benefits/catalogue.html", ctx)


@require_http_methods(["GET", "POST"])
def benefit_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    return form_page(
        request,
        forms.BenefitForm(request.POST or None, allocations=_allocations(request.user)),
        save=lambda data: services.benefit_create(actor=request.user, district=district, **data),
        success=_("The benefit was added. Now add its conditions."),
        done=lambda b: reverse("benefits:benefit_detail", args=[b.pk]),
        template="benefits/form.html",
        context={"title": _("New benefit")},
    )


@require_GET
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    benefit = selectors.benefit_detail(user=user, pk=pk)
    ctx = {
        "benefit": benefit,
        "conditions": list(benefit.conditions.all()),
        "can_manage": policy.can_manage(user, benefit),
        "year": _year(request),
    }
    return render(request, "benefits/benefit_detail.html", ctx)


@require_http_methods(["GET", "POST"])
def benefit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = policy.access(request.user, Benefit, pk, write=True)
    return form_page(
        request,
        forms.BenefitForm(
            request.POST or None, instance=benefit, allocations=_allocations(request.user)
        ),
        save=lambda data: services.benefit_update(actor=request.user, benefit=benefit, **data),
        success=_("The benefit was saved."),
        done=reverse("benefits:benefit_detail", args=[benefit.pk]),
        template="benefits/form.html",
        context={"title": _("Edit the benefit"), "benefit": benefit},
    )


@require_http_methods(["GET", "POST"])
def benefit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = policy.access(request.user, Benefit, pk, write=True)
    return confirm_delete(
        request,
        benefit,
        back=reverse("benefits:catalogue"),
        delete=lambda: services.benefit_delete(actor=request.user, benefit=benefit),
        success=_("The benefit was deleted."),
        what=benefit.name,
    )


@require_http_methods(["GET", "POST"])
def condition_add(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = policy.access(request.user, Benefit, pk, write=True)
    return form_page(
        request,
        forms.ConditionForm(request.POST or None),
        save=lambda data: services.condition_create(actor=request.user, benefit=benefit, **data),
        success=_("The condition was added."),
        done=reverse("benefits:benefit_detail", args=[benefit.pk]),
        template="benefits/form.html",
        context={"title": _("Add a condition"), "benefit": benefit},
    )


@require_http_methods(["GET", "POST"])
def condition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    condition = policy.access(request.user, Condition, pk, write=True)
    return form_page(
        request,
        forms.ConditionForm(request.POST or None, instance=condition),
        save=lambda data: services.condition_update(
            actor=request.user, condition=condition, **data
        ),
        success=_("The condition was saved."),
        done=reverse("benefits:benefit_detail", args=[condition.benefit_id]),
        template="benefits/form.html",
        context={"title": _("Edit the condition"), "benefit": condition.benefit},
    )


@require_http_methods(["GET", "POST"])
def condition_delete(request: HttpRequest, pk: int) -> HttpResponse:
    condition = policy.access(request.user, Condition, pk, write=True)
    return confirm_delete(
        request,
        condition,
        back=reverse("benefits:benefit_detail", args=[condition.benefit_id]),
        delete=lambda: services.condition_delete(actor=request.user, condition=condition),
        success=_("The condition was removed."),
        what=str(condition),
    )


# ---------------------------------------------------------------------------
# who qualifies, and why


@require_GET
def qualifying(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = selectors.benefit_detail(user=request.user, pk=pk)
    year = _year(request)
    groups = selectors.qualifying(benefit=benefit, year=year)
    ctx = {"benefit": benefit, "year": year, "groups": groups, "kinds": ConditionKind}
    return render(request, "benefits/qualifying.html", ctx)


@require_GET
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """One company's verdict for one benefit and the rows behind each
    condition (`?company=<id>`; a company: its own, another's is a 404)."""
    user = request.user
    benefit = selectors.benefit_detail(user=user, pk=pk)
    raw = request.GET.get("company", "")
    if user.is_company:
        if raw and raw != str(user.organisation_id):
            raise Http404
        company = user.organisation_id
    elif raw.isdigit():
        company = int(raw)
    else:  # a coordinator without a company: the list to pick one from
        return redirect(reverse("benefits:qualifying", args=[benefit.pk]))
    org = policy.access(
        user, Organisation, company, qs=Organisation.objects.filter(kind=OrgKind.COMPANY)
    )
    if org.district_id != benefit.district_id:
        raise Http404
    year = _year(request)
    verdict = eligibility.evaluate(
        district_id=benefit.district_id, year=year, benefits=[benefit], company_ids=[org.pk]
    )[benefit.pk][0]
    rows = [
        (check, eligibility.evidence(check.condition, org.pk, year)) for check in verdict.checks
    ]
    ctx = {"benefit": benefit, "org": org, "year": year, "verdict": verdict, "rows": rows}
    return render(request, "benefits/evidence.html", ctx)


# ---------------------------------------------------------------------------
# the ledger


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A company applies for itself; a coordinator records an application
    for a company of the district (a paper one)."""
    user = request.user
    benefit = selectors.benefit_detail(user=user, pk=pk)
    year = _year(request)
    companies = policy.actable_organisations(user, kinds=OrgKind.COMPANY)
    own = companies.filter(pk=user.organisation_id).first() if user.is_company else None
    form = forms.ApplyForm(
        request.POST or None,
        benefit=benefit,
        companies=None if own else companies.order_by("name"),
        initial={"year": year, "quantity": 1},
    )

    def save(data):
        company = data.pop("company", None) or own
        return services.grant_apply(actor=user, benefit=benefit, company=company, **data)

    verdict = None
    if own is not None:
        verdict = eligibility.evaluate(
            district_id=benefit.district_id, year=year, benefits=[benefit], company_ids=[own.pk]
        )[benefit.pk][0]
    return form_page(
        request,
        form,
        save=save,
        success=_("The application was sent to the district office."),
        done=lambda g: reverse("benefits:grant_detail", args=[g.pk]),
        template="benefits/apply.html",
        context={
            "benefit": benefit,
            "verdict": verdict,
            "year": year,
            "left": services.cap_left(benefit, own.pk, year) if own else None,
        },
    )


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.LedgerFilterForm(request.GET or None)
    qs = selectors.grant_list(user=user).order_by("-year", "-created_at", "-pk")
    if form.is_valid():
        if form.cleaned_data.get("year"):
            qs = qs.filter(year=form.cleaned_data["year"])
        if form.cleaned_data.get("state"):
            qs = qs.filter(state=form.cleaned_data["state"])
    return render(request, "benefits/ledger.html", {"form": form, "page_obj": page(request, qs)})


def _grant_page(request: HttpRequest, grant: Grant, form: forms.MoveForm | None, status=200):
    user = request.user
    ctx = {
        "grant": grant,
        "events": list(grant.events.select_related("actor").order_by("at", "pk")),
        "form": form if policy.can_manage(user, grant) else None,
        "cap_left": services.cap_left(grant.benefit, grant.company_id, grant.year),
    }
    return render(request, "benefits/grant_detail.html", ctx, status=status)


@require_GET
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_detail(user=request.user, pk=pk)
    return _grant_page(request, grant, forms.MoveForm())


@require_http_methods(["GET", "POST"])
def grant_move(request: HttpRequest, pk: int) -> HttpResponse:
    grant = policy.access(
        request.user, Grant, pk, write=True, qs=selectors.grant_list(user=request.user)
    )
    return form_page(
        request,
        forms.MoveForm(request.POST or None),
        save=lambda data: services.grant_move(actor=request.user, grant=grant, **data),
        success=_("The grant was updated."),
        done=reverse("benefits:grant_detail", args=[grant.pk]),
        template="benefits/grant_detail.html",
        context=lambda: {
            "grant": grant,
            "events": list(grant.events.order_by("at", "pk")),
            "cap_left": services.cap_left(grant.benefit, grant.company_id, grant.year),
        },
    )


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = selectors.national_totals(user=request.user, year=year)
    return render(request, "benefits/national.html", {"year": year, "rows": rows})
