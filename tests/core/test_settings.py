"""The settings module read in a child process with an environment the test
controls: a missing secret key without debug refuses to start, and a malformed
variable stops the start with ImproperlyConfigured naming it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

KEY = "a-test-key-for-the-settings-module-only-0123456789abcdefghijklmnop"
SHOW = (
    "import json, mujigae.settings as s; print(json.dumps({name: getattr(s, name) for name in "
    "('DEBUG', 'SECRET_KEY', 'MUJIGAE_ROUND_INLINE_MAX', 'MUJIGAE_ROUND_WELFARE_MAX', "
    "'MUJIGAE_DEMO_URL', 'MUJIGAE_PAGE_SIZE')}))"
)


def _env(tmp_path, **variables: str) -> dict[str, str]:
    """No MUJIGAE_* or DATABASE_URL from the caller (pytest-env's key included):
    only what the test names, and a var directory of its own."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("MUJIGAE_")
        and name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["MUJIGAE_VAR_DIR"] = str(tmp_path / "var")
    env.update(variables)
    return env


def _settings(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", SHOW],
        env=_env(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _values(tmp_path, **variables: str) -> dict:
    done = _settings(tmp_path, **variables)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _refusal(tmp_path, **variables: str) -> str:
    """The ImproperlyConfigured line of a start that must fail."""
    done = _settings(tmp_path, **variables)
    assert done.returncode != 0, done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), done.stderr
    return last


def test_without_a_key_and_without_debug_the_settings_refuse_to_start(tmp_path):
    message = _refusal(tmp_path)
    assert "MUJIGAE_SECRET_KEY" in message and "MUJIGAE_DEBUG=1" in message
    # "off" is as good as unset; a blank key is no key
    assert "MUJIGAE_SECRET_KEY" in _refusal(tmp_path, MUJIGAE_DEBUG="0", MUJIGAE_SECRET_KEY="  ")


def test_the_public_development_key_is_refused_without_debug(tmp_path):
    from mujigae.settings import DEVELOPMENT_SECRET_KEY

    assert "MUJIGAE_SECRET_KEY" in _refusal(tmp_path, MUJIGAE_SECRET_KEY=DEVELOPMENT_SECRET_KEY)


def test_a_given_key_is_used_and_debug_is_off_by_default(tmp_path):
    values = _values(tmp_path, MUJIGAE_SECRET_KEY=KEY)
    assert values["SECRET_KEY"] == KEY and values["DEBUG"] is False


def test_debug_runs_on_the_development_key(tmp_path):
    """`make demo` and the other development commands set MUJIGAE_DEBUG=1 and no key."""
    from mujigae.settings import DEVELOPMENT_SECRET_KEY

    values = _values(tmp_path, MUJIGAE_DEBUG="1")
    assert values["DEBUG"] is True and values["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_the_mujigae_command_refuses_in_one_line(tmp_path):
    """What an operator sees: one line naming the variable, exit status 1, no traceback."""
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mujigae.cli", "check"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("mujigae: MUJIGAE_SECRET_KEY is not set")
    assert "Traceback" not in done.stderr


MALFORMED = [
    ("MUJIGAE_PAGE_SIZE", "fifty"),
    ("MUJIGAE_PAGE_SIZE", "0"),
    ("MUJIGAE_ROUND_INLINE_MAX", "2,000"),
    ("MUJIGAE_ROUND_WELFARE_MAX", "-1"),
    ("MUJIGAE_SEND_INLINE_MAX", "1.5"),
    ("MUJIGAE_LOGIN_FAILURE_LIMIT", "many"),
    ("MUJIGAE_DB_CONN_MAX_AGE", "forever"),
    ("MUJIGAE_SECURE", "maybe"),
    ("MUJIGAE_LOG_LEVEL", "LOUD"),
    ("MUJIGAE_BASE_URL", "mujigae.example.kr"),
    ("MUJIGAE_DEMO_URL", "127.0.0.1:8080"),
    ("MUJIGAE_CACHE_URL", "memcached://127.0.0.1:11211"),
]
# One child process reads the settings module once per case (a fresh module each
# time), each case in a copy of the same controlled environment plus one variable.
READ_EACH = """
import importlib.util, json, os, runpy, sys
from django.core.exceptions import ImproperlyConfigured
path = importlib.util.find_spec("mujigae.settings").origin
base = dict(os.environ)
out = []
for name, value in json.loads(sys.argv[1]):
    os.environ.clear()
    os.environ.update(base, **{name: value})
    try:
        runpy.run_path(path)
        out.append(None)
    except ImproperlyConfigured as exc:
        out.append(f"{type(exc).__name__}: {exc}")
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def refusals(tmp_path_factory) -> dict[tuple[str, str], str | None]:
    tmp = tmp_path_factory.mktemp("settings")
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", READ_EACH, json.dumps(MALFORMED)],
        env=_env(tmp, MUJIGAE_SECRET_KEY=KEY),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(zip(MALFORMED, json.loads(done.stdout), strict=True))


@pytest.mark.parametrize(("name", "value"), MALFORMED)
def test_a_malformed_variable_stops_the_start_and_is_named(refusals, name, value):
    message = refusals[(name, value)]
    assert message is not None, f"{name}={value!r} was accepted"
    assert message.startswith("ImproperlyConfigured: ") and name in message


def test_a_bad_database_url_is_named_without_its_password(tmp_path):
    message = _refusal(
        tmp_path, MUJIGAE_SECRET_KEY=KEY, DATABASE_URL="mysql://mujigae:hunter2@db/mujigae"
    )
    assert "DATABASE_URL" in message and "mysql://" in message
    assert "hunter2" not in message


def test_round_limits_and_the_demo_url_come_from_the_environment(tmp_path):
    """Read once, strictly, by the settings (the rounds app no longer reads os.environ)."""
    defaults = _values(tmp_path, MUJIGAE_DEBUG="1")
    assert defaults["MUJIGAE_ROUND_INLINE_MAX"] == 2000
    assert defaults["MUJIGAE_ROUND_WELFARE_MAX"] == 20_000
    values = _values(
        tmp_path,
        MUJIGAE_DEBUG="1",
        MUJIGAE_ROUND_INLINE_MAX=" 5 ",
        MUJIGAE_ROUND_WELFARE_MAX="0",
        MUJIGAE_DEMO_URL="http://127.0.0.1:8080",
        MUJIGAE_PAGE_SIZE="",  # blank: the default
    )
    assert values["MUJIGAE_ROUND_INLINE_MAX"] == 5
    assert values["MUJIGAE_ROUND_WELFARE_MAX"] == 0
    assert values["MUJIGAE_DEMO_URL"] == "http://127.0.0.1:8080"
    assert values["MUJIGAE_PAGE_SIZE"] == 50


def test_no_module_outside_the_settings_reads_the_environment():
    """Every setting goes through the strict parsers of settings.py."""
    from pathlib import Path

    import mujigae

    root = Path(mujigae.__file__).resolve().parent
    allowed = {root / "settings.py", root / "cli.py", root / "wsgi.py"}  # DJANGO_SETTINGS_MODULE
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "os.environ" in line or "getenv" in line
    ]
    assert offenders == []


def test_docs_deploy_lists_every_variable_the_settings_read():
    import ast
    from pathlib import Path

    import mujigae.settings

    tree = ast.parse(Path(mujigae.settings.__file__).read_text(encoding="utf-8"))
    read = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert {"MUJIGAE_SECRET_KEY", "DATABASE_URL", "MUJIGAE_ROUND_INLINE_MAX"} <= read
    docs = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert sorted(name for name in read if f"`{name}`" not in docs) == []
