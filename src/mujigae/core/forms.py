from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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


def submit(request, form: forms.BaseForm, save, success: str):
    """The write half of a form page: on a valid POST call `save(cleaned_data)`
    (a service), flash `success` and return its result; on a service error show
    it on the form and return None. GET, or an invalid form: None.
    `form_status()` then gives the page's status code."""
    from django.contrib import messages

    from mujigae.core.exceptions import ApplicationError

    if request.method != "POST":
        return None
    if not form.is_valid():
        form.error_status = 400
        return None
    try:
        result = save(form.cleaned_data)
    except ApplicationError as exc:
        apply_application_error(form, exc)
        form.error_status = exc.status
        return None
    messages.success(request, success)
    return result if result is not None else True


def form_status(form: forms.BaseForm) -> int:
    """The status of a form page after `submit`: 200, or the 4xx that refused it
    (400 for an invalid form, the service's own status for its error)."""
    return getattr(form, "error_status", 200)
