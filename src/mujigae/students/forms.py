from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core import forms as core_forms
from mujigae.students.models import (
    AccessPurpose,
    AccessReviewKind,
    ConsentPurpose,
    Student,
)


def current_school_year() -> int:
    """The Korean school year starts in March."""
    today = timezone.localdate()
    return today.year if today.month >= 3 else today.year - 1


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
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
    major = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args, years, majors, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["major"].choices = [("", _("All departments"))] + [(m, m) for m in majors]
        if schools is not None:
            self.fields["school"] = forms.TypedChoiceField(
                label=_("School"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("All schools"))] + [(s.pk, s.name) for s in schools],
            )
            self.order_fields(["school", "q", "school_year", "grade", "major"])


class StudentImportForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=None)
    school_year = forms.IntegerField(
        label=_("School year"),
        min_value=2000,
        max_value=2100,
        help_text=_("Used when the file has no 학년도 column."),
    )
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_(
            "A NEIS class list: 학년, 반, 번호, 성명, 생년월일, and optionally 학과, 연락처."
        ),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school_year"].initial = current_school_year()
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
            self.fields["school"].widget = forms.HiddenInput()


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Why do you need this person's data?"),
        choices=[("", "—"), *AccessPurpose.choices],
    )
    note = forms.CharField(
        label=_("Purpose in detail"),
        required=False,
        max_length=200,
        help_text=_("Required when you choose “Other”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == AccessPurpose.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Write down the purpose."))
        return data


class CertificatesField(forms.CharField):
    """One certificate per line <-> a list of strings."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class StudentForm(forms.ModelForm):
    certificates = CertificatesField(
        label=_("Certificates"),
        required=False,
        help_text=_("One per line, e.g. 전기기능사 (2025.06.)"),
    )

    class Meta:
        model = Student
        fields = [
            "name",
            "birth_date",
            "grade",
            "class_no",
            "number",
            "student_no",
            "major",
            "phone",
            "email",
            "certificates",
            "completed_modules",
        ]
        field_classes = {"birth_date": core_forms.DateField}
        widgets = {"completed_modules": forms.CheckboxSelectMultiple}

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_modules"].queryset = modules
        self.fields["completed_modules"].label_from_instance = lambda m: (
            f"{m.programme.name} · {m.name}"
        )

    def validate_unique(self):
        pass  # the service checks the seat and answers in Korean


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    version = forms.CharField(
        label=_("Version of the consent form"), max_length=20, initial="2025-1"
    )
    given_at = core_forms.DateField(label=_("Given on"))


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("E.g. the student's request of 2025.09.01, or the retention period ended."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this person's data is deleted for good."), required=True
    )


# The list's filters, carried as hidden fields into the POST forms of the
# list page (search pages, download): never as a query string.
FILTER_FIELDS = ("school", "q", "school_year", "grade", "major")


class ReviewConfirmForm(forms.Form):
    kind = forms.ChoiceField(choices=AccessReviewKind.choices, widget=forms.HiddenInput)
    batch = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("What you checked, e.g. “counselling week, confirmed with the teacher”."),
    )
