"""Budget forms. Amounts are typed as text (1,234,000 / 1234000원) and read as
whole won by `parse_won`, the same reader the ledger import uses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mujigae.budget.models import Allocation, ExpenseCategory, FundingSource, Project
from mujigae.budget.services import LEDGER_FIELDS, PROJECT_FIELDS, won
from mujigae.core import forms as core_forms
from mujigae.core.imports import clean_text, parse_int

_DECIMAL = re.compile(r"[+-]?[\d,]*\.\d*[1-9]\d*")
_WON_SUFFIX = re.compile(r"\s*(?:원|₩|krw)\s*$", re.IGNORECASE)


def parse_won(value: Any) -> tuple[int | None, str | None]:
    """(whole won, None) or (None, the Korean reason) for a typed or imported
    amount: 1234000, "1,234,000", "1234000원", "₩1,234,000"; refuses negative
    amounts, zero, decimals and text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, gettext("Enter the amount.")
    if isinstance(value, float) and not value.is_integer():
        return None, gettext("Enter the amount in whole won, without decimals.")
    text = value if not isinstance(value, str) else clean_text(value).replace("₩", "")
    if isinstance(text, str):
        text = _WON_SUFFIX.sub("", text).strip()
        if _DECIMAL.fullmatch(text):
            return None, gettext("Enter the amount in whole won, without decimals.")
    amount = parse_int(text)
    if amount is None or (isinstance(text, str) and not re.fullmatch(r"[+-]?[\d,]+(\.0*)?", text)):
        return None, gettext("Enter the amount as a number of won, e.g. 1,234,000.")
    if amount < 0:
        return None, gettext("The amount cannot be negative.")
    if amount == 0:
        return None, gettext("The amount must be more than 0 won.")
    return amount, None


class WonField(forms.Field):
    """An amount in whole won, typed as 1,234,000 or 1234000원. `allow_zero`:
    0 is a valid answer (a budget cell left empty)."""

    widget = forms.TextInput

    def __init__(self, *, allow_zero: bool = False, **kwargs: Any):
        self.allow_zero = allow_zero
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value: Any) -> int | None:
        text = clean_text(str(value or "")).strip()
        if not text:
            return 0 if self.allow_zero else None
        if self.allow_zero and _WON_SUFFIX.sub("", text).strip() in ("0", "-"):
            return 0
        if len(text) > 40:
            raise forms.ValidationError(
                gettext("Enter the amount as a number of won, e.g. 1,234,000.")
            )
        amount, problem = parse_won(text)
        if problem:
            raise forms.ValidationError(problem)
        return amount


class ListItemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class ListEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Enter the year as four digits, e.g. 2026.")},
    )
    starts_on = core_forms.DateField(label=_("Starts on"), required=False)
    ends_on = core_forms.DateField(label=_("Ends on"), required=False)

    def __init__(self, *args: Any, sources: list[FundingSource], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sources = sources
        for source in sources:
            self.fields[f"source_{source.pk}"] = WonField(
                label=_("%(source)s (won)") % {"source": source.name},
                required=False,
                allow_zero=True,
                help_text=_("Leave empty when the year has none of it."),
            )
        self.fields["starts_on"].help_text = _("Empty: 1 January of the year.")
        self.fields["ends_on"].help_text = _("Empty: 31 December of the year.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year")
        if year:
            data["starts_on"] = data.get("starts_on") or dt.date(year, 1, 1)
            data["ends_on"] = data.get("ends_on") or dt.date(year, 12, 31)
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "year": data["year"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "amounts": {s: data.get(f"source_{s.pk}") or 0 for s in self.sources},
        }


class _ClauseChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        clauses: Any,
        runners: Any,
        programmes: Any,
        settlement_programmes: Any,
        surveys: Any,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["clauses"] = _ClauseChoices(
            label=_("MOU clauses"),
            queryset=clauses,
            required=False,
            widget=core_forms.SearchableCheckboxes,
            help_text=_("The clauses of the district's agreement this project serves."),
        )
        self.fields["clauses"].choices = core_forms.grouped_choices(
            clauses, group=lambda c: c.agreement.title
        )
        self.fields["runner"].queryset = runners
        self.fields["runner"].help_text = _(
            "The school or partner that runs it sees the project and its spending."
        )
        self.fields["programme"].queryset = programmes
        self.fields["settlement_programme"].queryset = settlement_programmes
        self.fields["survey"].queryset = surveys
        self.fields["code"].help_text = _("The code of the accounting system, if any.")


class AllocationGridForm(forms.Form):
    """The allocations of a new project: one amount per source × category."""

    def __init__(
        self,
        *args: Any,
        sources: list[FundingSource],
        categories: list[ExpenseCategory],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.sources, self.categories = sources, categories
        for source in sources:
            for category in categories:
                self.fields[self.key(source, category)] = WonField(
                    label=_("%(source)s · %(category)s (won)")
                    % {"source": source.name, "category": category.name},
                    required=False,
                    allow_zero=True,
                )

    @staticmethod
    def key(source: FundingSource, category: ExpenseCategory) -> str:
        return f"a_{source.pk}_{category.pk}"

    def rows(self) -> list[tuple[FundingSource, list[Any]]]:
        return [(s, [self[self.key(s, c)] for c in self.categories]) for s in self.sources]

    def amounts(self) -> dict[tuple[int, int], int]:
        return {
            (s.pk, c.pk): self.cleaned_data.get(self.key(s, c)) or 0
            for s in self.sources
            for c in self.categories
        }


class _AllocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Allocation) -> str:
        return gettext("%(project)s · %(source)s · %(category)s (now %(amount)s)") % {
            "project": obj.project,
            "source": obj.source.name,
            "category": obj.category.name,
            "amount": won(obj.current),
        }


class _FundingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(source)s (now %(amount)s)") % {
            "source": obj.source.name,
            "amount": won(obj.current),
        }


class AmendForm(forms.Form):
    allocation = _AllocationChoice(label=_("Allocation to change"), queryset=None, required=False)
    funding = _FundingChoice(
        label=_("Or a funding source to change"), queryset=None, required=False
    )
    after = WonField(label=_("New amount (won)"), allow_zero=True)
    amended_on = core_forms.DateField(label=_("Date of the amendment"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, allocations: Any, fundings: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations
        self.fields["funding"].queryset = fundings
        self.fields["after"].help_text = _("The whole new amount, not the difference.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("allocation")) == bool(data.get("funding")):
            raise forms.ValidationError(
                gettext("Choose either an allocation or a funding source (one of them).")
            )
        return data


class _SpendingAllocationChoice(_AllocationChoice):
    pass


class SpendingForm(forms.Form):
    spent_on = core_forms.DateField(label=_("Date"))
    allocation = _SpendingAllocationChoice(
        label=_("Project · funding source · category"), queryset=None
    )
    amount = WonField(label=_("Amount (won)"), help_text=_("e.g. 1,234,000 or 1234000원"))
    payee_organisation = forms.ModelChoiceField(
        label=_("Payee (an organisation of the district)"), queryset=None, required=False
    )
    payee_name = forms.CharField(label=_("Or the payee's name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=60,
        required=False,
        help_text=_("The voucher number of the accounting system (전표번호), if any."),
    )

    def __init__(self, *args: Any, allocations: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations
        self.fields["payee_organisation"].queryset = organisations


class LedgerImportForm(forms.Form):
    """The ledger file; on the first import (or when the file's headers are not
    the saved ones) also the column of each field, chosen among the file's
    header cells (posted back as hidden `header` values)."""

    file = forms.FileField(
        label=_("Execution ledger file (.xlsx or .csv)"),
        error_messages={"required": _("Choose the ledger file to import.")},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.headers: list[str] = []
        if self.data:
            posted = [h for h in self.data.getlist("header") if h]
            if posted:
                self.ask_mapping(posted, {})

    def ask_mapping(self, headers: list[str], guess: dict[str, str]) -> None:
        """Add one choice per field, among `headers` (with `guess` preselected)."""
        self.headers = list(dict.fromkeys(headers))
        choices = [("", gettext("(no column)"))] + [(h, h) for h in self.headers]
        for key in LEDGER_FIELDS:
            field = forms.ChoiceField(
                label=LEDGER_LABELS[key],
                choices=choices,
                required=False,
                initial=guess.get(key, ""),
            )
            self.fields[f"map_{key}"] = field
            if self.is_bound and guess.get(key) and not self.data.get(f"map_{key}"):
                # the first time the page shows the choices: preselect the guess
                self.data = self.data.copy()
                self.data[f"map_{key}"] = guess[key]

    def drop_mapping(self) -> None:
        for key in LEDGER_FIELDS:
            self.fields.pop(f"map_{key}", None)
        self.headers = []

    def posted_mapping(self) -> dict[str, str]:
        if not self.headers:
            return {}
        return {
            key: self.data.get(f"map_{key}", "")
            for key in LEDGER_FIELDS
            if self.data.get(f"map_{key}", "") in self.headers
        }


LEDGER_LABELS = {
    "spent_on": _("Date (집행일자)"),
    "project_code": _("Project code (사업코드)"),
    "project_name": _("Project name (사업명)"),
    "source": _("Funding source (재원)"),
    "category": _("Expense category (비목)"),
    "amount": _("Amount (집행액)"),
    "payee": _("Payee (거래처)"),
    "description": _("Description (적요)"),
    "reference": _("Reference number (전표번호)"),
}


class LedgerMappingForm(forms.Form):
    """The saved mapping: the header text of each field."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key in LEDGER_FIELDS:
            self.fields[key] = forms.CharField(
                label=LEDGER_LABELS[key],
                max_length=100,
                required=key in ("spent_on", "source", "category", "amount"),
            )
        self.fields["project_code"].help_text = _("The project's code or its name: at least one.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("project_code") and not data.get("project_name"):
            raise forms.ValidationError(
                gettext("Write the header of the project's name or code (at least one).")
            )
        return data


class ConfirmCloseForm(forms.Form):
    closed_on = core_forms.DateField(label=_("Closed on"))
    confirm = forms.BooleanField(
        label=_("Yes, close the year: no more spending or amendments"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
