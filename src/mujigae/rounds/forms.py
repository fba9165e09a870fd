"""Forms of the rounds pages (labels in English, Korean in the app's catalogue)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import SlotKind
from mujigae.rounds.models import MAX_CHOICES_LIMIT


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _deadline(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=_DateTimeInput(),
        help_text=help_text,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=SlotKind.choices)
    deadline = _deadline(_("Deadline for choices"), help_text=_("Korean time (KST)."))
    response_deadline = _deadline(
        _("Deadline to accept or decline"), required=False, help_text=_("Optional. Korean time.")
    )
    max_choices = forms.IntegerField(
        label=_("Choices per student (N)"), min_value=1, max_value=MAX_CHOICES_LIMIT, initial=5
    )
    school_year = forms.IntegerField(label=_("School year"), min_value=2000, max_value=2100)
    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=3
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = Organisation.objects.filter(
            district=district, kind=OrgKind.SCHOOL
        ).order_by("name")
        self.fields["school_year"].initial = timezone.localdate().year


class SecondRoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    deadline = _deadline(_("Deadline for choices"), help_text=_("Korean time (KST)."))
    response_deadline = _deadline(
        _("Deadline to accept or decline"), required=False, help_text=_("Optional. Korean time.")
    )
    max_choices = forms.IntegerField(
        label=_("Choices per student (N)"), min_value=1, max_value=MAX_CHOICES_LIMIT
    )
