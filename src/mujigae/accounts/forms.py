"""Forms about people and their access. Each refuses bad input with Korean
field errors (422, docs/forms.md); the services check the rules again."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mujigae.accounts import services
from mujigae.core.models import District, Role
from mujigae.partners.models import OrgKind

# The e-mail becomes the login name (User.username holds 150 characters).
EMAIL_MAX = 150


def role_choices(roles) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Role.choices if value in roles]


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX)
    organisation = _OrganisationChoice(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from mujigae.accounts import selectors

        self.user = user
        self.fields["organisation"].queryset = selectors.invitable_organisations(user=user)
        roles = services.grantable_roles(user)
        self.fields["role"].choices = role_choices(roles)
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
        organisations = self.fields["organisation"].queryset
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().pk

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_email(self) -> str:
        return services.normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        data = super().clean()
        role, organisation = data.get("role"), data.get("organisation")
        if role and organisation and not services.role_fits(role, organisation):
            self.add_error(
                "role",
                _(
                    "This role does not fit this organisation: a school role is for a school, a "
                    "company role for a company, partner staff for the other organisations."
                ),
            )
        return data


class InvitationImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("Excel (.xlsx) or CSV: 이름, 이메일, 기관, 역할.")
    )


def new_password_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class NewPasswordForm(forms.Form):
    """A password chosen twice (accepting an invitation, activating a student
    login): the two must be the same, and Django's validators (in Korean) judge
    it against `password_user()`, the account it will belong to (None: the
    service checks it once it knows the account)."""

    password1 = new_password_field(_("Password"))
    password2 = new_password_field(_("Password again"))

    def password_user(self) -> Any:
        return None

    def clean(self) -> dict:
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords are not the same."))
        elif one and (probe := self.password_user()) is not None:
            try:
                password_validation.validate_password(one, user=probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AcceptForm(NewPasswordForm):
    """Choose a password for the invited account."""

    def __init__(self, *args: Any, invitation: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def password_user(self) -> Any:
        # similarity to the e-mail and the name of the account it will belong to
        return get_user_model()(
            username=self.invitation.email,
            email=self.invitation.email,
            display_name=self.invitation.name,
            first_name=self.invitation.name,
        )


class MembershipForm(forms.Form):
    """A role in an organisation of the district (add, change, move)."""

    organisation = _OrganisationChoice(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from mujigae.accounts import selectors

        self.fields["organisation"].queryset = selectors.invitable_organisations(user=user)
        self.fields["role"].choices = role_choices(services.grantable_roles(user))

    def clean(self) -> dict:
        data = super().clean()
        role, organisation = data.get("role"), data.get("organisation")
        if role and organisation and not services.role_fits(role, organisation):
            self.add_error(
                "role",
                _(
                    "This role does not fit this organisation: a school role is for a school, a "
                    "company role for a company, partner staff for the other organisations."
                ),
            )
        return data


class RoleSwitchForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Role"), queryset=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = user.memberships.all()


class HistoryFilterForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("Everyone")


# --------------------------------------------------------------------------
# a new district

CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use lower-case letters, digits and hyphens, e.g. ansan or gimhae-2025."),
)
_LINE_SPLIT = re.compile(r"\s*[,|\t]\s*")


def _kind_names() -> dict[str, str]:
    """Every way to write an organisation type: its code, English and Korean name."""
    from django.utils import translation

    names: dict[str, str] = {}
    for value, label in OrgKind.choices:
        names[value.lower()] = value
        with translation.override("en"):
            names[str(label).lower()] = value
        with translation.override("ko"):
            names[str(label).lower()] = value
    for alias, value in (
        ("교육지원청", OrgKind.EDUCATION_OFFICE),
        ("교육청", OrgKind.EDUCATION_OFFICE),
        ("시청", OrgKind.CITY),
        ("시", OrgKind.CITY),
        ("학교", OrgKind.SCHOOL),
        ("특성화고", OrgKind.SCHOOL),
        ("대학", OrgKind.UNIVERSITY),
        ("대학교", OrgKind.UNIVERSITY),
        ("기업", OrgKind.COMPANY),
        ("상공회의소", OrgKind.CHAMBER),
    ):
        names.setdefault(alias, value)
    return names


class DistrictForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        validators=[CODE_VALIDATOR],
        help_text=_("Lower-case letters, digits and hyphens, e.g. gimhae."),
    )
    region = forms.CharField(label=_("Region"), max_length=100, help_text=_("City or province"))
    year_designated = forms.IntegerField(label=_("Year designated"), required=False)
    industries = forms.CharField(
        label=_("Specialised industries"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    lead_organisations = forms.CharField(
        label=_("Lead organisations"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: name, type — e.g. “김해교육지원청, 교육지원청” or “김해시, 시”."
        ),
    )
    coordinator_name = forms.CharField(label=_("First coordinator's name"), max_length=100)
    coordinator_email = forms.EmailField(
        label=_("First coordinator's e-mail"), max_length=EMAIL_MAX
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if District.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A district with this code already exists."))
        return code

    def clean_year_designated(self) -> int | None:
        year = self.cleaned_data.get("year_designated")
        if year is not None and not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(
                _("Write a year between 2000 and %(last)s.")
                % {"last": timezone.localdate().year + 1}
            )
        return year

    def clean_industries(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["industries"].splitlines()]
        lines = [line for line in lines if line]
        problems = [
            gettext("Line %(n)s is longer than 100 characters.") % {"n": n}
            for n, line in enumerate(lines, start=1)
            if len(line) > 100
        ]
        if len({line for line in lines}) != len(lines):
            problems.append(gettext("An industry is listed twice."))
        if not lines:
            problems.append(gettext("List at least one industry."))
        if problems:
            raise forms.ValidationError(problems)
        return lines

    def clean_lead_organisations(self) -> list[services.LeadOrganisation]:
        kinds = _kind_names()
        leads, problems, seen = [], [], set()
        for n, raw in enumerate(self.cleaned_data["lead_organisations"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            parts = _LINE_SPLIT.split(line, maxsplit=1)
            if len(parts) != 2 or not parts[0] or not parts[1]:
                problems.append(
                    gettext("Line %(n)s: write the name and the type, separated by a comma.")
                    % {"n": n}
                )
                continue
            name, kind_text = parts[0].strip(), parts[1].strip()
            kind = kinds.get(kind_text.lower())
            if kind is None:
                problems.append(
                    gettext("Line %(n)s: unknown type “%(kind)s”.")
                    % {"n": n, "kind": kind_text[:50]}
                )
                continue
            if len(name) > 200:
                problems.append(
                    gettext("Line %(n)s: the name is longer than 200 characters.") % {"n": n}
                )
                continue
            if name in seen:
                problems.append(
                    gettext("Line %(n)s: “%(name)s” is listed twice.") % {"n": n, "name": name[:50]}
                )
                continue
            seen.add(name)
            leads.append(services.LeadOrganisation(name=name, kind=kind))
        if not leads and not problems:
            problems.append(gettext("List at least one lead organisation."))
        if problems:
            raise forms.ValidationError(problems)
        return leads

    def clean_coordinator_email(self) -> str:
        return services.normalise_email(self.cleaned_data["coordinator_email"])
