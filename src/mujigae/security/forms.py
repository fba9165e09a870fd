"""Forms of the login flow and the password pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mujigae.core.forms import LoginForm
from mujigae.security import spraying
from mujigae.security.network import client_address


class SprayGuardLoginForm(LoginForm):
    """The login form (django-axes still locks a username+address pair) that
    also refuses a password already tried for too many usernames from this
    address (spraying.py)."""

    spray_blocked = False

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        address = client_address(self.request) if self.request is not None else None
        if password and spraying.is_blocked(address=address, password=password):
            self.spray_blocked = True
            raise ValidationError(
                _(
                    "This password was tried for too many different accounts from your "
                    "address. For security it is refused from here for a while; try again "
                    "later or ask your district coordinator."
                ),
                code="password_spraying",
            )
        try:
            return super().clean()
        except ValidationError as exc:
            if username and password and exc.code == "invalid_login":
                spraying.record_failure(address=address, username=username, password=password)
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Authentication code"),
        max_length=40,
        strip=True,
        error_messages={"required": _("Type the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The 6 digits your app shows now, or one of your recovery codes."),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown in the app"),
        max_length=12,
        strip=True,
        error_messages={"required": _("Type the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Type the e-mail address of your account."),
            "invalid": _("Type a whole e-mail address, for example name@school.kr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class KoreanPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not correct. Type it again."),
        "password_mismatch": _("The two new passwords are not the same."),
    }


class KoreanSetPasswordForm(SetPasswordForm):
    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("The two new passwords are not the same."),
    }
