"""Shared pieces of the REST API: the JSON parser that cleans every string of a
body (control characters removed, CRLF to LF: docs/input.md), input types that
never reach the database in a shape it would reject (out-of-range ids and
dates), paging, the error body, and resolving ids sent by a client to rows the
user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.parser import Parser
from pydantic import AfterValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError, ResidentNumberRefused
from mujigae.core.input_middleware import refuse_resident_numbers_in_data
from mujigae.core.text import clean, clean_data

MAX_ID = 2**63 - 1  # a bigint primary key; larger values would overflow the database
FIRST_YEAR, LAST_YEAR = 1900, 2999


class CleanParser(Parser):
    """JSON bodies with every string (keys too) cleaned by `core.text.clean`, so
    no schema can forget it. Query and form values arrive already cleaned by
    `CleanInputMiddleware`."""

    def parse_body(self, request: Any) -> Any:
        data = clean_data(super().parse_body(request))
        try:
            refuse_resident_numbers_in_data(data)
        except ResidentNumberRefused as exc:
            message = gettext(
                "mujigae never collects resident registration numbers (주민등록번호): "
                "remove the number and send it again. Nothing was saved."
            )
            raise ApplicationError(
                message, field_errors={exc.field: [message]}, status=400
            ) from exc
        return data


def _plausible_moment(value: dt.datetime) -> dt.datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("datetime_range", gettext("Enter a valid date/time."))
    if timezone.is_naive(value):  # a time without an offset is Korean local time
        value = timezone.make_aware(value)
    return value


def _plausible_day(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_range", gettext("Enter a valid date."))
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _clean_text(value: str) -> str:
    # The parser has cleaned request bodies already; this keeps a schema built
    # any other way clean too, and strips blanks a control character hid.
    return clean(value).strip()


Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_clean_text)]
Moment = Annotated[dt.datetime, AfterValidator(_plausible_moment)]
Day = Annotated[dt.date, AfterValidator(_plausible_day)]


def local(value: dt.datetime | None) -> dt.datetime | None:
    """Stored in UTC, shown in Asia/Seoul (ISO 8601 with +09:00)."""
    return timezone.localtime(value) if value is not None else None


class InSchema(Schema):
    """A request body: a field the API does not know is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------
# errors


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


# The error answers every operation may give, for the OpenAPI description.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: ErrorOut}


def field_error(field: str, message: str, status: int = 422) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]}, status=status)


# --------------------------------------------------------------------------
# paging


class PageParams(Schema):
    page: int = Field(1, ge=1, description="1-based page number")
    page_size: int | None = Field(
        None, ge=1, description="rows per page (capped at MUJIGAE_API_PAGE_SIZE_MAX)"
    )


def paginate(qs: QuerySet, params: PageParams) -> dict[str, Any]:
    """One COUNT and one page query (plus the queryset's own prefetches)."""
    size = min(params.page_size or settings.MUJIGAE_PAGE_SIZE, settings.MUJIGAE_API_PAGE_SIZE_MAX)
    count = qs.count()
    offset = (params.page - 1) * size
    results = list(qs[offset : offset + size]) if offset < count else []
    return {"count": count, "page": params.page, "page_size": size, "results": results}


# --------------------------------------------------------------------------
# ids sent by a client -> rows


def _choices(user: Any, model: type[Model], district_field: str, district: Any) -> QuerySet:
    return policy.visible(user, model).filter(**{district_field: district})


def _invalid_choice(field: str, value: Any) -> ApplicationError:
    return field_error(
        field,
        gettext("Select a valid choice. %(value)s is not one of the available choices.")
        % {"value": value},
    )


def pick(
    user: Any,
    model: type[Model],
    pk: int | None,
    *,
    field: str,
    district: Any,
    district_field: str = "district",
) -> Any:
    """The row `pk` of `model` if the user may see it and it belongs to `district`;
    otherwise a 422 with an error on `field` (never a 404: the URL was fine)."""
    if pk is None:
        return None
    obj = _choices(user, model, district_field, district).filter(pk=pk).first()
    if obj is None:
        raise _invalid_choice(field, pk)
    return obj


def pick_many(
    user: Any,
    model: type[Model],
    pks: Iterable[int],
    *,
    field: str,
    district: Any,
    district_field: str = "district",
) -> list[Any]:
    wanted = list(dict.fromkeys(pks))
    found = _choices(user, model, district_field, district).in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise _invalid_choice(field, ", ".join(str(pk) for pk in missing))
    return [found[pk] for pk in wanted]
