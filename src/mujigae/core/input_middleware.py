"""Every form and query value of every request, cleaned before any view reads it:
control characters other than newline and tab are removed, and CRLF (what a
browser sends for a textarea's line breaks) becomes LF. See docs/input.md.

One place instead of one per form: it covers every page, the admin, the
public survey answer pages (their htmx autosave too) and the form parameters
of the API, including forms written later. JSON bodies of the API are cleaned
by the API's parser (`core.api_schemas.CleanParser`); uploaded files are the
import pipeline's business and are not touched.

A value holding a resident registration number (주민등록번호, in any written
form) is refused: the request is answered 400 with a Korean message before any
view runs, so nothing is written (password fields excepted: they are never
shown or stored as typed). mujigae never collects one (docs/input.md).

The POST body is not read here: views that must set upload handlers or check
the body's size before it is parsed (the class-list import, the survey answer
pages) still can. The cleaning runs when the body is first parsed, whoever
asks for it (CSRF check, view or form).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict

from mujigae.core.exceptions import ResidentNumberRefused
from mujigae.core.imports import rrn_number_in
from mujigae.core.text import CONTROL, clean

DIGITS = frozenset("0123456789０１２３４５６７８９")


def refuse_resident_numbers(data: QueryDict) -> None:
    """Raise ResidentNumberRefused for the first value holding a resident
    registration number (password fields and the CSRF token are not looked at)."""
    for key, values in data.lists():
        if "password" in key or key == "csrfmiddlewaretoken":
            continue
        for value in values:
            # 13 digits at least: skip the scan for the usual short values
            if sum(ch in DIGITS for ch in value) >= 13 and rrn_number_in(value):
                raise ResidentNumberRefused(key)


def clean_querydict(data: QueryDict) -> QueryDict:
    """`data` with every value cleaned (the same object when nothing changes)."""
    if not any(
        "\r" in value or CONTROL.search(value) for _key, values in data.lists() for value in values
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(key, [clean(value) for value in values])
    cleaned._mutable = data._mutable
    return cleaned


def refuse_resident_numbers_in_data(value: object, key: str = "") -> None:
    """The same for every string of a JSON value (the API's bodies)."""
    if isinstance(value, str):
        long_number = sum(ch in DIGITS for ch in value) >= 13
        if "password" not in key and long_number and rrn_number_in(value):
            raise ResidentNumberRefused(key)
    elif isinstance(value, dict):
        for k, v in value.items():
            refuse_resident_numbers_in_data(k, str(k))
            refuse_resident_numbers_in_data(v, str(k))
    elif isinstance(value, list | tuple):
        for v in value:
            refuse_resident_numbers_in_data(v, key)


class CleanInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = clean_querydict(request.GET)
        try:
            refuse_resident_numbers(request.GET)
        except ResidentNumberRefused as exc:
            from mujigae.core.views import bad_request

            return bad_request(request, exc)
        load = request._load_post_and_files  # parses the body into _post and _files

        def load_and_clean() -> None:
            load()
            request._post = clean_querydict(request._post)
            refuse_resident_numbers(request._post)  # → 400 (handler400)

        # Django calls this the first time request.POST or request.FILES is read.
        request._load_post_and_files = load_and_clean  # type: ignore[method-assign]
        return self.get_response(request)
