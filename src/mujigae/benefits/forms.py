from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.benefits.models import (
    MONEY_KINDS,
    Benefit,
    BenefitKind,
    Condition,
    ConditionKind,
    GrantState,
    StatusTier,
    Window,
)
from mujigae.core import forms as core_forms

MAX_WON = 10**12


class _AllocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.project.fiscal_year.year} · {obj}"


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = [
            "name",
            "kind",
            "allocation",
            "unit_amount",
            "unit_label",
            "starts_on",
            "ends_on",
            "yearly_cap",
            "description",
        ]
        field_classes = {
            "starts_on": core_forms.DateField,
            "ends_on": core_forms.DateField,
            "allocation": _AllocationChoice,
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations
        self.fields["allocation"].required = False
        self.fields["kind"].choices = BenefitKind.choices
        self.fields["yearly_cap"].help_text = _(
            "Won for money benefits (e.g. 2100000); the number of units otherwise."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        if data.get("kind") in MONEY_KINDS:
            if not data.get("allocation"):
                self.add_error(
                    "allocation", _("A money benefit needs the budget allocation that pays it.")
                )
            if not data.get("unit_amount") and "unit_amount" not in self.errors:
                self.add_error(
                    "unit_amount", _("A money benefit needs its amount per unit in won.")
                )
        for name in ("unit_amount", "yearly_cap"):
            value = data.get(name)
            if value is not None and not 0 < value <= MAX_WON:
                self.add_error(name, _("Enter an amount of more than 0."))
        return data


class ConditionForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = ["kind", "threshold", "window", "tier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ConditionKind.choices
        self.fields["window"].choices = Window.choices
        self.fields["tier"].choices = StatusTier.choices
        self.fields["threshold"].min_value = 1
        self.fields["threshold"].help_text = _(
            "Used by the counted conditions (trainees, hires, modules); 1 otherwise."
        )
        self.fields["tier"].help_text = _("Used by the status condition only.")

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if value is None or value < 1:
            raise forms.ValidationError(_("Enter a whole number of 1 or more."))
        return value


class ApplyForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.CharField(
        label=_("Period"),
        max_length=30,
        required=False,
        help_text=_("Leave empty for the whole year, or e.g. '1학기', '3월'."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    note = forms.CharField(label=_("Note to the district office"), max_length=300, required=False)

    def __init__(self, *args, benefit, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:  # a coordinator records a company's application
            self.fields = {
                "company": forms.ModelChoiceField(label=_("Company"), queryset=companies),
                **self.fields,
            }
        self.fields["quantity"].label = benefit.unit_label or _("Quantity")
        if benefit.is_money:
            self.fields["quantity"].help_text = _(
                "%(unit)s × %(amount)s won; the yearly cap per company is %(cap)s won."
            ) % {
                "unit": benefit.unit_label or _("units"),
                "amount": f"{benefit.unit_amount:,}",
                "cap": f"{benefit.yearly_cap:,}",
            }


class MoveForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("pay", _("Pay")),
            ("withdraw", _("Withdraw (claw back)")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required to reject or withdraw."),
    )
    on = core_forms.DateField(
        label=_("Date of payment or refund"),
        required=False,
        help_text=_("Empty: today."),
    )


class LedgerFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *GrantState.choices]
    )
