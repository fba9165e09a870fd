import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core import forms as core_forms
from mujigae.core.models import District
from mujigae.governance.models import ActionItem, Commitment, Decision, Meeting, MeetingKind
from mujigae.partners.models import Organisation, Person

EARLIEST = dt.date(2000, 1, 1)


def _check_date_range(value: dt.date | None) -> None:
    if value is None:
        return
    latest = timezone.localdate() + dt.timedelta(days=365 * 10)
    if value < EARLIEST or value > latest:
        raise forms.ValidationError(_("Enter a date between 2000 and ten years from now."))


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "place",
            "chair",
            "agenda",
            "status",
            "organisations",
            "attendees",
        ]
        field_classes = {"starts_at": core_forms.DateTimeField}
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "organisations": core_forms.SearchableCheckboxes,
            "attendees": core_forms.SearchableCheckboxes,
        }
        help_texts = {
            "organisations": _("Tick every organisation taking part; type to find one."),
            "attendees": _("People must belong to one of the attending organisations."),
        }

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(district=district).order_by("kind", "name")
        people = (
            Person.objects.filter(district=district)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["organisations"].queryset = organisations
        self.fields["attendees"].queryset = people
        # grouped for the eye: organisations by kind, people by organisation
        self.fields["organisations"].widget.choices = core_forms.grouped_choices(
            organisations, group=lambda o: o.get_kind_display(), label=lambda o: o.name
        )
        self.fields["attendees"].widget.choices = core_forms.grouped_choices(
            people,
            group=lambda p: p.organisation.name,
            label=str,
        )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        _check_date_range(timezone.localtime(value).date() if value else None)
        return value


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))
    decisions = forms.CharField(
        label=_("Decisions taken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One decision per line. Each becomes a numbered decision you can turn into action items."
        ),
    )

    def decision_lines(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("decisions", "").splitlines()
            if line.strip()
        ]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": _("Enter the text of the decision.")}}


class ActionItemForm(forms.ModelForm):
    """The coordinator's form: every field."""

    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "meeting",
            "decision",
            "progress_note",
        ]
        field_classes = {"due_date": core_forms.DateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, district: District, owners, **kwargs):
        """`owners`: the organisations the item may be assigned to."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners.order_by("kind", "name")
        self.fields["meeting"].queryset = Meeting.objects.filter(district=district).order_by(
            "-starts_at"
        )
        self.fields["decision"].queryset = Decision.objects.filter(
            meeting__district=district
        ).select_related("meeting")
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.meeting.title} — {d.number}. {d.text[:50]}"
        )
        self.fields["due_date"].required = True
        self.fields["owner"].widget.choices = self._owner_choices(owners)

    def _owner_choices(self, owners):
        """The organisations attending the item's meeting first, then the others."""
        field = self.fields["owner"]
        meeting = self._meeting()
        everyone = list(owners.order_by("kind", "name"))
        blank = [("", core_forms.placeholder(field))]
        if meeting is None:
            return blank + [(o.pk, o.name) for o in everyone]
        attending = set(meeting.organisations.values_list("pk", flat=True))
        first = [(o.pk, o.name) for o in everyone if o.pk in attending]
        rest = [(o.pk, o.name) for o in everyone if o.pk not in attending]
        groups = []
        if first:
            groups.append((str(_("Attending organisations")), first))
        if rest:
            groups.append((str(_("Other organisations")), rest))
        return blank + groups

    def _meeting(self):
        """The meeting the item belongs to: as typed, as given, or as saved."""
        raw = None
        if self.is_bound:
            raw = self.data.get(self.add_prefix("meeting")) or None
        elif self.initial.get("meeting"):
            raw = self.initial["meeting"]
        elif self.instance and self.instance.meeting_id:
            return self.instance.meeting
        if raw is None:
            return None
        if isinstance(raw, Meeting):
            return raw
        try:
            return self.fields["meeting"].queryset.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        _check_date_range(value)
        return value


class ActionItemOwnerForm(forms.ModelForm):
    """What the owning organisation may change."""

    class Meta:
        model = ActionItem
        fields = ["status", "progress_note"]
        widgets = {"progress_note": forms.Textarea(attrs={"rows": 4})}


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "status", "evidence"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 4}),
        }


class CommitmentPartyForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["status", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("All")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")), *MeetingKind.choices]


class ActionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Organisation.objects.none()
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, owners, districts=None, **kwargs):
        """`owners`: the organisations to choose from, or None to leave the field
        out (the ministry picks a district first: a list of every organisation
        in the country helps nobody)."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All")),
            ("open", _("Open or in progress")),
            *ActionItem.Status.choices,
        ]
        if districts is not None:
            self.fields["district"] = forms.ModelChoiceField(
                label=_("District"),
                required=False,
                queryset=districts,
                empty_label=_("All districts"),
            )
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners
            self.fields["owner"].empty_label = _("All owners")
