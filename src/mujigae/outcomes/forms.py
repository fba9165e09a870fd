from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.core import forms as core_forms
from mujigae.outcomes.models import (
    ContractType,
    GraduateStatus,
    ProgrammeKind,
    SettlementProgramme,
)
from mujigae.outcomes.services import graduation_year_of
from mujigae.students.masking import mask_name

YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO,
            coerce=lambda v: v == "yes",
            empty_value=None,
            **kwargs,
        )


class GraduateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status on 1 April"), choices=GraduateStatus.choices)
    exclusion_reason = forms.CharField(
        label=_("Reason for the exclusion"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class HireForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company of the district"), queryset=None, required=False
    )
    company_name = forms.CharField(
        label=_("Or the company's name (outside the district)"), max_length=200, required=False
    )
    workplace_in_district = forms.BooleanField(
        label=_("The workplace is in the district"), required=False, initial=True
    )
    start_date = core_forms.DateField(label=_("Start of employment"))
    end_date = core_forms.DateField(label=_("End of employment"), required=False)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    insured = forms.BooleanField(
        label=_("Insured (health or employment insurance)"), required=False, initial=True
    )
    slot = forms.ModelChoiceField(label=_("Job slot"), queryset=None, required=False)

    def __init__(self, *args, companies, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["slot"].queryset = slots


class FurtherStudyForm(forms.Form):
    institution = forms.CharField(label=_("University or college"), max_length=200)
    programme = forms.CharField(label=_("Department"), max_length=200, required=False)
    start_date = core_forms.DateField(label=_("Start of study"))
    while_employed = forms.BooleanField(
        label=_("Studying while employed (선취업 후진학)"), required=False
    )


class FollowUpForm(forms.Form):
    done_on = core_forms.DateField(label=_("Done on"))
    still_employed = YesNoField(label=_("Still employed?"))
    still_insured = YesNoField(label=_("Still insured (health or employment insurance)?"))
    in_district = YesNoField(label=_("Still living or working in the district?"))
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = SettlementProgramme
        fields = ["name", "kind", "provider", "starts_on", "ends_on", "description"]
        field_classes = {"starts_on": core_forms.DateField, "ends_on": core_forms.DateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["kind"].choices = ProgrammeKind.choices


class _GraduateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        graduation = _("graduated %(year)s") % {"year": graduation_year_of(obj)}
        return f"{obj.school.name} · {graduation} · {obj.seat} {mask_name(obj.name)}"


class ParticipationForm(forms.Form):
    student = _GraduateChoice(label=_("Graduate"), queryset=None)
    joined_on = core_forms.DateField(label=_("Joined on"))

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students


class DashboardFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=None, required=False, empty_label=_("All districts")
    )
    year = forms.TypedChoiceField(
        label=_("Graduation year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, districts, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]


class GraduateFilterForm(forms.Form):
    school_year = forms.TypedChoiceField(
        label=_("School year of grade 3"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]


class ImportForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    file = forms.FileField(
        label=_("File (xlsx or CSV)"),
        help_text=_(
            "Columns: 졸업연도, 반, 번호, 성명, 상태 (취업/진학/입대/제외/미취업), 제외사유 (for 제외), 비고."
        ),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.first().pk
