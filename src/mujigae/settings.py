"""The one settings module. Everything that differs between machines comes from
environment variables (see docs/deploy.md for the full list)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def _raw(name: str) -> str | None:
    """The variable's value, or None when it is unset or blank."""
    raw = os.environ.get(name)
    return None if raw is None or raw.strip() == "" else raw.strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_str(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = _raw(name)
    if raw is None:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
    return raw


def env_url(name: str, default: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """A URL with one of `schemes`. The message names only the scheme it got:
    database and cache URLs carry passwords, which must not reach a log."""
    raw = _raw(name)
    if raw is None:
        return default
    scheme, sep, _rest = raw.partition("://")
    if not sep or scheme.lower() not in schemes:
        wanted = ", ".join(f"{s}://" for s in schemes)
        got = f"{scheme}://…" if sep else "no scheme"
        raise ImproperlyConfigured(f"{name} must be a URL starting with {wanted}; got {got}")
    return raw


DEBUG = env_bool("MUJIGAE_DEBUG", False)
VAR_DIR = Path(env_str("MUJIGAE_VAR_DIR", str(PROJECT_DIR / "var")))

# A public key, known to anyone who reads this file: development and the demo
# only (MUJIGAE_DEBUG=1). Without debug the server refuses to start unless
# MUJIGAE_SECRET_KEY is set (tests get theirs from [tool.pytest_env] in pyproject.toml).
DEVELOPMENT_SECRET_KEY = "django-insecure-mujigae-development-key-change-me"  # noqa: S105
SECRET_KEY = env_str("MUJIGAE_SECRET_KEY")
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "MUJIGAE_SECRET_KEY is not set (or is the public development key) and "
            "MUJIGAE_DEBUG is off: mujigae refuses to start with a key anyone can read. "
            "Set MUJIGAE_SECRET_KEY to 50 or more random characters, e.g. the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set "
            "MUJIGAE_DEBUG=1 on a development machine. See docs/deploy.md."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("MUJIGAE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MUJIGAE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "mujigae.core",
    "mujigae.partners",
    "mujigae.governance",
    "mujigae.surveys",
    "mujigae.competencies",
    "mujigae.curriculum",
    "mujigae.insights",
    "mujigae.placements",
    "mujigae.students",
    "mujigae.rounds",
    "mujigae.outcomes",
    "mujigae.accounts",
    "mujigae.security",
    "mujigae.legal",
    "mujigae.notifications",
    "mujigae.calendars",
    "mujigae.budget",
    "mujigae.benefits",
    "mujigae.sharing",
    "mujigae.reports",
    "mujigae.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mujigae.core.input_middleware.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mujigae.core.locale_middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "mujigae.security.middleware.IdleLogoutMiddleware",
    "mujigae.core.middleware.AccessPolicyMiddleware",
]

ROOT_URLCONF = "mujigae.urls"
WSGI_APPLICATION = "mujigae.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django's admin comes first in INSTALLED_APPS (its templates win over the
        # apps'): the few admin templates mujigae adjusts live here (accessibility)
        "DIRS": [BASE_DIR / "core" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mujigae.core.context_processors.navigation",
            ],
        },
    },
]
# Forms render no maxlength: the server says how long a value may be (docs/forms.md).
FORM_RENDERER = "mujigae.core.forms.FormRenderer"

# --- database -------------------------------------------------------------
DEFAULT_SQLITE = VAR_DIR / "mujigae.sqlite3"
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}", ("sqlite", "postgres", "postgresql", "pgsql")
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Keep PostgreSQL connections (opening one costs ~15 ms); checked before reuse.
        conn_max_age=env_int(
            "MUJIGAE_DB_CONN_MAX_AGE", 0 if DATABASE_URL.startswith("sqlite") else 60, minimum=0
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL: readers never block the writer; IMMEDIATE: writers queue instead of failing.
        # secure_delete: deleted content is overwritten, so an erased person leaves no copy.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("MUJIGAE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("MUJIGAE_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Seoul"
USE_TZ = True
FORMAT_MODULE_PATH = ["mujigae.formats"]

# --- static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("MUJIGAE_STATIC_ROOT", str(VAR_DIR / "static")))
# Shared files (documents, attachments: core.files, docs/files.md): never under a
# public URL. Default: the local file system under var/files; production: an
# S3-compatible store (MinIO) through django-storages (MUJIGAE_FILES_S3_BUCKET).
FILES_DIR = Path(env_str("MUJIGAE_FILES_DIR", str(VAR_DIR / "files")))
if env_str("MUJIGAE_FILES_S3_BUCKET", ""):
    _FILES_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MUJIGAE_FILES_S3_BUCKET", ""),
            "endpoint_url": env_str("MUJIGAE_FILES_S3_ENDPOINT", "") or None,
            "access_key": env_str("MUJIGAE_FILES_S3_ACCESS_KEY", ""),
            "secret_key": env_str("MUJIGAE_FILES_S3_SECRET_KEY", ""),
            "region_name": env_str("MUJIGAE_FILES_S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # MinIO in a closed network: path-style URLs (no bucket DNS names)
            "addressing_style": env_str("MUJIGAE_FILES_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            # the organisation's own CA bundle for an internal https endpoint
            "verify": env_str("MUJIGAE_FILES_S3_CA_BUNDLE", "") or None,
        },
    }
else:
    _FILES_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(FILES_DIR), "base_url": None},
    }
MUJIGAE_FILES_MAX_BYTES = env_int("MUJIGAE_FILES_MAX_BYTES", 100 * 1024 * 1024)
MUJIGAE_FILES_DISTRICT_QUOTA_BYTES = env_int(
    "MUJIGAE_FILES_DISTRICT_QUOTA_BYTES", 20 * 1024 * 1024 * 1024
)
MUJIGAE_FILES_RETENTION_DAYS = env_int("MUJIGAE_FILES_RETENTION_DAYS", 30)
# "" (off), or "clamd:/run/clamav/clamd.ctl", or "clamd:127.0.0.1:3310"
MUJIGAE_VIRUS_SCAN = env_str("MUJIGAE_VIRUS_SCAN", "")
# behind nginx: "/protected-files/" (an `internal` location): nginx sends the bytes
MUJIGAE_FILES_X_ACCEL_PREFIX = env_str("MUJIGAE_FILES_X_ACCEL_PREFIX", "")
FILE_UPLOAD_HANDLERS = [
    "mujigae.core.files.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "mujigae_files": _FILES_STORAGE,
    "staticfiles": {
        # Production (after `mujigae collectstatic`): MUJIGAE_MANIFEST_STATIC=1 for
        # hashed, compressed, cache-forever files. Default: plain names, served by
        # WhiteNoise straight from the installed packages.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("MUJIGAE_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool(
    "MUJIGAE_STATIC_FROM_FINDERS", not env_bool("MUJIGAE_MANIFEST_STATIC", False)
)
if not STATIC_ROOT.exists():
    with contextlib.suppress(OSError):
        STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- security -------------------------------------------------------------
SECURE = env_bool("MUJIGAE_SECURE", False)  # true behind HTTPS
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("MUJIGAE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("MUJIGAE_HSTS_SECONDS", 31536000 if SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("MUJIGAE_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("MUJIGAE_SESSION_SECONDS", 8 * 3600, minimum=60)

# --- email ----------------------------------------------------------------
EMAIL_BACKEND = env_str("MUJIGAE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("MUJIGAE_FROM_EMAIL", "mujigae@localhost")
# --- notifications: text messages and the daily digest (docs/notifications.md)
MUJIGAE_SMS_BACKEND = env_str("MUJIGAE_SMS_BACKEND", "mujigae.notifications.sms.FileBackend")
MUJIGAE_SMS_FILE = env_str("MUJIGAE_SMS_FILE", str(VAR_DIR / "sms.jsonl"))
MUJIGAE_SMS_URL = env_url("MUJIGAE_SMS_URL", "")
MUJIGAE_SMS_API_KEY = env_str("MUJIGAE_SMS_API_KEY")
MUJIGAE_SMS_SENDER = env_str("MUJIGAE_SMS_SENDER")
MUJIGAE_DIGEST_HOUR = env_int("MUJIGAE_DIGEST_HOUR", 7, minimum=0)
if MUJIGAE_DIGEST_HOUR > 23:
    raise ImproperlyConfigured("MUJIGAE_DIGEST_HOUR must be an hour, 0-23")

# --- logging: never personal data, only ids --------------------------------
LOG_LEVEL = env_choice(
    "MUJIGAE_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- cache: per process by default; Redis when several app servers share work
CACHE_URL = env_url("MUJIGAE_CACHE_URL", "", ("redis", "rediss"))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mujigae"}
    )
}

# --- background tasks (django-tasks): the database queue by default; run a
# worker with `mujigae db_worker`. At national scale use django-tasks-rq on Redis.
TASKS = {
    "default": {"BACKEND": env_str("MUJIGAE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
MUJIGAE_BASE_URL = env_url("MUJIGAE_BASE_URL", "http://127.0.0.1:8000")
# Free text -> competency units: a file that keeps the tokenised taxonomy between
# processes (a national taxonomy takes a minute to tokenise; from this file, seconds).
MUJIGAE_SUGGEST_TOKEN_CACHE = env_str("MUJIGAE_SUGGEST_TOKEN_CACHE")
# Survey invitations to more companies than this are mailed by a background task.
MUJIGAE_SEND_INLINE_MAX = env_int("MUJIGAE_SEND_INLINE_MAX", 300, minimum=0)
# Survey groups smaller than this are hidden.
MUJIGAE_SUPPRESS_BELOW = env_int("MUJIGAE_SUPPRESS_BELOW", 3, minimum=0)
# pages that compare districts (the ministry's views, the figures API) may reuse
# measures computed within this many seconds; a report always computes afresh
MUJIGAE_EVALUATION_MAX_AGE = env_int("MUJIGAE_EVALUATION_MAX_AGE", 300, minimum=0)
# Matching rounds with at most this many students run inside the request; larger
# ones as a background task the page follows.
MUJIGAE_ROUND_INLINE_MAX = env_int("MUJIGAE_ROUND_INLINE_MAX", 2000, minimum=0)
# Rounds up to this many students get the welfare-optimal comparison at every
# run (a min-cost flow: seconds at 100,000 students); 0 turns it off.
MUJIGAE_ROUND_WELFARE_MAX = env_int("MUJIGAE_ROUND_WELFARE_MAX", 20_000, minimum=0)
# Where `mujigae demo` says the demo is served (`make demo` passes HOST and PORT).
MUJIGAE_DEMO_URL = env_url("MUJIGAE_DEMO_URL", "http://127.0.0.1:8000/")

# --- mujigae --------------------------------------------------------------
MUJIGAE_PAGE_SIZE = env_int("MUJIGAE_PAGE_SIZE", 50, minimum=1)
MUJIGAE_API_PAGE_SIZE_MAX = env_int("MUJIGAE_API_PAGE_SIZE_MAX", 200, minimum=1)

# --- imports (docs/imports.md): what one uploaded table may hold --------------
MUJIGAE_IMPORT_MAX_BYTES = env_int("MUJIGAE_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
MUJIGAE_IMPORT_MAX_ROWS = env_int("MUJIGAE_IMPORT_MAX_ROWS", 20_000, minimum=1)
MUJIGAE_IMPORT_MAX_COLUMNS = env_int("MUJIGAE_IMPORT_MAX_COLUMNS", 200, minimum=1)
MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES = env_int(
    "MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES", 64 * 1024 * 1024, minimum=1
)
# The national NCS taxonomy is larger (coordinators only; docs/ncs.md).
MUJIGAE_NCS_IMPORT_MAX_MB = env_int("MUJIGAE_NCS_IMPORT_MAX_MB", 100, minimum=1)
MUJIGAE_NCS_IMPORT_MAX_ROWS = env_int("MUJIGAE_NCS_IMPORT_MAX_ROWS", 2_000_000, minimum=1)

# --- personal data: the access log, its review and erasure (docs/access-log.md)
# The client's address (login throttling and the access log): behind
# MUJIGAE_PROXY_COUNT proxies, read from X-Forwarded-For (mujigae/core/client_ip.py).
MUJIGAE_PROXY_COUNT = env_int("MUJIGAE_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "mujigae.core.client_ip.client_ip"
# Keep the access log this many years (제8조: 2 years for 50,000 people or more);
# `mujigae prune_access_log` deletes only older rows. Less than 2 refuses to start.
MUJIGAE_ACCESS_LOG_YEARS = env_int("MUJIGAE_ACCESS_LOG_YEARS", 2, minimum=2)
# The monthly review flags one account reading more than this many people
# within this many minutes, and access outside working hours (Asia/Seoul,
# weekends always): before the start hour or from the end hour on.
MUJIGAE_REVIEW_BURST_PEOPLE = env_int("MUJIGAE_REVIEW_BURST_PEOPLE", 20, minimum=1)
MUJIGAE_REVIEW_BURST_MINUTES = env_int("MUJIGAE_REVIEW_BURST_MINUTES", 10, minimum=1)
MUJIGAE_WORK_HOURS_START = env_int("MUJIGAE_WORK_HOURS_START", 8, minimum=0)
MUJIGAE_WORK_HOURS_END = env_int("MUJIGAE_WORK_HOURS_END", 20, minimum=1)
if not MUJIGAE_WORK_HOURS_START < MUJIGAE_WORK_HOURS_END <= 24:
    raise ImproperlyConfigured(
        "MUJIGAE_WORK_HOURS_START must be before MUJIGAE_WORK_HOURS_END (hours 0-24)"
    )
# After a purpose is given for one student's record, the same person may come
# back to it (after an edit, a consent) for this many minutes without being
# asked again; every view is still logged with that purpose.
MUJIGAE_PURPOSE_GRANT_MINUTES = env_int("MUJIGAE_PURPOSE_GRANT_MINUTES", 10, minimum=1)
# PostgreSQL: VACUUM the tables an erasure touched, after it commits.
MUJIGAE_ERASURE_VACUUM = env_bool("MUJIGAE_ERASURE_VACUUM", True)
# No query string (a name searched for, a note) in any log line.
LOGGING.setdefault("filters", {})["strip_query"] = {
    "()": "mujigae.core.log_filters.StripQueryStrings"
}
LOGGING["handlers"]["console"]["filters"] = ["strip_query"]
LOGGING["loggers"]["django.request"] = {"filters": ["strip_query"]}
# runserver's request lines: through the same console handler (and filter)
LOGGING["loggers"]["django.server"] = {"filters": ["strip_query"], "propagate": True}

# --- student logins (docs/accounts-students.md) ------------------------------
# Days a student's one-time activation code (printed or e-mailed) stays valid.
MUJIGAE_ACTIVATION_DAYS = env_int("MUJIGAE_ACTIVATION_DAYS", 30, minimum=1)

# --- security (issue 12): passwords, login throttling, the second factor, idle
# logout (docs/security.md). The client address of throttling, the spraying
# limit and the exempt networks is one function (axes uses it too): REMOTE_ADDR,
# or with MUJIGAE_PROXY_COUNT=N the N-th address from the right of X-Forwarded-For.
AUTH_PASSWORD_VALIDATORS += [
    {"NAME": "mujigae.security.validators.KoreanCommonPasswordValidator"},
]
# A reset link works once (Django's token changes with the password) and for this long.
PASSWORD_RESET_TIMEOUT = env_int("MUJIGAE_PASSWORD_RESET_MINUTES", 60, minimum=5) * 60
# Password spraying: one password tried for this many different usernames from
# one address is refused from that address for MUJIGAE_LOGIN_COOLOFF_MINUTES.
MUJIGAE_LOGIN_SPRAY_LIMIT = env_int("MUJIGAE_LOGIN_SPRAY_LIMIT", 5, minimum=2)
MUJIGAE_LOGIN_COOLOFF_SECONDS = env_int("MUJIGAE_LOGIN_COOLOFF_MINUTES", 15, minimum=1) * 60
# The second factor (TOTP): the roles that must use it, the address ranges of a
# closed internal network that are exempt (strict: a bad range refuses to start),
# how long the code step waits after the password step.
MUJIGAE_SECOND_FACTOR_ROLES = env_list("MUJIGAE_SECOND_FACTOR_ROLES", "coordinator,school")
# The role values of core.models.Role (settings load before the apps; a test
# checks the two agree).
MUJIGAE_ROLE_VALUES = ("coordinator", "school", "company", "partner", "student", "ministry")
if set(MUJIGAE_SECOND_FACTOR_ROLES) - set(MUJIGAE_ROLE_VALUES):
    raise ImproperlyConfigured(
        "MUJIGAE_SECOND_FACTOR_ROLES names unknown roles: "
        + ", ".join(sorted(set(MUJIGAE_SECOND_FACTOR_ROLES) - set(MUJIGAE_ROLE_VALUES)))
        + f"; known: {', '.join(MUJIGAE_ROLE_VALUES)}"
    )


def env_networks(name: str) -> list:
    """Comma-separated CIDR ranges (10.0.0.0/8, 2001:db8::/32), strictly: a range
    with host bits set (10.0.0.1/8) or anything unreadable refuses to start."""
    import ipaddress

    networks = []
    for item in env_list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=True))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not a network range like 10.20.0.0/16 ({exc})"
            ) from exc
    return networks


MUJIGAE_SECOND_FACTOR_EXEMPT_NETWORKS = env_networks("MUJIGAE_SECOND_FACTOR_EXEMPT_NETWORKS")
MUJIGAE_SECOND_FACTOR_PENDING_SECONDS = (
    env_int("MUJIGAE_SECOND_FACTOR_PENDING_MINUTES", 5, minimum=1) * 60
)
OTP_TOTP_ISSUER = env_str("MUJIGAE_TOTP_ISSUER", "mujigae")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Idle logout: minutes without a request before the session ends, for the roles
# that read students' personal data (coordinator, school) and for the others.
MUJIGAE_IDLE_MINUTES = env_int("MUJIGAE_IDLE_MINUTES", 30, minimum=2)
MUJIGAE_IDLE_MINUTES_OTHER = env_int("MUJIGAE_IDLE_MINUTES_OTHER", 120, minimum=2)

# --- people and access (accounts; docs/accounts-people.md) -------------------
# Log in with one's e-mail address too (any case); exact usernames first.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "mujigae.accounts.backends.EmailBackend"]
# The login throttle counts an e-mail address the same in any case.
AXES_USERNAME_CALLABLE = "mujigae.accounts.backends.axes_username"
# How many days an invitation link stays valid.
MUJIGAE_INVITATION_DAYS = env_int("MUJIGAE_INVITATION_DAYS", 7, minimum=1)

# --- Content-Security-Policy (django-csp; docs/security-headers.md) ----------
# No inline script and no eval anywhere: every script is a static file, data reach
# scripts through data- attributes or json_script. Inline <style> elements are
# refused too (stylesheets are files); only style="" attributes are allowed
# (style-src-attr): they cannot run script or read the page.
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # QR codes and icons may be data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
