"""Forms shared by the parts of sharing: the audience picker (documents and
notices choose their audience the same way)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.core.forms import SearchableCheckboxes, grouped_choices
from mujigae.core.models import Role
from mujigae.partners.models import Organisation, OrgKind

AUDIENCE_KINDS = [(v, label) for v, label in OrgKind.choices if v != OrgKind.MINISTRY]
AUDIENCE_ROLES = [(v, label) for v, label in Role.choices if v != Role.MINISTRY]
AUDIENCE_FIELDS = ("audience_everyone", "audience_orgs", "audience_kinds", "audience_roles")


class AudienceFormMixin(forms.Form):
    """Who the document or notice is shared with. Call `setup_audience(district)`
    in `__init__`; `audience_data()` gives what `audience.audience_save` takes."""

    audience_everyone = forms.BooleanField(
        label=_("The whole district (every partner's staff)"), required=False
    )
    audience_kinds = forms.MultipleChoiceField(
        label=_("All organisations of these kinds"),
        choices=AUDIENCE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_orgs = forms.ModelMultipleChoiceField(
        label=_("These organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=SearchableCheckboxes,
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("People in these roles"),
        choices=AUDIENCE_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Students see only what is shared with the role “Student”."),
    )

    def setup_audience(self, district: Any) -> None:
        orgs = (
            Organisation.objects.filter(district=district)
            .exclude(kind=OrgKind.MINISTRY)
            .order_by("kind", "name")
        )
        field = self.fields["audience_orgs"]
        field.queryset = orgs
        field.widget.choices = grouped_choices(orgs, group=lambda o: o.get_kind_display())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (
            data.get("audience_everyone")
            or data.get("audience_orgs")
            or data.get("audience_kinds")
            or data.get("audience_roles")
        ):
            self.add_error(
                "audience_everyone",
                _(
                    "Choose who it is shared with: the whole district, kinds of "
                    "organisation, organisations or roles."
                ),
            )
        return data

    def audience_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in AUDIENCE_FIELDS}
