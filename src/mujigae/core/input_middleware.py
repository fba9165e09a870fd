"""Every form and query value of every request, cleaned before any view reads it:
control characters other than newline and tab are removed, and CRLF (what a
browser sends for a textarea's line breaks) becomes LF. See docs/input.md.

One place instead of one per form: it covers every page, the admin, the
public survey answer pages (their htmx autosave too) and the form parameters
of the API, including forms written later. JSON bodies of the API are cleaned
by the API's parser (`core.api_schemas.CleanParser`); uploaded files are the
import pipeline's business and are not touched.

The POST body is not read here: views that must set upload handlers or check
the body's size before it is parsed (the class-list import, the survey answer
pages) still can. The cleaning runs when the body is first parsed, whoever
asks for it (CSRF check, view or form).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict

from mujigae.core.text import CONTROL, clean


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


class CleanInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = clean_querydict(request.GET)
        load = request._load_post_and_files  # parses the body into _post and _files

        def load_and_clean() -> None:
            load()
            request._post = clean_querydict(request._post)

        # Django calls this the first time request.POST or request.FILES is read.
        request._load_post_and_files = load_and_clean  # type: ignore[method-assign]
        return self.get_response(request)
