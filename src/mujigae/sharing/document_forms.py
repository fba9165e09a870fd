"""Forms of the documents library."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mujigae.core.files import UploadField
from mujigae.sharing.audience import audience_initial
from mujigae.sharing.forms import AudienceFormMixin
from mujigae.sharing.models import Document, Folder


class _FolderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Folder) -> str:
        return obj.name


class DocumentForm(AudienceFormMixin):
    """Title, description, tags, folder, audience; with `upload=True` also the
    file (the first version) and its note."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas, e.g. 현장실습, 로봇, 2025"),
    )
    folder = _FolderChoice(label=_("Folder"), queryset=Folder.objects.none(), required=False)
    file = UploadField(label=_("File"))
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_("Optional: what this version is, e.g. “final, signed”."),
    )

    field_order = ["title", "description", "tags", "folder", "file", "note"]

    def __init__(
        self,
        *args: Any,
        district: Any,
        folders: Any,
        document: Document | None = None,
        **kwargs: Any,
    ):
        if document is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": document.title,
                    "description": document.description,
                    "tags": ", ".join(t.tag for t in document.tags.order_by("pk")),
                    "folder": document.folder_id,
                    **audience_initial(document.audience),
                },
            )
        super().__init__(*args, **kwargs)
        self.setup_audience(district)
        self.fields["folder"].queryset = folders
        if document is not None:
            del self.fields["file"]
            del self.fields["note"]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        out = {
            "title": data["title"],
            "description": data.get("description", ""),
            "tags": data.get("tags", ""),
            "folder": data.get("folder"),
            "audience": self.audience_data(),
        }
        if "file" in self.fields:
            out["upload"] = data["file"]
            out["note"] = data.get("note", "")
        return out


class VersionForm(forms.Form):
    file = UploadField(label=_("File"))
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_("e.g. “budget table corrected”"),
    )


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Folder name"), max_length=120)
    parent = _FolderChoice(
        label=_("Inside the folder"), queryset=Folder.objects.none(), required=False
    )

    def __init__(self, *args: Any, folders: Any = None, rename: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if rename:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = folders
