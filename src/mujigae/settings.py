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


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


DEBUG = env_bool("MUJIGAE_DEBUG", False)
VAR_DIR = Path(os.environ.get("MUJIGAE_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("MUJIGAE_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("MUJIGAE_ALLOW_INSECURE_KEY", True):
        raise ImproperlyConfigured("MUJIGAE_SECRET_KEY must be set in production")
    # Development / demo / test only: production sets MUJIGAE_SECRET_KEY
    # (check --deploy reports a short or missing key).
    SECRET_KEY = "django-insecure-mujigae-development-key-change-me"  # noqa: S105

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
    "django_tasks",
    "django_tasks_db",
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
    "mujigae.reports",
    "mujigae.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
    "mujigae.core.middleware.AccessPolicyMiddleware",
]

ROOT_URLCONF = "mujigae.urls"
WSGI_APPLICATION = "mujigae.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
DATABASE_URL = os.environ.get("DATABASE_URL", "") or f"sqlite:///{DEFAULT_SQLITE}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Keep PostgreSQL connections (opening one costs ~15 ms); checked before reuse.
        conn_max_age=env_int(
            "MUJIGAE_DB_CONN_MAX_AGE", 0 if DATABASE_URL.startswith("sqlite") else 60
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL: readers never block the writer; IMMEDIATE: writers queue instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
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
AXES_FAILURE_LIMIT = env_int("MUJIGAE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("MUJIGAE_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("MUJIGAE_PROXY_COUNT", 0) or None

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
STATIC_ROOT = Path(os.environ.get("MUJIGAE_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
SECURE_HSTS_SECONDS = env_int("MUJIGAE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("MUJIGAE_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("MUJIGAE_SESSION_SECONDS", 8 * 3600)

# --- email ----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "MUJIGAE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("MUJIGAE_FROM_EMAIL", "mujigae@localhost")

# --- logging: never personal data, only ids --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MUJIGAE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- cache: per process by default; Redis when several app servers share work
CACHE_URL = os.environ.get("MUJIGAE_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mujigae"}
    )
}

# --- background tasks (django-tasks): the database queue by default; run a
# worker with `mujigae db_worker`. At national scale use django-tasks-rq on Redis.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("MUJIGAE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}
MUJIGAE_BASE_URL = os.environ.get("MUJIGAE_BASE_URL", "http://127.0.0.1:8000")
# Free text -> competency units: a file that keeps the tokenised taxonomy between
# processes (a national taxonomy takes a minute to tokenise; from this file, seconds).
MUJIGAE_SUGGEST_TOKEN_CACHE = os.environ.get("MUJIGAE_SUGGEST_TOKEN_CACHE", "")
# Survey invitations to more companies than this are mailed by a background task.
MUJIGAE_SEND_INLINE_MAX = env_int("MUJIGAE_SEND_INLINE_MAX", 300)
MUJIGAE_SUPPRESS_BELOW = env_int(
    "MUJIGAE_SUPPRESS_BELOW", 3
)  # survey groups smaller than this are hidden

# --- mujigae --------------------------------------------------------------
MUJIGAE_PAGE_SIZE = env_int("MUJIGAE_PAGE_SIZE", 50)
MUJIGAE_API_PAGE_SIZE_MAX = env_int("MUJIGAE_API_PAGE_SIZE_MAX", 200)

# --- imports (docs/imports.md): what one uploaded table may hold --------------
MUJIGAE_IMPORT_MAX_BYTES = env_int("MUJIGAE_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
MUJIGAE_IMPORT_MAX_ROWS = env_int("MUJIGAE_IMPORT_MAX_ROWS", 20_000)
MUJIGAE_IMPORT_MAX_COLUMNS = env_int("MUJIGAE_IMPORT_MAX_COLUMNS", 200)
MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES = env_int("MUJIGAE_IMPORT_MAX_UNZIPPED_BYTES", 64 * 1024 * 1024)
# The national NCS taxonomy is larger (coordinators only; docs/ncs.md).
MUJIGAE_NCS_IMPORT_MAX_MB = env_int("MUJIGAE_NCS_IMPORT_MAX_MB", 100)
MUJIGAE_NCS_IMPORT_MAX_ROWS = env_int("MUJIGAE_NCS_IMPORT_MAX_ROWS", 2_000_000)
