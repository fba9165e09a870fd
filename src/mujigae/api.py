"""The REST API (django-ninja). Routers live in each app's api.py.

Who may call which route is decided before any view runs: the access policy's
route table (each app's access.py, names "api:<url_name>"), enforced by
`AccessPolicyMiddleware`, which also turns a Bearer token into `request.user`.
Here we only accept that user (token) or a logged-in session user (with CSRF
checked on unsafe methods), and translate errors into JSON at the edge.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from mujigae.core.api_schemas import CleanParser
from mujigae.core.exceptions import ApplicationError
from mujigae.governance.api import action_items, commitments, meetings
from mujigae.insights.api import gap
from mujigae.partners.api import organisations
from mujigae.reports.api import district_evaluations, evaluations, frameworks
from mujigae.surveys.api import survey_aggregates


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mjg_...`. The middleware has already resolved the
    token (and refused a bad one with 401); we accept the user it set."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if getattr(request, "via_token", False) and request.user.is_authenticated:
            return request.user
        return None


class SessionCsrfAuth(SessionAuth):
    """The browser's session cookie, with Django's CSRF check on unsafe methods."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(403, gettext("CSRF verification failed. Request aborted."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated else None


class MujigaeAPI(NinjaAPI):
    """NinjaAPI without its catch-all root route ("api:api-root", a 404 page that
    only served to compute the OpenAPI path prefix): every route must have a rule
    in the policy table, so we compute the prefix from the spec's own URL."""

    def get_root_path(self, path_params: dict[str, Any]) -> str:
        spec = reverse(f"{self.urls_namespace}:openapi-json", kwargs=path_params)
        return spec[: -len((self.openapi_url or "").lstrip("/"))] or "/"

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        return [p for p in patterns if getattr(p, "name", None) != "api-root"], app_name, namespace


api = MujigaeAPI(
    title="mujigae API",
    version="1",
    description=(
        "REST API of mujigae. Authenticate with a personal token "
        "(`Authorization: Bearer mjg_...`, created under Account → API tokens) or a "
        "browser session (send the CSRF token with POST/PATCH). Lists are paged "
        "(`page`, `page_size`); dates are ISO 8601 in Asia/Seoul; errors are "
        '`{"detail": "...", "errors": {"field": ["..."]}}` in the request language.'
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionCsrfAuth()],
    # Every string of a JSON body loses its control characters (docs/input.md).
    parser=CleanParser(),
    # Swagger UI from ninja's own static files (ninja is in INSTALLED_APPS), no CDN;
    # no validator badge either (it would call validator.swagger.io).
    docs=Swagger(settings={"validatorUrl": None}),
)


# --------------------------------------------------------------------------
# errors -> JSON


def _error(
    request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status, str(exc.message), exc.field_errors)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, gettext("Not found."))


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return _error(request, 404, gettext("Not found."))


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # Services wrap model validation in ApplicationError; this is the safety net.
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    first = next(iter(errors.values()), [gettext("Enter a valid value.")])[0]
    return _error(request, 422, str(first), {k: [str(m) for m in v] for k, v in errors.items()})


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, gettext("You do not have permission to do this."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, gettext("Authentication required."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, ApplicationError):  # the body's parser refused it (a resident number)
        return _error(request, cause.status, str(cause.message), cause.field_errors)
    if exc.status_code == 400:  # ninja: "Cannot parse request body"
        return _error(request, 400, gettext("The request body is not valid JSON."))
    return _error(request, exc.status_code, str(exc))


# pydantic error type -> message (Django's own msgids where one fits, so they
# are translated by Django's catalogue). N_ marks them for makemessages;
# gettext translates them per request.
_MESSAGES = {
    "missing": N_("This field is required."),
    "int_parsing": N_("Enter a whole number."),
    "int_type": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number."),
    "float_type": N_("Enter a number."),
    "bool_parsing": N_("Enter a valid value."),
    "bool_type": N_("Enter a valid value."),
    "date_parsing": N_("Enter a valid date."),
    "date_from_datetime_parsing": N_("Enter a valid date."),
    "date_from_datetime_inexact": N_("Enter a valid date."),
    "date_type": N_("Enter a valid date."),
    "datetime_parsing": N_("Enter a valid date/time."),
    "datetime_from_date_parsing": N_("Enter a valid date/time."),
    "datetime_type": N_("Enter a valid date/time."),
    "datetime_object_invalid": N_("Enter a valid date/time."),
    "enum": N_("Select a valid choice. That choice is not one of the available choices."),
    "literal_error": N_("Select a valid choice. That choice is not one of the available choices."),
    "list_type": N_("Enter a list of values."),
    "model_attributes_type": N_("Enter a valid JSON."),
    "dict_type": N_("Enter a valid JSON."),
    "json_invalid": N_("Enter a valid JSON."),
    "extra_forbidden": N_("Unknown field."),
}
_LIMITS = {
    "greater_than_equal": (
        "ge",
        N_("Ensure this value is greater than or equal to %(limit_value)s."),
    ),
    "less_than_equal": ("le", N_("Ensure this value is less than or equal to %(limit_value)s.")),
}
_PARAM_NAMES = {"payload", "filters"}  # the names of the body / query schema parameters


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _LIMITS:
        key, template = _LIMITS[kind]
        return gettext(template) % {"limit_value": error.get("ctx", {}).get(key, "")}
    if kind in _MESSAGES:
        return gettext(_MESSAGES[kind])
    if kind in ("datetime_range", "date_range"):  # ours, translated
        return str(error.get("msg", ""))
    return gettext("Enter a valid value.")


def _field(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc[1:] if isinstance(part, str)]
    names = [name for name in names if name not in _PARAM_NAMES]
    return names[0] if names else "__all__"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # A malformed id in the path names no resource: 404, like an unknown one.
    if any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors):
        return _error(request, 404, gettext("Not found."))
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        messages = errors.setdefault(_field(tuple(error.get("loc", ()))), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return _error(request, 422, gettext("Check the fields listed under errors."), errors)


# --------------------------------------------------------------------------
# routes (names: see policy.ROUTES)

api.add_router("/organisations/", organisations)
api.add_router("/meetings/", meetings)
api.add_router("/action-items/", action_items)
api.add_router("/commitments/", commitments)
# read-only figures (issue 16): the evaluation, the skills gap, survey aggregates
api.add_router("/frameworks/", frameworks)
api.add_router("/evaluations/", evaluations)
api.add_router("/districts/", district_evaluations)
api.add_router("/gap/", gap)
api.add_router("/surveys/", survey_aggregates)
