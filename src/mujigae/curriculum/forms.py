from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mujigae.competencies.models import CompetencyUnit
from mujigae.curriculum.models import Module, Programme, ProgrammeKind, ProposalStatus
from mujigae.curriculum.services import MAX_HOURS, MAX_YEAR, MIN_YEAR


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *ProgrammeKind.choices]
    )
    provider = forms.ChoiceField(label=_("Provider"), required=False)

    def __init__(self, *args, providers, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("All providers"))] + [
            (str(o.pk), o.name) for o in providers
        ]
        if districts is not None:
            self.fields["district"] = forms.ChoiceField(
                label=_("District"),
                required=False,
                choices=[("", _("All districts"))] + [(str(d.pk), d.name) for d in districts],
            )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["provider", "kind", "name", "description", "is_sample"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["provider"].empty_label = None if providers.count() == 1 else "---------"

    def validate_unique(self):
        # The service checks "one name per provider" with a Korean message.
        pass


def _unit_from_text(text: str) -> CompetencyUnit | None:
    """'1903060101_17v1' or '1903060101_17v1 로봇 유지보수 계획 수립' (a datalist pick)."""
    code = (text or "").strip().split(" ")[0]
    if not code:
        return None
    return CompetencyUnit.objects.filter(code__iexact=code).first()


class UnitHoursForm(forms.Form):
    """A name, a description and rows of (competency unit, hours)."""

    name = forms.CharField(label=_("Module name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    EXTRA_ROWS = 4
    MIN_ROWS = 6

    def __init__(self, *args, initial_units: list[tuple[str, int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_units = initial_units or []
        posted = 0
        if self.data:
            posted = max(
                (
                    int(k.split("_")[1])
                    for k in self.data
                    if k.startswith("unit_") and k.split("_")[1].isdigit()
                ),
                default=0,
            )
        n = min(max(len(initial_units) + self.EXTRA_ROWS, self.MIN_ROWS, posted), 60)
        self.row_numbers = list(range(1, n + 1))
        for i in self.row_numbers:
            code, hours = initial_units[i - 1] if i <= len(initial_units) else ("", None)
            self.fields[f"unit_{i}"] = forms.CharField(
                label=_("Competency unit %(n)s") % {"n": i},
                required=False,
                initial=code,
                widget=forms.TextInput(
                    attrs={
                        "list": "unit-options",
                        "autocomplete": "off",
                        "placeholder": _("code or name"),
                        "class": "unit-code",
                        # htmx fills the shared <datalist> with matching units
                        "hx-get": reverse_lazy("curriculum:unit_search"),
                        "hx-trigger": "input changed delay:300ms",
                        "hx-target": "#unit-options",
                        "hx-swap": "innerHTML",
                    }
                ),
            )
            self.fields[f"hours_{i}"] = forms.IntegerField(
                label=_("Hours %(n)s") % {"n": i},
                required=False,
                initial=hours,
                widget=forms.NumberInput(attrs={"class": "hours", "inputmode": "numeric"}),
            )

    def rows(self):
        return [(self[f"unit_{i}"], self[f"hours_{i}"]) for i in self.row_numbers]

    def visible_plain_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith(("unit_", "hours_"))]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        units: list[tuple[CompetencyUnit, int]] = []
        seen: dict[int, int] = {}
        for i in self.row_numbers:
            text = (data.get(f"unit_{i}") or "").strip()
            hours = data.get(f"hours_{i}")
            if f"hours_{i}" in self.errors:
                continue
            if not text and hours is None:
                continue
            unit = _unit_from_text(text) if text else None
            if not text:
                self.add_error(f"unit_{i}", gettext("Choose a competency unit for these hours."))
                continue
            if unit is None:
                self.add_error(
                    f"unit_{i}",
                    gettext("No competency unit has the code “%(code)s”.")
                    % {"code": text.split(" ")[0]},
                )
                continue
            if hours is None:
                self.add_error(f"hours_{i}", gettext("Enter the hours for this unit."))
                continue
            if hours <= 0:
                self.add_error(f"hours_{i}", gettext("The hours must be more than 0."))
                continue
            if hours > MAX_HOURS:
                self.add_error(f"hours_{i}", gettext("At most %(max)s hours.") % {"max": MAX_HOURS})
                continue
            if unit.pk in seen:
                self.add_error(
                    f"unit_{i}",
                    gettext("This unit is already in row %(row)s.") % {"row": seen[unit.pk]},
                )
                continue
            seen[unit.pk] = i
            units.append((unit, hours))
        if not units and not self.errors:
            self.add_error(None, gettext("Add at least one competency unit with its hours."))
        data["units"] = units
        return data


class ModuleForm(UnitHoursForm):
    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Position in the programme; empty: at the end."),
    )


class ProposalForm(UnitHoursForm):
    """A company's proposal: for which programme, new or a change, and its content."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    module = forms.ModelChoiceField(
        label=_("Module to change"),
        queryset=Module.objects.none(),
        required=False,
        empty_label=_("— a new module —"),
        help_text=_("Leave empty to propose a new module."),
    )
    field_order = ["programme", "module", "name", "description"]

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is None:  # editing: the target is fixed
            del self.fields["programme"]
            del self.fields["module"]
            return
        self.fields["programme"].queryset = programmes
        self.fields["module"].queryset = (
            Module.objects.filter(programme__in=programmes)
            .select_related("programme")
            .order_by("programme__name", "order")
        )
        self.fields["module"].label_from_instance = lambda m: f"{m.programme.name} · {m.name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        programme, module = data.get("programme"), data.get("module")
        if programme and module and module.programme_id != programme.pk:
            self.add_error(
                "module", gettext("The module to change must belong to the chosen programme.")
            )
        return data


class CohortForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    enrolled = forms.IntegerField(label=_("Enrolled"), min_value=0)
    completed = forms.IntegerField(
        label=_("Completed"),
        min_value=0,
        required=False,
        help_text=_("Leave empty until the year is over."),
    )

    def clean(self):
        data = super().clean()
        enrolled, completed = data.get("enrolled"), data.get("completed")
        if enrolled is not None and completed is not None and completed > enrolled:
            self.add_error(
                "completed",
                gettext("More completed (%(completed)s) than enrolled (%(enrolled)s).")
                % {"completed": completed, "enrolled": enrolled},
            )
        return data


class CohortImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_(
            "Columns: programme, year, enrolled, completed (optional: provider). "
            "The first row names the columns."
        ),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment.")},
    )


class TransitionForm(forms.Form):
    ACTIONS = [
        ("submit", _("Submit")),
        ("review", _("Mark as reviewed")),
        ("return", _("Return for changes")),
        ("approve", _("Approve")),
        ("reject", _("Reject")),
    ]
    CHOOSE = _("Choose a step: submit, review, return, approve or reject.")
    action = forms.ChoiceField(
        label=_("Step"),
        choices=ACTIONS,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        # beside the comment form on the proposal page: ids of its own
        kwargs.setdefault("auto_id", "id_step_%s")
        super().__init__(*args, **kwargs)


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ProposalStatus.choices],
    )
