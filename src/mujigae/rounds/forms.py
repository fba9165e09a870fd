"""Forms of the rounds pages (labels in English, Korean in the app's catalogue)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core import forms as core_forms
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import SlotKind
from mujigae.rounds.models import MAX_CHOICES_LIMIT


def _deadline(label, required=True, help_text=""):
    return core_forms.DateTimeField(label=label, required=required, help_text=help_text)


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


class _ChosenSlots(forms.SelectMultiple):
    """The `slot` selects of the page in their order; an empty one ("— none —") is no choice."""

    def value_from_datadict(self, data, files, name):
        return [v for v in super().value_from_datadict(data, files, name) if v.strip()]


class ChoicesForm(forms.Form):
    """A student's ranked list, best first."""

    slot = forms.TypedMultipleChoiceField(
        label=_("Choices"),
        coerce=int,
        required=False,
        widget=_ChosenSlots,
        error_messages={"invalid_choice": _("Choose slots from the list.")},
    )

    def __init__(self, *args, round_slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(rs.pk, str(rs.pk)) for rs in round_slots]

    def posted(self) -> list[int | None]:
        """The list as sent, to show it again after a refusal."""
        values = self["slot"].value() or []
        return [int(v) if str(v).isdigit() else None for v in values]


class RanksForm(forms.Form):
    """A company's ranks of the applicants of one slot: rank_<entrant id> = 1, 2, ...
    (empty: not acceptable to the company). The service checks who may be ranked."""

    def __init__(self, data):
        super().__init__(data)
        for key in data:
            if key.startswith("rank_") and key[5:].isdigit():
                self.fields[key] = forms.IntegerField(
                    label=_("Your rank"),
                    required=False,
                    min_value=1,
                    error_messages={
                        "invalid": _("Enter each rank as a whole number (1 = best)."),
                        "min_value": _("Give each applicant a different rank, starting from 1."),
                    },
                )

    def clean(self):
        data = super().clean()
        numbers = [v for v in data.values() if v is not None]
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError(_("Give each applicant a different rank, starting from 1."))
        return data

    def ranked(self) -> list[int]:
        """The entrant ids, best first."""
        given = [(v, int(k[5:])) for k, v in self.cleaned_data.items() if v is not None]
        return [entrant for _rank, entrant in sorted(given)]

    def typed(self) -> dict[int, str]:
        """The ranks as typed, by entrant id, to show them again after a refusal."""
        return {int(name[5:]): self[name].value() or "" for name in self.fields}


class CorrectionForm(forms.Form):
    """The coordinator corrects a placed student's answer, with the reason."""

    response = forms.ChoiceField(
        label=_("Answer"),
        error_messages={"invalid_choice": _("Choose accept, decline or waiting.")},
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=200,
        error_messages={"required": _("Write down why the answer is corrected.")},
    )

    def __init__(self, *args, responses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = responses
