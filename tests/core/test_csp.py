"""The Content-Security-Policy (docs/security-headers.md), checked in production
mode (the tests run with DEBUG off): every page of the access matrix, as the
coordinator, a school, a company, a student and an anonymous visitor (and
Django's admin as a superuser), answers with the policy, and no HTML answer
carries script the policy would refuse — an inline <script>, an on*= handler, a
javascript: URL — or an inline <style> element (stylesheets are files)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.core import test_access_matrix as matrix
from tests.core.test_access_matrix import (
    ANONYMOUS,
    COMPANY,
    COORDINATOR,
    ROUTES,
    SCHOOL,
    STUDENT,
    SUPERUSER,
    login_as,
    send,
)

# The access matrix's world, built once for this module (rolled back at its end).
module_data = matrix.module_data


@pytest.fixture
def data(module_data, db):
    return module_data


PERSONAS = (COORDINATOR, SCHOOL, COMPANY, STUDENT, ANONYMOUS)
PAGE_ROUTES = sorted(name for name, route in ROUTES.items() if not route.is_api)
ADMIN_PAGES = ("/admin/", "/admin/core/user/", "/admin/core/user/add/", "/admin/auth/group/")


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_strict_policy(response) -> None:
    d = directives(response)
    assert d["script-src"] == ["'self'"], d.get("script-src")
    assert d["default-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"] and d["frame-ancestors"] == ["'none'"]
    assert d["base-uri"] == ["'self'"] and d["form-action"] == ["'self'"]
    assert d["style-src"] == ["'self'"]  # <style> elements refused; style="" allowed
    for name, values in d.items():
        assert "'unsafe-eval'" not in values, name
        if name != "style-src-attr":
            assert "'unsafe-inline'" not in values, name


class _InlineScript(HTMLParser):
    """Finds what a policy without 'unsafe-inline' refuses."""

    EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> (an inline event handler)")
            if name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=…> (htmx's inline script)")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.strip().lower().startswith("javascript:")
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> element (inline styles must be files)")
        if tag == "script" and not attrs.get("src"):
            kind = (attrs.get("type") or "").strip().lower()
            if kind in self.EXECUTABLE_TYPES:
                self.problems.append("<script> without src (inline script)")


def inline_script(response) -> list[str]:
    if "text/html" not in response.get("Content-Type", ""):
        return []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parser = _InlineScript()
    parser.feed(body.decode("utf-8", "replace"))
    return parser.problems


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_has_the_policy_and_no_inline_script(persona, data):
    client = Client()
    headers = login_as(client, data, persona)
    problems, html_pages = [], 0
    for name in PAGE_ROUTES:
        route = ROUTES[name]
        if route.is_admin:
            continue
        response = send(route, data, persona, "GET", client=client, headers=headers)
        assert_strict_policy(response)
        if "text/html" in response.get("Content-Type", ""):
            html_pages += 1
        problems += [f"{name} ({response.status_code}): {p}" for p in inline_script(response)]
    assert html_pages >= 20
    assert not problems, "\n".join(problems)


def test_the_admin_works_under_the_policy(data):
    client = Client()
    client.force_login(data.users[SUPERUSER])
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert not inline_script(response), (url, inline_script(response))


def test_the_api_and_its_docs_have_the_policy(data):
    client = Client()
    for url in ("/api/docs", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert not inline_script(response), url


def test_error_pages_have_the_policy(data):
    client = Client()
    client.force_login(data.users[STUDENT])
    for url, status in (("/no-such-page/", 404), ("/partners/", 403)):
        response = client.get(url)
        assert response.status_code == status
        assert_strict_policy(response)
        assert not inline_script(response)


def test_every_base_page_has_the_footer_links(data):
    """Every page built on base.html shows the policy links in its footer."""
    client = Client()
    missing = []
    for persona in (COORDINATOR, STUDENT, ANONYMOUS):
        headers = login_as(client, data, persona)
        for name in PAGE_ROUTES:
            route = ROUTES[name]
            if route.is_admin:
                continue
            response = send(route, data, persona, "GET", client=client, headers=headers)
            body = response.content.decode("utf-8", "replace") if not response.streaming else ""
            if '<main id="main">' in body and 'data-testid="legal-links"' not in body:
                missing.append(f"{persona} {name}")
    assert not missing, missing


def test_the_checker_finds_inline_script():
    """The parser above is what keeps the pages clean: it must see each kind."""
    from django.http import HttpResponse

    page = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<button onclick="go()">x</button><a href="javascript:go()">y</a>'
        '<div hx-on:click="go()"></div><style>p{}</style><p style="color:red">ok</p>'
    )
    problems = inline_script(HttpResponse(page))
    assert len(problems) == 5, problems  # the src= script, the JSON and style= pass
