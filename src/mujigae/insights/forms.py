"""The filters of the gap page (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.insights.selectors import METRICS

METRIC_LABELS = {
    "gap": _("Gap (demand − supply)"),
    "coverage": _("Coverage (supply ÷ demand)"),
    "lq": _("Location quotient"),
    "demand": _("Demand"),
    "supply": _("Supply"),
}


class GapFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=None, required=False, empty_label=_("National roll-up")
    )
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=2000, max_value=2100
    )
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=2000, max_value=2100)
    industry = forms.ModelChoiceField(label=_("Industry"), queryset=None, required=False)
    occupation = forms.ModelChoiceField(label=_("Occupation"), queryset=None, required=False)
    units = forms.ChoiceField(
        label=_("Units"),
        required=False,
        choices=[("demand", _("only units with demand")), ("all", _("all units with data"))],
    )
    metric = forms.ChoiceField(
        label=_("Show"), required=False, choices=[(m, METRIC_LABELS[m]) for m in METRICS]
    )

    def __init__(self, *args, districts=None, industries=None, occupations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].queryset = districts
        self.fields["industry"].queryset = industries
        self.fields["occupation"].queryset = occupations

    def clean(self):
        data = super().clean()
        lo, hi = data.get("year_from"), data.get("year_to")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("year_to", _("The last year must not be before the first."))
        data["only_demand"] = data.get("units") != "all"
        data["metric"] = data.get("metric") or "gap"
        return data
