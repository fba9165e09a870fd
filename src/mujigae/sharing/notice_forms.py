"""The notice form: title, text, audience (the shared picker), pinned,
acknowledgement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.sharing.forms import AUDIENCE_FIELDS, AudienceFormMixin


class NoticeForm(AudienceFormMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    pinned = forms.BooleanField(
        label=_("Pin it at the top of the list (and on the home page)"), required=False
    )
    requires_ack = forms.BooleanField(
        label=_("Ask readers to confirm they have read it (“확인했습니다”)"), required=False
    )

    field_order = ["title", "body", *AUDIENCE_FIELDS, "pinned", "requires_ack"]

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_audience(district)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "body": d["body"],
            "pinned": d.get("pinned", False),
            "requires_ack": d.get("requires_ack", False),
            "audience": self.audience_data(),
        }
