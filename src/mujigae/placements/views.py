"""Placement pages (thin: parse, authorize, call a service or selector, render).

A company posts and edits its own slots and sees whether the rules would refuse
trainees; schools and students read the district's open slots; the coordinator
sees every slot, exports them and decides company eligibility. A bad form
answers 422 (a service refusal its own 4xx) with Korean messages, nothing saved
(core.forms)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.competencies.models import CompetencyUnit, Occupation
from mujigae.core import policy
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import form_page
from mujigae.core.views import page
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements import forms, rules, selectors, services
from mujigae.placements.models import CompanyEligibility, Slot, SlotKind, SlotStatus, Tier

HAZARDOUS_LABELS = {d.code: d.label for d in rules.HAZARDOUS_DUTIES}


def _filters(request: HttpRequest) -> tuple[forms.SlotFilterForm, dict]:
    user = request.user
    companies = None
    if user.role == policy.COORDINATOR:
        companies = selectors.district_companies(user=user)
    form = forms.SlotFilterForm(request.GET or None, companies=companies)
    params = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in params.items() if v}


@require_GET
def slot_list(request: HttpRequest) -> HttpResponse:
    form, params = _filters(request)
    qs = selectors.slot_list(user=request.user, **params)
    ctx = {
        "form": form,
        # the cards show each slot's required units: one query for the page
        "page_obj": page(request, qs.prefetch_related("required_units")),
        "total": qs.count(),
        "mine": request.user.role == policy.COMPANY,
    }
    return render(request, "placements/slot_list.html", ctx)


@require_GET
def slot_export(request: HttpRequest) -> HttpResponse:
    _form, params = _filters(request)
    qs = selectors.slot_list(user=request.user, **params).prefetch_related("required_units")
    headers = [
        _("Company"),
        _("Type"),
        _("Title"),
        _("Status"),
        _("Location"),
        _("Hours a day"),
        _("Hours a week"),
        _("Start time"),
        _("End time"),
        _("Works on holidays"),
        _("Hazardous duties"),
        _("Pay (won a month)"),
        _("Capacity"),
        _("Period from"),
        _("Period to"),
        _("Apply by"),
        _("Required competency units"),
        _("Required certificates"),
        _("Sample data"),
    ]
    rows = (
        [
            s.company.name,
            s.get_kind_display(),
            s.title,
            str(forms.STATUS_LABELS.get(s.status, s.status)),
            s.location,
            float(s.daily_hours),
            float(s.weekly_hours),
            s.start_time.strftime("%H:%M"),
            s.end_time.strftime("%H:%M"),
            _("yes") if s.works_holidays else "",
            ", ".join(HAZARDOUS_LABELS.get(c, c) for c in s.hazardous_duties or []),
            s.pay,
            s.capacity,
            s.period_start,
            s.period_end,
            s.apply_by,
            ", ".join(u.code for u in s.required_units.all()),
            ", ".join(s.required_certificates or []),
            _("sample") if s.is_sample else "",
        ]
        for s in qs
    )
    return xlsx_response(_("placement slots") + ".xlsx", _("Placement slots"), headers, rows)


def _suggested_units(user):
    occupations = Occupation.objects.filter(district_id=user.district_id)
    return CompetencyUnit.objects.filter(occupations__in=occupations).distinct().order_by("code")


def _slot_url(slot: Slot) -> str:
    return reverse("placements:slot_detail", args=[slot.pk])


@require_http_methods(["GET", "POST"])
def slot_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    company = policy.access(user, Organisation, user.organisation_id)
    if company.kind != OrgKind.COMPANY:
        raise Http404
    form = forms.SlotForm(request.POST or None, suggested_units=_suggested_units(user))
    return form_page(
        request,
        form,
        save=lambda _data: services.slot_post(
            actor=user, district=user.district, company=company, **form.slot_data()
        ),
        success=_("The slot was posted."),
        done=_slot_url,
        template="placements/slot_form.html",
        context={"slot": None},
    )


def _detail_context(user, slot: Slot) -> dict:
    ctx: dict = {
        "slot": slot,
        "status_form": forms.StatusForm(),
        "units": slot.required_units.all(),
        "hazards": [HAZARDOUS_LABELS.get(c, c) for c in slot.hazardous_duties or []],
        "can_change": policy.can_change(user, slot),
        "applications_closed": slot.applications_closed(timezone.localdate()),
        "staff_view": user.role != policy.STUDENT,
    }
    if user.role != policy.STUDENT:
        schools = list(selectors.district_schools(user=user).filter(district_id=slot.district_id))
        ctx["preview"] = selectors.slot_refusals(
            slot=slot, schools=schools, on=timezone.localdate()
        )
        if user.role in (policy.COORDINATOR, policy.COMPANY):
            ctx["eligibility"] = (
                policy.visible(user, CompanyEligibility).filter(company_id=slot.company_id).first()
            )
    return ctx


@require_GET
def slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slot = selectors.slot_detail(user=request.user, pk=pk)
    return render(request, "placements/slot_detail.html", _detail_context(request.user, slot))


def _slot_for_change(request: HttpRequest, pk: int) -> Slot:
    return policy.access(
        request.user, Slot, pk, write=True, qs=Slot.objects.select_related("company", "district")
    )


@require_http_methods(["GET", "POST"])
def slot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    slot = _slot_for_change(request, pk)
    form = forms.SlotForm(
        request.POST or None,
        initial=forms.SlotForm.initial_for(slot),
        suggested_units=_suggested_units(user),
    )
    return form_page(
        request,
        form,
        save=lambda _data: services.slot_update(actor=user, slot=slot, **form.slot_data()),
        success=_("The slot was saved."),
        done=_slot_url(slot),
        template="placements/slot_form.html",
        context={"slot": slot},
    )


@require_POST
def slot_status(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot_for_change(request, pk)
    return form_page(
        request,
        forms.StatusForm(request.POST),
        save=lambda data: services.slot_set_status(
            actor=request.user, slot=slot, status=data["status"]
        ),
        success=lambda saved: (
            _("The slot was closed: students no longer see it.")
            if saved.status == SlotStatus.CLOSED
            else _("The slot was reopened.")
        ),
        done=_slot_url(slot),
        template="placements/slot_detail.html",
        context=lambda: _detail_context(request.user, slot),
        form_name="status_form",
    )


# --- standard agreements -------------------------------------------------------


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.agreement_list(user=request.user)
    return render(
        request,
        "placements/agreement_list.html",
        {"page_obj": page(request, qs), "total": qs.count(), "today": timezone.localdate()},
    )


def _party(user, kind, everyone):
    """A party of an agreement: the organisations of that kind the user acts
    for (a company itself, a school itself, the coordinator all), else any of
    the district (the other party)."""
    mine = policy.actable_organisations(user, kinds=kind)
    return mine.order_by("name") if mine.exists() else everyone


def _agreement_choices(user):
    companies = _party(user, OrgKind.COMPANY, selectors.district_companies(user=user))
    schools = _party(user, OrgKind.SCHOOL, selectors.district_schools(user=user))
    # Slots: the company's own (company); the district's open training slots
    # (school); every training slot of the district (coordinator).
    slots = selectors.slot_list(user=user, kind=SlotKind.FIELD_TRAINING)
    return companies, schools, slots


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    companies, schools, slots = _agreement_choices(user)
    initial = {}
    if request.method == "GET" and request.GET.get("slot", "").isdigit():
        chosen = slots.filter(pk=int(request.GET["slot"])).first()
        if chosen is not None:
            initial = {"slot": chosen, "company": chosen.company}
    form = forms.AgreementForm(
        request.POST or None,
        initial=initial,
        companies=companies,
        schools=schools,
        slots=slots,
    )

    def done(agreement) -> str:
        slot = agreement.slot
        if slot is not None and policy.visible(user, Slot).filter(pk=slot.pk).exists():
            return _slot_url(slot)
        return reverse("placements:agreement_list")

    return form_page(
        request,
        form,
        save=lambda data: services.agreement_post(actor=user, district=user.district, **data),
        success=_("The standard agreement was recorded."),
        done=done,
        template="placements/agreement_form.html",
    )


# --- company eligibility --------------------------------------------------------


@require_GET
def eligibility_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.eligibility_rows(user=request.user)
    return render(
        request,
        "placements/eligibility_list.html",
        {
            "rows": rows,
            "today": timezone.localdate(),
            "eligible_tiers": (Tier.LEADING, Tier.PARTICIPATING),
        },
    )


@require_http_methods(["GET", "POST"])
def eligibility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    company = policy.access(user, Organisation, pk)
    if not company.is_a(OrgKind.COMPANY, district_id=user.district_id):
        raise Http404
    current = policy.visible(user, CompanyEligibility).filter(company=company).first()
    initial = {}
    if current is not None:
        initial = {
            "tier": current.tier,
            "inspected_on": current.inspected_on,
            "valid_until": current.valid_until,
            "note": current.note,
        }
    return form_page(
        request,
        forms.EligibilityForm(request.POST or None, initial=initial),
        save=lambda data: services.eligibility_set(
            actor=user, district=user.district, company=company, **data
        ),
        success=_("The company's eligibility was saved."),
        done="placements:eligibility_list",
        template="placements/eligibility_form.html",
        context={"company": company},
    )


# --- minors' night/holiday authorisations --------------------------------------


@require_GET
def exception_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.exception_list(user=request.user)
    return render(
        request,
        "placements/exception_list.html",
        {"page_obj": page(request, qs), "total": qs.count()},
    )


@require_http_methods(["GET", "POST"])
def exception_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    return form_page(
        request,
        forms.ExceptionForm(
            request.POST or None,
            students=selectors.students_for_checks(user=user),
            slots=selectors.job_slots(user=user),
        ),
        save=lambda data: services.exception_record(actor=user, district=user.district, **data),
        success=_("The authorisation was recorded."),
        done="placements:exception_list",
        template="placements/exception_form.html",
    )


# --- check a pair --------------------------------------------------------------


@require_GET
def pair_check(request: HttpRequest) -> HttpResponse:
    user = request.user
    bound = "student" in request.GET or "slot" in request.GET
    form = forms.PairCheckForm(
        request.GET if bound else None,
        students=selectors.students_for_checks(user=user),
        slots=selectors.checkable_slots(user=user),
    )
    ctx: dict = {"form": form}
    status = 200
    if bound:
        if form.is_valid():
            on = form.cleaned_data.get("on") or timezone.localdate()
            student, slot = form.cleaned_data["student"], form.cleaned_data["slot"]
            ctx.update(
                checked=True,
                on=on,
                student_label=forms.student_label(student),
                slot=slot,
                age=rules.age_on(student.birth_date, on),
                reasons=selectors.pair_reasons(student=student, slot=slot, on=on),
            )
        else:
            status = 400  # a check writes nothing: a bad query, like the GET filters
    return render(request, "placements/pair_check.html", ctx, status=status)
