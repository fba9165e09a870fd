"""The forms of the requests for staff: the request, the answer, the filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.core.forms import DateField
from mujigae.partners.models import Organisation, OrgKind
from mujigae.sharing.models import StaffRequest
from mujigae.sharing.requests import STATUS_LABELS


class RequestForm(forms.Form):
    requester = forms.ModelChoiceField(
        label=_("Asking organisation"), queryset=Organisation.objects.none()
    )
    provider = forms.ModelChoiceField(
        label=_("Asked organisation"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("What is asked"), choices=StaffRequest.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What for, where, for whom (a class, a cohort, a council)."),
    )
    starts_on = DateField(label=_("First day"))
    ends_on = DateField(label=_("Last day"))
    hours = forms.CharField(
        label=_("Hours in total"), max_length=10, help_text=_("Whole hours, e.g. 16.")
    )
    people = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=1000, initial=1)

    def __init__(self, *args: Any, requesters: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters.order_by("kind", "name")
        if requesters.count() == 1:
            self.fields["requester"].initial = requesters.first().pk
        # every organisation of the district may be asked (the service refuses
        # the asking one itself, with a Korean message)
        self.fields["provider"].queryset = (
            Organisation.objects.filter(district=district)
            .exclude(kind=OrgKind.MINISTRY)
            .order_by("kind", "name")
        )


class MoveForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (a, a) for a in ("accept", "decline", "propose", "accept_proposal", "withdraw", "done")
        ],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposed_starts_on = DateField(label=_("Proposed from"), required=False)
    proposed_ends_on = DateField(label=_("Proposed until"), required=False)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *STATUS_LABELS.items()]
    )
