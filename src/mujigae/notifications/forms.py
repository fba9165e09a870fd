from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.notifications.models import KOREAN_MOBILE


class PickForm(forms.Form):
    """One row chosen by id (mark read, open, retry)."""

    id = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": _("Choose a notification."),
            "invalid": _("Choose a notification."),
        },
    )


class ReadForm(forms.Form):
    id = forms.IntegerField(min_value=1, required=False)
    all = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("id") and not data.get("all"):
            raise forms.ValidationError(_("Choose a notification, or mark them all read."))
        return data


def _normalise_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return value


class PreferencesForm(forms.Form):
    digest = forms.BooleanField(
        label=_("One e-mail a day (daily digest) instead of one e-mail per notification"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Mobile number for text messages"),
        required=False,
        max_length=13,
        validators=[KOREAN_MOBILE],
        help_text=_("Only for your own text messages, e.g. 010-XXXX-XXXX."),
        error_messages={"max_length": _("Enter a Korean mobile number, e.g. 010-XXXX-XXXX.")},
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, Any, bool, bool]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind, _label, email, sms in kinds:
            self.fields[f"email:{kind}"] = forms.BooleanField(
                label=_("E-mail"), required=False, initial=email
            )
            self.fields[f"sms:{kind}"] = forms.BooleanField(
                label=_("Text message"), required=False, initial=sms
            )

    def clean_phone(self) -> str:
        return _normalise_phone(self.cleaned_data["phone"].strip())

    def rows(self):
        """(label, e-mail field, text field) per kind, for the template."""
        return [
            (label, self[f"email:{kind}"], self[f"sms:{kind}"]) for kind, label, *_ in self.kinds
        ]

    def channels(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"email:{kind}"], data[f"sms:{kind}"]) for kind, *_ in self.kinds}
