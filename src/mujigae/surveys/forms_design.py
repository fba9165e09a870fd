"""Forms for designing and sending surveys."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.core import forms as core_forms
from mujigae.core.models import Industry
from mujigae.partners.models import Organisation, OrgKind
from mujigae.surveys import answers
from mujigae.surveys.models import (
    SCALE_LABELS,
    SIZE_BOUNDS,
    Invitation,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
)
from mujigae.surveys.templates_data import template_choices

MAX_OPTIONS = 50


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Survey year"), min_value=2000, max_value=2100)


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from"),
        choices=[("", _("A blank survey"))],
        required=False,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )
    year = _year_field()
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=SurveyKind.choices,
        required=False,
        help_text=_("For a blank survey."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("A blank survey")), *template_choices()]
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if not data.get("template") and not (data.get("title") or "").strip():
            self.add_error("title", _("Enter a title for a blank survey."))
        return data


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "kind", "intro", "year", "deadline", "reminder_days"]
        field_classes = {"deadline": core_forms.DateTimeField}
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        before = self.instance.deadline if self.instance else None
        # The form shows minutes only: a past deadline sent back unchanged is no change.
        moved = before is None or deadline is None or abs(deadline - before).total_seconds() >= 60
        if deadline and moved and deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return before if deadline and not moved else deadline

    def clean_reminder_days(self):
        raw = self.cleaned_data.get("reminder_days", "")
        days = []
        for part in raw.replace(" ", "").split(","):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 365:
                raise forms.ValidationError(
                    _("Enter whole numbers of days between 1 and 365, separated by commas.")
                )
            days.append(int(part))
        return ",".join(str(d) for d in sorted(set(days), reverse=True))


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Section title"),
        max_length=200,
        error_messages={"required": _("Enter the title of the section.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def parse_options(text: str) -> list[dict[str, str]]:
    """One option a line: "value|label", or just "label" (the value is then its number)."""
    options = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_OPTIONS:
        raise forms.ValidationError(
            _("Enter at most %(n)s options.") % {"n": MAX_OPTIONS}, code="too_many"
        )
    for i, line in enumerate(lines, start=1):
        if "|" in line:
            value, label = (p.strip() for p in line.split("|", 1))
        else:
            value, label = str(i), line
        if not value or not label:
            raise forms.ValidationError(
                _("Line %(n)s: write “value|label” or just the label.") % {"n": i}
            )
        if len(value) > 100 or len(label) > 200:
            raise forms.ValidationError(_("Line %(n)s is too long.") % {"n": i})
        options.append({"value": value, "label": label})
    return options


def options_text(options: list[dict]) -> str:
    return "\n".join(f"{o['value']}|{o['label']}" for o in options)


def _allowed_values(q: Question) -> list[str]:
    return list(answers.SCALE_VALUES) if q.kind == "scale" else q.option_values()


def _answer_value(q: Question, typed: str) -> str | None:
    """What the designer typed for an answer of `q` (its label, as the
    company sees it, or its stored value) as the stored value; None if neither."""
    for value in _allowed_values(q):
        if typed in (value, q.answer_label(value), q.option_label(value)):
            return value
    if q.kind == "scale":
        for value in _allowed_values(q):
            if typed == str(SCALE_LABELS[value]):
                return value
    return None


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=None, empty_label=None)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short stable name used in exports, e.g. q_size"),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For choice questions: one option a line, “value|label” or just the label."),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=20, required=False, help_text=_("For numbers, e.g. 명")
    )
    min_value = forms.FloatField(label=_("Minimum"), required=False)
    max_value = forms.FloatField(label=_("Maximum"), required=False)
    show_if_question = forms.ModelChoiceField(
        label=_("Show only if question"),
        queryset=None,
        required=False,
        empty_label=_("(always shown)"),
        help_text=_("An earlier choice or scale question."),
    )
    show_if_values = forms.CharField(
        label=_("… has one of these answers"),
        required=False,
        max_length=500,
        help_text=_("The answers as the company sees them, separated by commas."),
    )

    def __init__(
        self,
        *args,
        survey: Survey,
        question: Question | None = None,
        answered: bool = False,
        **kwargs,
    ):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "section": question.section_id,
                "code": question.code,
                "kind": question.kind,
                "text": question.text,
                "help_text": question.help_text,
                "required": question.required,
                "options": options_text(question.options),
                "unit": question.unit,
                "min_value": question.min_value,
                "max_value": question.max_value,
                "show_if_question": question.show_if_question_id,
                "show_if_values": ", ".join(question.show_if_labels()),
            }
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.question = question
        self.fields["section"].queryset = survey.sections.order_by("position")
        conditions = survey.questions.filter(kind__in=["single", "multi", "scale"]).order_by(
            "section__position", "position"
        )
        if question is not None:
            del self.fields["section"]  # a question stays in its section
            conditions = conditions.exclude(pk=question.pk).filter(
                Q_before(question.section.position, question.position)
            )
        self.fields["show_if_question"].queryset = conditions.select_related("section")
        self.fields["show_if_question"].label_from_instance = lambda q: (
            f"{q.section.position}-{q.position}. {q.text}"
        )
        if answered:
            for name in ("code", "kind"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Companies have already answered: this cannot change."
                )

    def clean_options(self):
        return parse_options(self.cleaned_data.get("options", ""))

    def clean_show_if_values(self):
        raw = self.cleaned_data.get("show_if_values", "")
        return [v.strip() for v in raw.replace("\n", ",").split(",") if v.strip()]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        code = data.get("code")
        if code:
            others = self.survey.questions.filter(code=code)
            if self.question is not None:
                others = others.exclude(pk=self.question.pk)
            if others.exists():
                self.add_error("code", _("Another question of this survey already uses this code."))
        if kind in ("single", "multi"):
            if len(data.get("options") or []) < 2 and "options" not in self.errors:
                self.add_error("options", _("A choice question needs at least two options."))
        else:
            data["options"] = []
        if kind != "number":
            data["unit"], data["min_value"], data["max_value"] = "", None, None
        cond = data.get("show_if_question")
        values = data.get("show_if_values") or []
        if cond is not None:
            section = data.get("section") or (self.question.section if self.question else None)
            if (
                self.question is None
                and section is not None
                and cond.section.position > section.position
            ):
                self.add_error(
                    "show_if_question", _("Choose a question that comes before this one.")
                )
            if not values:
                self.add_error("show_if_values", _("Enter the answers that show this question."))
            else:
                chosen = [_answer_value(cond, v) for v in values]
                bad = [v for v, value in zip(values, chosen, strict=True) if value is None]
                if bad:
                    allowed = [cond.answer_label(v) for v in _allowed_values(cond)]
                    self.add_error(
                        "show_if_values",
                        _("Not an answer of that question: %(values)s. Allowed: %(allowed)s")
                        % {"values": ", ".join(bad), "allowed": ", ".join(allowed)},
                    )
                else:
                    data["show_if_values"] = chosen
        elif values:
            self.add_error("show_if_question", _("Choose the question these answers belong to."))
        return data


def Q_before(section_position: int, position: int):  # noqa: N802 — reads as a Q object
    from django.db.models import Q

    return Q(section__position__lt=section_position) | Q(
        section__position=section_position, position__lt=position
    )


class SendForm(forms.Form):
    participating_only = forms.BooleanField(
        label=_("Participating companies only"), required=False, initial=True
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=None, required=False, empty_label=_("All industries")
    )
    size = forms.ChoiceField(label=_("Size"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    resend = forms.BooleanField(
        label=_("Send again to companies already sent the link"),
        required=False,
        help_text=_("Companies that have submitted are never sent anything again."),
    )

    SIZE_LABELS = {
        "micro": _("Micro (under 10)"),
        "small": _("Small (10–49)"),
        "medium": _("Medium (50–299)"),
        "large": _("Large (300 and more)"),
    }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(district=district).order_by(
            "name"
        )
        self.fields["size"].choices = [("", _("All sizes"))] + [
            (k, self.SIZE_LABELS.get(k, k)) for k in SIZE_BOUNDS
        ]
        areas = (
            Organisation.objects.filter(district=district, kind=OrgKind.COMPANY)
            .exclude(area="")
            .values_list("area", flat=True)
            .distinct()
            .order_by("area")
        )
        self.fields["area"].choices = [("", _("All areas"))] + [(a, a) for a in areas]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "industry": data["industry"].pk if data.get("industry") else None,
            "size": data.get("size") or None,
            "area": data.get("area") or None,
            "participating_only": bool(data.get("participating_only")),
        }


class TrackerFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(Invitation.Status.choices),
    )
