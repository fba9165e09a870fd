"""One shape for every form page (docs/forms.md).

- `form_page()` is a whole form page: on a valid POST it calls the service,
  flashes the success message and redirects; otherwise it renders the page with
  the form, the values the user typed and the errors, answering 200 (GET),
  `INVALID_STATUS` (422) for a form that does not validate, or the status of the
  service's `ApplicationError` (409 a conflict, 403 a refusal, ...).
- `submit()` and `form_status()` are its two halves, for the few pages that
  answer something else than a redirect after a save.
- `DateField` / `DateTimeField`: typed as text, so the server sees what the
  user typed. A browser's `<input type="date">` sends an impossible date
  (2025-02-30) as an empty value, which used to come back as "required".
- `FormRenderer` (settings.FORM_RENDERER) renders no `maxlength`: a browser cuts
  a longer paste without a word, the server says how long it may be instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The status of a page whose form did not validate (the API answers 422 for
# invalid input too); a service's ApplicationError answers its own status.
INVALID_STATUS = 422


# --------------------------------------------------------------------------
# rendering: no maxlength in the browser


# Django's "---------" for "nothing chosen" means nothing to a Korean office
# worker: every select says "선택하세요" (a required choice) or "선택 안 함" (an
# optional one) instead, here once for every form of the project.
DJANGO_BLANK = "---------"


def placeholder(field: forms.Field) -> str:
    """The label of a select's empty choice: "choose one" or "none"."""
    return str(_("Choose one") if field.required else _("None chosen"))


def _korean_blank(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        choices = getattr(field.widget, "choices", None)
        if isinstance(choices, list | tuple):  # choices the form set on the widget (groups)
            field.widget.choices = _relabel(choices, field)
        elif field.empty_label is not None and str(field.empty_label) == DJANGO_BLANK:
            field.empty_label = placeholder(field)
            field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField):
        field.choices = _relabel(list(field.choices), field)


def _relabel(choices, field):
    return [
        (value, placeholder(field))
        if value in ("", None) and str(label) == DJANGO_BLANK
        else (value, label)
        for value, label in choices
    ]


class _BoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        _korean_blank(self.field)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        attrs["maxlength"] = False  # False: the attribute is not rendered at all
        return attrs


class FormRenderer(DjangoTemplates):
    """Django's renderer, but a field's max_length is checked by the server
    only: the browser's maxlength cuts a long paste silently."""

    bound_field_class = _BoundField


# --------------------------------------------------------------------------
# dates typed as text

_SEPARATORS = re.compile(r"\s*[./년월]\s*|\s+")


def _date_text(value: str) -> str:
    """'2025. 3. 2.', '2025.03.02', '2025/3/2', '2025년 3월 2일', '20250302' -> '2025-3-2'."""
    text = value.strip().rstrip(".일 ").replace("/", "-")
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return _SEPARATORS.sub("-", text)


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "2025-03-02", "autocomplete": "off", "size": 12}
        super().__init__(attrs={**base, **(attrs or {})}, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "2025-03-02 14:00", "autocomplete": "off", "size": 18}
        super().__init__(attrs={**base, **(attrs or {})}, format="%Y-%m-%d %H:%M")


def parse_day(text: str) -> dt.date:
    """'2025-3-2' and the other written forms -> a date; ValueError if there is none."""
    parts = _date_text(text).split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(text)
    return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))


class _TypedAsText:
    """A date or time typed as text: `parse()` reads it; anything it cannot
    read gets the field's own message, naming the field and what was typed."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return self.from_value(value)
        try:
            return self.parse(str(value).strip())
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"field": self.label or _("The date"), "value": str(value).strip()},
            ) from None


class DateField(_TypedAsText, forms.DateField):
    """A date typed as 2025-03-02 (or 2025. 3. 2., 2025/3/2, 20250302)."""

    widget = DateInput
    default_error_messages = {
        "invalid": _(
            "%(field)s: the date is not valid (%(value)s). Write a real date, "
            "for example 2025-03-02."
        ),
    }

    def from_value(self, value: dt.date) -> dt.date:
        return value.date() if isinstance(value, dt.datetime) else value

    def parse(self, text: str) -> dt.date:
        return parse_day(text)


class DateTimeField(_TypedAsText, forms.DateTimeField):
    """A Korean time typed as 2025-03-02 14:00 (also 2025-03-02T14:00)."""

    widget = DateTimeInput
    default_error_messages = {
        "invalid": _(
            "%(field)s: the date or time is not valid (%(value)s). Write a real date "
            "and time, for example 2025-03-02 14:00."
        ),
    }

    def from_value(self, value: dt.date) -> dt.datetime:
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return timezone.make_aware(value) if timezone.is_naive(value) else value

    def parse(self, text: str) -> dt.datetime:
        match = re.fullmatch(r"(.+?)[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?", text)
        if match is None:
            raise ValueError(text)
        at = dt.time(int(match.group(2)), int(match.group(3)), int(match.group(4) or 0))
        return timezone.make_aware(dt.datetime.combine(parse_day(match.group(1)), at))


# --------------------------------------------------------------------------
# forms of the core pages


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct. Check them and try again."),
        "inactive": _("This account is disabled."),
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'school ERP sync'."),
    )


class ConfirmForm(forms.Form):
    """A page that asks "are you sure?" before a deletion."""

    confirm = forms.BooleanField(
        label=_("Yes, delete it"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )


# --------------------------------------------------------------------------
# the write half of a form page


def apply_application_error(form: forms.BaseForm, exc) -> None:
    """Show a service's ApplicationError on the form: on its fields where it names them."""
    placed = False
    for field, errors in exc.field_errors.items():
        if field in form.fields:
            for error in errors:
                form.add_error(field, error)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


Message = str | Callable[[Any], str] | None


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict], Any],
    success: Message = None,
    *,
    changed_only: bool = False,
):
    """The write half of a form page: on a valid POST call `save(data)` (a
    service; `data` is the cleaned data, or only the fields the user changed
    with `changed_only`), flash `success` (a text, or a function of the result)
    and return the result (True when the service returns None). GET, an invalid
    form or a service error: None, the form carrying the errors and
    `form_status()` the status to answer."""
    from django.contrib import messages

    from mujigae.core.exceptions import ApplicationError

    if request.method != "POST":
        return None
    if not form.is_bound:
        # An empty POST (`request.POST or None` is None): every field is missing.
        form.is_bound = True
    if not form.is_valid():
        form.error_status = INVALID_STATUS
        return None
    data = form.cleaned_data
    if changed_only:
        data = {name: data[name] for name in form.changed_data if name in data}
    try:
        result = save(data)
    except ApplicationError as exc:
        apply_application_error(form, exc)
        form.error_status = exc.status
        return None
    message = success(result) if callable(success) else success
    if message:
        messages.success(request, message)
    return True if result is None else result


def form_status(form: forms.BaseForm) -> int:
    """The status of a form page after `submit`: 200, or the 4xx that refused it
    (INVALID_STATUS for an invalid form, the service's own status for its error)."""
    return getattr(form, "error_status", 200)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict], Any],
    success: Message,
    done: Any,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    form_name: str = "form",
    changed_only: bool = False,
) -> HttpResponse:
    """A whole form page. `done` is where to go after the save: a URL or URL
    name, or a function of the service's result returning one (or a response,
    e.g. a file). Otherwise `template` is rendered with the form under
    `form_name` plus `context` (a dict, or a function called only then), with
    the status from `form_status`."""
    result = submit(request, form, save, success, changed_only=changed_only)
    if result is not None:
        target = done(result) if callable(done) else done
        return target if isinstance(target, HttpResponse) else redirect(target)
    ctx = context() if callable(context) else dict(context or {})
    ctx[form_name] = form
    return render(request, template, ctx, status=form_status(form))


# --------------------------------------------------------------------------
# a long list of checkboxes a busy person can search (no Ctrl-click lists)


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in groups (a fieldset per group) with a search box above them
    and the number chosen, instead of a `<select multiple>` that needs Ctrl-click.

    Without JavaScript it is a plain list of checkboxes; `mujigae/app.js`
    (`[data-searchable]`) adds the filter as you type and the count.
    Groups: give the widget grouped choices (`grouped_choices()`).
    """

    template_name = "core/widgets/searchable_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = _("Search the list")
        return context


def grouped_choices(objects, *, group, label=str) -> list[tuple[str, list[tuple[Any, str]]]]:
    """[(group name, [(pk, label), ...]), ...] in the order the objects come."""
    groups: dict[str, list[tuple[Any, str]]] = {}
    for obj in objects:
        groups.setdefault(str(group(obj)), []).append((obj.pk, label(obj)))
    return list(groups.items())


def confirm_delete(
    request: HttpRequest,
    obj: Any,
    *,
    back: str,
    delete: Callable[[], Any],
    success: Message,
    what: str,
) -> HttpResponse:
    """A delete behind a confirmation: GET shows "Delete … ? This cannot be
    undone." with a box to tick; POST with the box ticked calls `delete()` and
    goes `back`."""
    return form_page(
        request,
        ConfirmForm(request.POST or None),
        save=lambda _data: delete(),
        success=success,
        done=back,
        template="core/confirm_delete.html",
        context={"obj": obj, "what": what, "back": back},
    )
