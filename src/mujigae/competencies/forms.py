from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.competencies.models import CompetencyUnit, NcsClass, NcsLevel, Occupation


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Code or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "1903060101 / 로봇", "size": 40}
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("NCS file (CSV or Excel)"),
        help_text=_("The column layout of the official NCS export; see the guide below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    is_sample = forms.BooleanField(label=_("Mark as sample data"), required=False)


class OccupationForm(forms.ModelForm):
    job_code = forms.CharField(
        label=_("NCS job code (세분류, 8 digits)"),
        required=False,
        max_length=8,
        help_text=_("Optional, for example 19030601."),
    )

    class Meta:
        model = Occupation
        fields = ["name", "industry"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        industries = district.industries.all() if district is not None else None
        if industries is None:
            from mujigae.core.models import Industry

            industries = Industry.objects.none()
        self.fields["industry"].queryset = industries.order_by("name")
        if self.instance and self.instance.job_id:
            self.fields["job_code"].initial = self.instance.job.code

    def clean_job_code(self):
        code = self.cleaned_data["job_code"].strip()
        if not code:
            return None
        job = NcsClass.objects.filter(code=code, level=NcsLevel.JOB).first()
        if job is None:
            raise forms.ValidationError(_("No NCS job has this code."))
        return job

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["job"] = data.pop("job_code")
        return data


class UnitsForm(forms.Form):
    """Units chosen by ticking (ids) and/or typed as codes."""

    unit = forms.ModelMultipleChoiceField(
        label=_("Competency units"),
        queryset=CompetencyUnit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    codes = forms.CharField(
        label=_("Or type unit codes"),
        required=False,
        max_length=2000,
        help_text=_("Comma-separated, for example 1903060101_17v1, 1903060102_17v1"),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("unit") and not (data.get("codes") or "").strip():
            raise forms.ValidationError(_("Choose at least one competency unit."))
        return data


class ConfirmTextForm(UnitsForm):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    text = forms.CharField(
        label=_("Job description"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    field_order = ["title", "text", "unit", "codes"]


class SuggestTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    text = forms.CharField(
        label=_("Job description"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
