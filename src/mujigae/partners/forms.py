from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District
from mujigae.partners.models import Organisation, OrgKind, Person


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_en",
            "kind",
            "area",
            "industries",
            "is_signatory",
            "is_participating",
            "employees",
            "address",
            "website",
            "description",
            "is_sample",
        ]
        widgets = {
            "industries": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        self.fields["industries"].queryset = district.industries.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        qs = Organisation.objects.filter(district=self.district, name=name)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(
                _("An organisation with this name already exists in the district.")
            )
        return name


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "position", "role_in_district", "email", "phone", "is_sample"]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *OrgKind.choices]
    )
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    sample = forms.ChoiceField(
        label=_("Data"),
        required=False,
        choices=[
            ("", _("All")),
            ("real", _("Real organisations only")),
            ("sample", _("Sample data only")),
        ],
    )

    def __init__(self, *args, industries, areas, districts=None, extra_filters=(), **kwargs):
        super().__init__(*args, **kwargs)
        # yes/no filters of apps above partners (partners.extensions)
        for extra in extra_filters:
            self.fields[extra.name] = forms.BooleanField(label=extra.label, required=False)
        self.fields["industry"].choices = [("", _("All industries"))] + [
            (str(i.pk), i.name) for i in industries
        ]
        self.fields["area"].choices = [("", _("All areas"))] + [(a, a) for a in areas]
        if districts is not None:
            self.fields["district"] = forms.ChoiceField(
                label=_("District"),
                required=False,
                choices=[("", _("All districts"))] + [(str(d.pk), d.name) for d in districts],
            )
