"""Governance pages: meetings, minutes, decisions, action items, the MOU, the timeline."""

from __future__ import annotations

import contextlib

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.core import policy
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import form_page
from mujigae.core.models import District
from mujigae.core.views import page
from mujigae.governance import forms, selectors, services
from mujigae.governance.models import ActionItem, Commitment, Decision, Meeting
from mujigae.partners.models import Organisation, Person


# ---------------------------------------------------------------- meetings
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = forms.MeetingFilterForm(request.GET or None)
    params = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    qs = selectors.meeting_list(user=request.user, **params)
    return render(
        request, "governance/meeting_list.html", {"form": form, "page_obj": page(request, qs)}
    )


def _meeting_context(user, pk: int) -> dict:
    qs = policy.visible(user, Meeting).prefetch_related(
        "organisations",
        Prefetch("attendees", queryset=Person.objects.select_related("organisation")),
        "decisions",
    )
    meeting = policy.access(user, Meeting, pk, qs=qs)
    actions = list(selectors.action_item_list(user=user, meeting=meeting.pk))
    by_decision: dict[int | None, list[ActionItem]] = {}
    for item in actions:
        by_decision.setdefault(item.decision_id, []).append(item)
    return {
        "meeting": meeting,
        "can_manage": policy.can_manage(user, meeting),
        "decisions": [(d, by_decision.get(d.pk, [])) for d in meeting.decisions.all()],
        "loose_actions": by_decision.get(None, []),
        "decision_form": forms.DecisionForm(),
    }


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "governance/meeting_detail.html", _meeting_context(request.user, pk))


def _meeting_url(meeting) -> str:
    return reverse("governance:meeting_detail", args=[meeting.pk])


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    return form_page(
        request,
        forms.MeetingForm(request.POST or None, district=district),
        save=lambda data: services.meeting_create(actor=request.user, district=district, **data),
        success=_("The meeting was created."),
        done=_meeting_url,
        template="governance/meeting_form.html",
        context={"meeting": None},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.access(request.user, Meeting, pk, write=True)
    return form_page(
        request,
        forms.MeetingForm(request.POST or None, instance=meeting, district=meeting.district),
        save=lambda data: services.meeting_update(actor=request.user, meeting=meeting, **data),
        success=_("The meeting was saved."),
        done=_meeting_url(meeting),
        template="governance/meeting_form.html",
        context={"meeting": meeting},
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.access(request.user, Meeting, pk, write=True)
    form = forms.MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    return form_page(
        request,
        form,
        save=lambda data: services.meeting_record_minutes(
            actor=request.user,
            meeting=meeting,
            minutes=data["minutes"],
            decisions=form.decision_lines(),
        ),
        success=_("The minutes were saved."),
        done=_meeting_url(meeting),
        template="governance/minutes_form.html",
        context={"meeting": meeting},
    )


@require_http_methods(["POST"])
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A bad decision re-renders the meeting page with the text and the error."""
    meeting = policy.access(request.user, Meeting, pk, write=True)
    return form_page(
        request,
        forms.DecisionForm(request.POST),
        save=lambda data: services.decision_add(
            actor=request.user, meeting=meeting, text=data["text"]
        ),
        success=_("The decision was added."),
        done=_meeting_url(meeting),
        template="governance/meeting_detail.html",
        context=lambda: _meeting_context(request.user, pk),
        form_name="decision_form",
    )


# ------------------------------------------------------------ action items
def _action_filters(request: HttpRequest):
    user = request.user
    districts = policy.visible(user, District).order_by("name") if user.is_ministry else None
    district_id = user.district_id
    if districts is not None:
        raw = request.GET.get("district", "")
        district_id = int(raw) if raw.isdigit() else None
    owners = None
    if districts is not None and district_id is not None:
        # the ministry reads every district's items: owners of the chosen one
        owners = policy.visible(user, Organisation).filter(district_id=district_id)
    elif district_id is not None:
        owners = policy.actable_organisations(user)
    if owners is not None:
        owners = owners.order_by("name")
    form = forms.ActionFilterForm(request.GET or None, owners=owners, districts=districts)
    data = form.cleaned_data if form.is_valid() else {}
    params = {
        "q": data.get("q") or None,
        "status": data.get("status") or None,
        "owner": data["owner"].pk if data.get("owner") else None,
        "overdue": bool(data.get("overdue")),
        "district": data["district"].pk if data.get("district") else None,
    }
    return form, params


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    form, params = _action_filters(request)
    qs = selectors.action_item_list(user=request.user, **params)
    return render(
        request, "governance/action_list.html", {"form": form, "page_obj": page(request, qs)}
    )


@require_GET
def action_list_export(request: HttpRequest) -> HttpResponse:
    _form, params = _action_filters(request)
    qs = selectors.action_item_list(user=request.user, **params)
    headers = [
        _("District"),
        _("Action item"),
        _("Owner"),
        _("Due date"),
        _("Status"),
        _("Meeting"),
        _("Progress note"),
        _("Completed at"),
    ]
    rows = (
        [
            i.district.name,
            i.title,
            i.owner.name,
            i.due_date,
            i.get_status_display(),
            i.meeting.title if i.meeting else "",
            i.progress_note,
            i.completed_at,
        ]
        for i in qs.iterator(chunk_size=500)
    )
    return xlsx_response(_("action-items") + ".xlsx", _("Action items"), headers, rows)


@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    qs = policy.visible(user, ActionItem).select_related("owner", "meeting", "decision")
    item = policy.access(user, ActionItem, pk, qs=qs)
    return render(
        request,
        "governance/action_detail.html",
        {
            "item": item,
            "can_change": policy.can_change(user, item),
            "can_manage": policy.can_manage(user, item),
        },
    )


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    initial = {}
    already = 0  # action items this decision has already become
    meeting_id = request.GET.get("meeting")
    decision_id = request.GET.get("decision")
    if decision_id:
        try:
            decision = policy.access(request.user, Decision, decision_id)
        except Http404:
            decision = None
        if decision is not None:
            initial.update(decision=decision, meeting=decision.meeting, title=decision.text[:200])
            already = decision.action_items.count()
    elif meeting_id:
        with contextlib.suppress(Http404):
            initial["meeting"] = policy.access(request.user, Meeting, meeting_id)
    form = forms.ActionItemForm(
        request.POST or None,
        district=district,
        owners=policy.actable_organisations(request.user),
        initial=initial,
    )
    return form_page(
        request,
        form,
        save=lambda data: services.action_item_create(
            actor=request.user, district=district, **data
        ),
        success=lambda item: (
            _("The action item was created and assigned to %(owner)s.") % {"owner": item.owner.name}
        ),
        done=lambda item: _meeting_url(item.meeting) if item.meeting_id else _action_url(item),
        template="governance/action_form.html",
        context={"item": None, "already": already},
    )


def _action_url(item) -> str:
    return reverse("governance:action_detail", args=[item.pk])


@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = policy.access(user, ActionItem, pk, write=True)
    full = policy.can_manage(user, item)
    if full:
        form = forms.ActionItemForm(
            request.POST or None,
            instance=item,
            district=item.district,
            owners=policy.actable_organisations(user),
        )
    else:
        form = forms.ActionItemOwnerForm(request.POST or None, instance=item)
    return form_page(
        request,
        form,
        save=lambda data: services.action_item_update(actor=user, item=item, full=full, **data),
        changed_only=True,
        success=_("The action item was saved."),
        done=_action_url(item),
        template="governance/action_form.html",
        context={"item": item, "full": full},
    )


# --------------------------------------------------------------------- MOU
@require_GET
def agreement_current(request: HttpRequest) -> HttpResponse:
    agreement = selectors.current_agreement(user=request.user)
    if agreement is None:
        return render(request, "governance/agreement_none.html")
    return redirect("governance:agreement_detail", agreement.pk)


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = selectors.mou_matrix(user=request.user, agreement_id=pk)
    return render(
        request,
        "governance/agreement_detail.html",
        {
            "matrix": matrix,
            "progress": selectors.commitment_progress(
                user=request.user, agreement=matrix.agreement
            ),
            "statuses": Commitment.Status.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def commitment_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    qs = policy.visible(user, Commitment).select_related("clause__agreement", "organisation")
    commitment = policy.access(user, Commitment, pk, write=True, qs=qs)
    full = policy.can_manage(user, commitment)
    form_class = forms.CommitmentForm if full else forms.CommitmentPartyForm
    return form_page(
        request,
        form_class(request.POST or None, instance=commitment),
        save=lambda data: services.commitment_update(
            actor=user, commitment=commitment, full=full, **data
        ),
        changed_only=True,
        success=_("The commitment was saved."),
        done=reverse("governance:agreement_detail", args=[commitment.clause.agreement_id]),
        template="governance/commitment_form.html",
        context={"commitment": commitment},
    )


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    district = request.GET.get("district") if request.user.is_ministry else None
    events = selectors.timeline(user=request.user, district_id=district or None)
    return render(request, "governance/timeline.html", {"events": events, "now": timezone.now()})
