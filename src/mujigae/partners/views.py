"""Partner directory and organisation pages (thin: parse, authorize, call, render)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.core import policy
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import form_page
from mujigae.core.models import District, Industry
from mujigae.core.views import page
from mujigae.curriculum import selectors as curriculum
from mujigae.governance import selectors as gov
from mujigae.partners import extensions, selectors, services
from mujigae.partners.forms import DirectoryFilterForm, OrganisationForm, PersonForm
from mujigae.partners.models import Organisation, Person


def _filters(request: HttpRequest) -> tuple[DirectoryFilterForm, dict]:
    user = request.user
    districts = policy.visible(user, District) if user.is_ministry else None
    extra = extensions.filters_for(user)
    form = DirectoryFilterForm(
        request.GET or None,
        industries=policy.visible(user, Industry).order_by("name"),
        areas=selectors.organisation_areas(user=user),
        districts=districts,
        extra_filters=extra,
    )
    params = form.cleaned_data if form.is_valid() else {}
    params = {k: v for k, v in params.items() if v}
    # an extension's filter becomes the ids it keeps (a subquery)
    params["only"] = [f.ids(user) for f in extra if params.pop(f.name, False)]
    return form, params


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form, params = _filters(request)
    qs = selectors.organisation_list(user=request.user, **params)
    return render(request, "partners/directory.html", {"form": form, "page_obj": page(request, qs)})


@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    _form, params = _filters(request)
    qs = selectors.organisation_list(user=request.user, **params)
    headers = [
        _("District"),
        _("Name"),
        _("Type"),
        _("Area"),
        _("Industries"),
        _("MOU signatory"),
        _("Participating company"),
        _("Employees"),
        _("Sample data"),
    ]
    rows = (
        [
            o.district.name,
            o.name,
            o.get_kind_display(),
            o.area,
            ", ".join(i.name for i in o.industries.all()),
            _("yes") if o.is_signatory else "",
            _("yes") if o.is_participating else "",
            o.employees,
            _("sample") if o.is_sample else "",
        ]
        for o in qs.iterator(chunk_size=500)
    )
    return xlsx_response(_("partners") + ".xlsx", _("Partners"), headers, rows)


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = selectors.organisation_detail(user=user, pk=pk)
    ctx = {
        "org": org,
        "can_manage": policy.can_manage(user, org),
        # The policy decides: a company sees only its own organisation's action items.
        "actions": list(gov.action_item_list(user=user, owner=org.pk)[:50]),
        "commitments": list(gov.commitment_list(user=user, organisation=org.pk)),
        "meetings": list(
            gov.meeting_list(user=user, organisation=org.pk).order_by("-starts_at")[:50]
        ),
        # Co-development of modules (clause 3): counts, and the proposals the policy shows.
        "participation": curriculum.organisation_participation(user=user, organisation=org),
        # sections of apps above partners (benefits …): partners.extensions
        "sections": extensions.sections(user, org),
    }
    return render(request, "partners/organisation_detail.html", ctx)


def _organisation_url(org) -> str:
    return reverse("partners:organisation_detail", args=[org.pk])


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    return form_page(
        request,
        OrganisationForm(request.POST or None, district=district),
        save=lambda data: services.organisation_create(
            actor=request.user, district=district, **data
        ),
        success=_("The organisation was added."),
        done=_organisation_url,
        template="partners/organisation_form.html",
        context={"org": None},
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = policy.access(request.user, Organisation, pk, write=True)
    return form_page(
        request,
        OrganisationForm(request.POST or None, instance=org, district=org.district),
        save=lambda data: services.organisation_update(
            actor=request.user, organisation=org, **data
        ),
        success=_("The organisation was saved."),
        done=_organisation_url(org),
        template="partners/organisation_form.html",
        context={"org": org},
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = policy.access(request.user, Organisation, pk, write=True)
    return form_page(
        request,
        PersonForm(request.POST or None),
        save=lambda data: services.person_create(
            actor=request.user, district=org.district, organisation=org, **data
        ),
        success=_("The person was added."),
        done=_organisation_url(org),
        template="partners/person_form.html",
        context={"org": org, "person": None},
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = policy.access(request.user, Person, pk, write=True)
    return form_page(
        request,
        PersonForm(request.POST or None, instance=person),
        save=lambda data: services.person_update(actor=request.user, person=person, **data),
        success=_("The person was saved."),
        done=_organisation_url(person.organisation),
        template="partners/person_form.html",
        context={"org": person.organisation, "person": person},
    )
