"""Forms of the student-account pages: which students, confirming, activating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mujigae.accounts.forms import NewPasswordForm, new_password_field
from mujigae.accounts.student_services import CODE_LENGTH, code_normalise


class SelectionForm(forms.Form):
    """Which students: a school (the coordinator picks one or all; a school
    user has only its own), a school year, a grade, a class — each "all" when
    left empty."""

    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    school_year = forms.TypedChoiceField(
        label=_("School year"), required=False, coerce=int, empty_value=None
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All grades")), (1, _("Grade 1")), (2, _("Grade 2")), (3, _("Grade 3"))],
    )
    class_no = forms.TypedChoiceField(
        label=pgettext_lazy("school class", "Class"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, schools, years, classes, **kwargs):
        super().__init__(*args, **kwargs)
        schools = list(schools)
        self.fields["school"].choices = [("", _("All schools"))] + [(s.pk, s.name) for s in schools]
        if len(schools) == 1:
            self.fields["school"].choices = [(schools[0].pk, schools[0].name)]
            self.fields["school"].widget = forms.HiddenInput()
            self.fields["school"].required = False
        self.fields["school_year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["class_no"].choices = [("", _("All classes"))] + [
            (c, _("Class %(n)s") % {"n": c}) for c in classes
        ]

    def selection(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {k: data.get(k) for k in ("school", "school_year", "grade", "class_no")}


class CreateForm(SelectionForm):
    """The confirming POST of "make the logins"."""

    confirm = forms.BooleanField(
        label=_("Yes, make the logins and show the codes once"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ReissueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, make a new code; the old one stops working"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ActivationForm(NewPasswordForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("As printed on your slip, e.g. s12-2025-30107."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("Activation code"),
        max_length=40,
        help_text=_("12 letters and digits; the dashes are optional."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    field_order = ["username", "code", "password1", "password2"]
    password1 = new_password_field(_("New password"))
    password2 = new_password_field(_("New password again"))

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("The activation code has %(n)s letters and digits. Check the slip."),
                params={"n": CODE_LENGTH},
            )
        return code
