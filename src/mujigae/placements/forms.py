"""Forms of the placement pages. Plain forms (not ModelForms): the services
validate the rules and save; the forms only parse what a person typed."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.competencies.models import CompetencyUnit
from mujigae.core import forms as core_forms
from mujigae.placements import rules
from mujigae.placements.models import SlotKind, SlotStatus, Tier
from mujigae.students.masking import mask_name

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
HAZARDOUS_CHOICES = [(d.code, d.label) for d in rules.HAZARDOUS_DUTIES]
UNIT_SPLIT = re.compile(r"[\s,;]+")
# The model's "Open" is translated elsewhere for other things ("not started"):
# the pages name a slot's status with their own words.
STATUS_LABELS = {
    SlotStatus.OPEN: _("Accepting applicants"),
    SlotStatus.CLOSED: _("Closed to applicants"),
}
STATUS_CHOICES = [(value, STATUS_LABELS[value]) for value in SlotStatus.values]


class LinesField(forms.CharField):
    """One entry per line <-> a list of strings."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SlotFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *SlotKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *STATUS_CHOICES]
    )

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"] = forms.TypedChoiceField(
                label=_("Company"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("All companies"))] + [(c.pk, c.name) for c in companies],
            )


class SlotForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=SlotKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    duties = forms.CharField(
        label=_("Duties"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    daily_hours = forms.DecimalField(
        label=_("Hours a day"), min_value=Decimal("0.5"), max_value=24, decimal_places=2
    )
    weekly_hours = forms.DecimalField(
        label=_("Hours a week"), min_value=Decimal("0.5"), max_value=168, decimal_places=2
    )
    hours_extension_agreed = forms.BooleanField(
        label=_("Extension of 1 hour a day and 5 hours a week agreed"), required=False
    )
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(
        label=_("End time"),
        widget=TIME,
        help_text=_("Earlier than the start time: the shift ends the next day."),
    )
    works_holidays = forms.BooleanField(label=_("Works on holidays"), required=False)
    hazardous_duties = forms.MultipleChoiceField(
        label=_("Hazardous duties included"),
        required=False,
        choices=HAZARDOUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Duties banned for minors and trainees (근로기준법 제65조, 제72조)."),
    )
    pay = forms.IntegerField(label=_("Pay (won a month)"), min_value=0, initial=0)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10_000, initial=1)
    period_start = core_forms.DateField(
        label=_("Period from"),
        required=False,
        help_text=_("First day of the training (a job: of the work)."),
    )
    period_end = core_forms.DateField(
        label=_("Period to"),
        required=False,
        help_text=_("Field training lasts at most 6 months."),
    )
    apply_by = core_forms.DateField(
        label=_("Apply by"),
        required=False,
        help_text=_("The last day students may rank the slot; on or before the first day."),
    )
    unit_choices = forms.ModelMultipleChoiceField(
        label=_("Required competency units of the district's occupations"),
        required=False,
        queryset=CompetencyUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    unit_codes = forms.CharField(
        label=_("Other required competency units (NCS codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Codes separated by commas or new lines, e.g. 1903060101_17v1."),
    )
    required_certificates = LinesField(
        label=_("Required certificates"),
        required=False,
        help_text=_("One per line, e.g. 전기기능사"),
    )

    def __init__(self, *args, suggested_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if suggested_units is not None and suggested_units.exists():
            self.fields["unit_choices"].queryset = suggested_units
            self.fields["unit_choices"].label_from_instance = lambda u: f"{u.code} {u.name}"
        else:
            del self.fields["unit_choices"]

    def clean_unit_codes(self):
        codes = [c for c in UNIT_SPLIT.split(self.cleaned_data.get("unit_codes") or "") if c]
        if not codes:
            return []
        found = {u.code: u for u in CompetencyUnit.objects.filter(code__in=codes)}
        unknown = [c for c in dict.fromkeys(codes) if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("These competency unit codes do not exist: %(codes)s")
                % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def slot_data(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        units = list(data.pop("unit_choices", []) or []) + list(data.pop("unit_codes", []))
        data["required_units"] = list({u.pk: u for u in units}.values())
        return data

    @classmethod
    def initial_for(cls, slot) -> dict:
        return {
            "kind": slot.kind,
            "title": slot.title,
            "duties": slot.duties,
            "location": slot.location,
            "daily_hours": slot.daily_hours,
            "weekly_hours": slot.weekly_hours,
            "hours_extension_agreed": slot.hours_extension_agreed,
            "start_time": slot.start_time,
            "end_time": slot.end_time,
            "works_holidays": slot.works_holidays,
            "hazardous_duties": list(slot.hazardous_duties or []),
            "pay": slot.pay,
            "capacity": slot.capacity,
            "period_start": slot.period_start,
            "period_end": slot.period_end,
            "apply_by": slot.apply_by,
            "unit_codes": "\n".join(slot.required_units.values_list("code", flat=True)),
            "required_certificates": list(slot.required_certificates or []),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=STATUS_CHOICES,
        error_messages={
            "required": _("Choose open or closed."),
            "invalid_choice": _("Choose open or closed."),
        },
    )


class AgreementForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    slot = forms.ModelChoiceField(
        label=_("Field-training slot"),
        queryset=None,
        required=False,
        empty_label=_("Every field-training slot of the company"),
    )
    signed_on = core_forms.DateField(label=_("Signed on"))
    period_start = core_forms.DateField(label=_("Training period from"))
    period_end = core_forms.DateField(label=_("Training period to"))
    supervisor = forms.CharField(label=_("Supervisor at the company"), max_length=100)
    allowance = forms.IntegerField(
        label=_("Training allowance (won a month)"), min_value=0, initial=0
    )
    safety_training_done = forms.BooleanField(label=_("Safety training done"), required=False)

    def __init__(self, *args, companies, schools, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["school"].queryset = schools
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: f"{s.company.name} · {s.title}"
        for name in ("company", "school"):
            qs = self.fields[name].queryset
            if qs.count() == 1:
                self.fields[name].initial = qs.first()
                self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        slot, company = data.get("slot"), data.get("company")
        if slot is not None and company is not None and slot.company_id != company.pk:
            self.add_error("slot", _("Choose a field-training slot of this company."))
        return data


class EligibilityForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    inspected_on = core_forms.DateField(label=_("On-site inspection on"), required=False)
    valid_until = core_forms.DateField(label=_("Valid until"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def student_label(student) -> str:
    """A student in a choice list: school, seat and masked name only."""
    return (
        f"{student.school.name} · {student.school_year} {student.grade}-{student.class_no}-"
        f"{student.number} {mask_name(student.name)}"
    )


class ExceptionForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)
    slot = forms.ModelChoiceField(label=_("Job slot"), queryset=None)
    consent_on = core_forms.DateField(label=_("Student's consent on"))
    authorised_on = core_forms.DateField(label=_("Labour minister's authorisation on"))
    authorisation_ref = forms.CharField(
        label=_("Authorisation number"), required=False, max_length=100
    )

    def __init__(self, *args, students, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = student_label
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: f"{s.company.name} · {s.title}"


class PairCheckForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)
    slot = forms.ModelChoiceField(label=_("Placement slot"), queryset=None)
    on = core_forms.DateField(
        label=_("On"),
        required=False,
        help_text=_("The day the rules are checked for (empty: today)."),
    )

    def __init__(self, *args, students, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = student_label
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: (
            f"{s.company.name} · {s.title} ({s.get_kind_display()})"
        )
