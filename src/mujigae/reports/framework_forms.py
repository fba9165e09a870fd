"""Forms of the framework editor (the ministry's). The services check again
(names unique in the framework, the lock after a submitted report)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.reports.models import Area, Framework, Indicator, Unit

SCORE = {"min_value": Decimal(0), "max_value": Decimal(100), "max_digits": 5, "decimal_places": 1}
NUMBER_MESSAGES = {
    "invalid": _("Write a number, for example 12.5."),
    "max_digits": _("The number is too large."),
    "max_decimal_places": _("Write at most one decimal."),
    "max_whole_digits": _("The number is too large."),
}


def _score_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        **SCORE,
        error_messages={
            **NUMBER_MESSAGES,
            "required": _("Write the score (0–100)."),
            "min_value": _("A score threshold lies between 0 and 100."),
            "max_value": _("A score threshold lies between 0 and 100."),
        },
    )


class FrameworkForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Write the title.")}
    )
    excellent_min = _score_field(_("Score for Excellent (at least)"))
    fair_min = _score_field(_("Score for Fair (at least)"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))

    def clean(self):
        data = super().clean()
        excellent, fair = data.get("excellent_min"), data.get("fair_min")
        if excellent is not None and fair is not None and excellent < fair:
            self.add_error(
                "excellent_min", _("The score for Excellent must be at least the score for Fair.")
            )
        return data

    @classmethod
    def for_framework(cls, framework: Framework, data=None) -> FrameworkForm:
        return cls(
            data,
            initial={name: getattr(framework, name) for name in cls.base_fields},
        )


class CopyForm(forms.Form):
    year = forms.IntegerField(
        label=_("New evaluation year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Write the new year."),
            "invalid": _("Write a year, for example 2027."),
            "min_value": _("Choose a year between 2000 and 2100."),
            "max_value": _("Choose a year between 2000 and 2100."),
        },
    )


class AreaForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, error_messages={"required": _("Write the name.")}
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 2})
    )
    narrative_required = forms.BooleanField(
        label=_("The district must write a narrative for this area"), required=False
    )

    @classmethod
    def for_area(cls, area: Area, data=None) -> AreaForm:
        return cls(data, initial={name: getattr(area, name) for name in cls.base_fields})


def measure_choices(current: str = "") -> list[tuple[str, str]]:
    """The measures mujigae computes, by their Korean label (grouped by unit in
    the label); the indicator's current measure stays choosable even when no
    app declares it (yet)."""
    choices = [("", _("Choose one"))]
    for m in indicators.all_measures():
        choices.append((m.key, f"{m.label} ({Unit(m.unit).label})"))
    if current and indicators.get(current) is None:
        choices.append((current, str(_("The current measure (not computed yet)"))))
    return choices


class IndicatorForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        error_messages={
            "required": _("Choose an area."),
            "invalid_choice": _("Choose an area of this framework."),
        },
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Write the name.")}
    )
    order = forms.IntegerField(label=_("Order in the area"), required=False, min_value=0)
    kind = forms.ChoiceField(
        label=_("How the value is obtained"),
        choices=Indicator.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether mujigae computes the value or the district enters it."),
            "invalid_choice": _(
                "Choose whether mujigae computes the value or the district enters it."
            ),
        },
    )
    measure = forms.ChoiceField(
        label=_("Measure (computed indicators)"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "This measure is not computed by mujigae: choose one from the list."
            )
        },
        help_text=_("The unit follows the measure."),
    )
    unit = forms.ChoiceField(
        label=_("Unit (entered indicators)"),
        required=False,
        choices=[("", _("None chosen")), *Unit.choices],
        error_messages={"invalid_choice": _("Choose a unit from the list.")},
    )
    weight = forms.DecimalField(
        label=_("Weight (points)"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            **NUMBER_MESSAGES,
            "required": _("Write the weight (0 for an indicator that is shown, not scored)."),
            "min_value": _("The weight is a number of points from 0 to 100."),
            "max_value": _("The weight is a number of points from 0 to 100."),
        },
    )
    target = forms.DecimalField(
        label=_("Target"),
        required=False,
        max_digits=16,
        decimal_places=1,
        min_value=Decimal(0),
        error_messages={**NUMBER_MESSAGES, "min_value": _("The target cannot be negative.")},
        help_text=_("Without a target the indicator is shown but not scored."),
    )
    higher_is_better = forms.BooleanField(label=_("Higher is better"), required=False)
    min_value = forms.DecimalField(
        label=_("Smallest value (entered)"),
        required=False,
        max_digits=16,
        decimal_places=1,
        error_messages=NUMBER_MESSAGES,
    )
    max_value = forms.DecimalField(
        label=_("Largest value (entered)"),
        required=False,
        max_digits=16,
        decimal_places=1,
        error_messages=NUMBER_MESSAGES,
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    guidance = forms.CharField(
        label=_("What is counted"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, framework: Framework, current_measure: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = framework.areas.order_by("order", "pk")
        self.fields["measure"].choices = measure_choices(current_measure)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            kind == Indicator.Kind.COMPUTED
            and not data.get("measure")
            and "measure" not in self.errors
        ):
            self.add_error("measure", _("Choose the measure mujigae computes."))
        if kind == Indicator.Kind.ENTERED:
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", _("Choose the unit of the entered value."))
            lo, hi = data.get("min_value"), data.get("max_value")
            if lo is not None and hi is not None and lo > hi:
                self.add_error(
                    "max_value", _("The largest value must be at least the smallest value.")
                )
        return data

    @classmethod
    def for_indicator(cls, indicator: Indicator, data=None) -> IndicatorForm:
        initial = {name: getattr(indicator, name) for name in cls.base_fields if name != "area"}
        initial["area"] = indicator.area_id
        return cls(
            data,
            initial=initial,
            framework=indicator.area.framework,
            current_measure=indicator.measure,
        )
