"""Browser tests: pytest-django's live server, Playwright's sync API, Debian's chromium.

* `browser` (session): chromium at /usr/bin/chromium, or MUJIGAE_CHROMIUM. Missing:
  the browser tests are skipped with a message, unless MUJIGAE_REQUIRE_BROWSER=1
  (CI), which makes that a failure.
* `ansan` (function): the Ansan demo loaded with `load_ansan()` into a
  transactional database, so the live server's thread sees it.
* `context` / `page` (function): a fresh browser profile per test (no cookies,
  no language choice), asking for Korean like a Korean office PC does.
* `login()`, `logout()`, `shot()`, `ko()`: small helpers the tests share.

Every page a test opens is watched: a JavaScript error or a failed stylesheet,
script or image fails the test at teardown.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tempfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

# Playwright's sync API runs an asyncio event loop in this thread, and Django
# refuses synchronous database access while a loop runs. The tests only talk to
# the database between browser steps, never concurrently with the loop's work:
# the standard workaround for pytest-django + Playwright.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import trans_real  # noqa: E402

from mujigae.demo import DEMO_PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("MUJIGAE_CHROMIUM") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",  # we run as root in containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 30_000  # generous: CI machines run several suites at once
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# --------------------------------------------------------------------------
# Korean catalogue: *.mo is git-ignored; compile it when it is missing or stale,
# as `make messages` does, so `pytest tests/e2e` works straight after a clone.


@pytest.fixture(scope="session", autouse=True)
def korean_catalogue():
    po = Path(settings.LOCALE_PATHS[0]) / "ko" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh)
        buf = BytesIO()
        write_mo(buf, catalog, use_fuzzy=True)
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, mo)  # atomic: parallel workers may compile at once
        trans_real._translations = {}
        trans_real._default = None
        getattr(
            trans_real, "translation_catalog_exists", trans_real.check_for_language
        ).cache_clear()
    yield


def ko(message: str, **params) -> str:
    """The Korean the page should show for an English source string.

    Fails when the catalogue has no Korean for it: a page "in Korean" that
    falls back to English must not pass."""
    with translation.override("ko"):
        text = translation.gettext(message)
    assert HANGUL.search(text), f"no Korean translation for {message!r} (got {text!r})"
    return text % params if params else text


# --------------------------------------------------------------------------
# browser


@pytest.fixture(scope="session")
def browser():
    path = Path(CHROMIUM)
    if not (path.is_file() and os.access(path, os.X_OK)):
        message = (
            f"chromium not found at {CHROMIUM}: browser tests need Debian's chromium "
            "(sudo apt-get install chromium fonts-noto-cjk) or MUJIGAE_CHROMIUM=/path/to/chrome"
        )
        if _truthy("MUJIGAE_REQUIRE_BROWSER"):
            pytest.fail(message + " (MUJIGAE_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(path), headless=True, args=LAUNCH_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def ansan(transactional_db, settings):
    """The Ansan demo (7 logins, password `mujigae-demo`), visible to the live server.

    Passwords are hashed with a fast hasher here (as Django's testing docs
    advise): PBKDF2 costs ~0.7 s a hash, and the demo sets seven passwords per
    test. The live server runs in this process and uses the same setting."""
    from mujigae.demo.ansan import load_ansan
    from mujigae.security.demo import enrol_demo_devices

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    district = load_ansan()
    # as `mujigae demo` does: the coordinator and school logins have the demo
    # authenticator, so `login()` can type its code
    enrol_demo_devices(usernames=("coordinator", "city", "school"))
    return district


PHONE = {"width": 390, "height": 844}  # the phone viewport of the browser tests


def _new_context(browser, live_server, **options):
    ctx = browser.new_context(
        base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul", **options
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.add_init_script(path=str(AXE_SCRIPT))  # axe-core on every page (bypasses the CSP)
    return ctx


@pytest.fixture
def context(browser, live_server):
    ctx = _new_context(browser, live_server, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def phone_context(browser, live_server):
    ctx = _new_context(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield ctx
    ctx.close()


# --------------------------------------------------------------------------
# accessibility: axe-core (from PyPI's axe-playwright-python, no CDN) checks
# every page a browser test opens against WCAG 2.1 A/AA, as KWCAG 2.2 asks;
# a serious or critical violation fails the test (docs/accessibility.md).
# `@pytest.mark.a11y_exempt("why")` turns it off for a test that shows a
# broken page on purpose.

AXE_SCRIPT = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"
AXE_RUN = """async () => {
  if (!window.axe || document.contentType !== "text/html") return null;
  const r = await window.axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return r.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, n: v.nodes.length,
                where: v.nodes.slice(0, 3).map(n => n.target.join(" ") +
                  (n.any[0] && n.any[0].message ? " — " + n.any[0].message : ""))}));
}"""
AXE_FAILS_ON = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Serious and critical WCAG 2.1 A/AA violations of the page as it is now."""
    return page.evaluate(AXE_RUN) or []


def _watch_accessibility(pg, problems: list[str]) -> None:
    seen: set[tuple[str, str]] = set()

    def check(_page=None):
        try:
            found = axe_violations(pg)
        except Exception:  # noqa: BLE001 - the page navigated on meanwhile: the next load is checked
            return
        path = urlsplit(pg.url).path
        for v in found:
            if (path, v["id"]) in seen:
                continue
            seen.add((path, v["id"]))
            where = "; ".join(v["where"])
            problems.append(
                f"accessibility ({v['impact']}) {v['id']} on {path}: {v['help']} "
                f"[{v['n']} element(s): {where}]"
            )

    pg.on("load", check)
    pg.check_accessibility = check  # a test may check again after changing the page


@pytest.fixture
def page(context, request):
    """A page whose JavaScript errors, failed sub-resources and serious
    accessibility violations fail the test."""
    yield from _watched_page(context, request)


@pytest.fixture
def phone(phone_context, request):
    """The same, on a phone (390 × 844, touch)."""
    yield from _watched_page(phone_context, request)


def _watched_page(context, request):
    pg = context.new_page()
    problems: list[str] = []
    if request.node.get_closest_marker("a11y_exempt") is None:
        _watch_accessibility(pg, problems)
    pg.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))

    def on_response(response):
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    pg.on("response", on_response)

    def on_failed(request):
        # ERR_ABORTED: the page navigated away before the request finished.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed ({request.failure}): {request.url}")

    pg.on("requestfailed", on_failed)
    yield pg
    assert not problems, "page problems:\n" + "\n".join(problems)


# --------------------------------------------------------------------------
# helpers


def login(page, username: str, password: str = DEMO_PASSWORD):
    """Log in through the real form on /login/; returns the response of the last
    submit. Roles with a second factor (coordinator, school) go on to the code
    step, where this types the code their authenticator shows (`totp_now`)."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation() as nav:
        page.locator("main form button[type=submit]").click()
    if urlsplit(page.url).path != "/security/verify/":
        return nav.value
    page.fill("#id_code", totp_now(username))
    with page.expect_navigation() as nav:
        page.locator("main form button[type=submit]").click()
    return nav.value


def totp_now(username: str) -> str:
    """The code `username`'s authenticator shows now, computed from the device
    as the phone would. A code is accepted once (replay protection): when this
    30-second step's code was already used by an earlier login of the same
    test, the device forgets that use, as if the test had waited for the next
    step."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        device.last_t = totp.t() - 1
        device.save(update_fields=["last_t"])
    return f"{totp.token():0{device.digits}d}"


def logout(page) -> None:
    """The header's log-out button (a POST form); lands on the login page."""
    with page.expect_navigation():
        page.locator("header form[action='/logout/'] button").click()
    assert page.url.rstrip("/").endswith("/login"), page.url


def shot(page, name: str) -> Path:
    """A full-page screenshot in test-results/ (git-ignored)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
