"""Clearway settings: one base module; everything that varies comes from CLEARWAY_* environment variables."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from clearway.env import env_bool, env_choice, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = env_path("CLEARWAY_DATA_DIR", SOURCE_ROOT / "var")

DEBUG = env_bool("CLEARWAY_DEBUG", False)
_DEV_SECRET = "clearway-development-only-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("CLEARWAY_SECRET_KEY", _DEV_SECRET)
ENVIRONMENT = env_choice("CLEARWAY_ENV", "development", ("development", "test", "production"))
if ENVIRONMENT == "production" and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("CLEARWAY_SECRET_KEY must be set when CLEARWAY_ENV=production")
if ENVIRONMENT == "production" and len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("CLEARWAY_SECRET_KEY must be at least 40 characters long")

# Django's test client calls itself `testserver`: accepted in development and tests only.
ALLOWED_HOSTS = env_list(
    "CLEARWAY_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"] + (["testserver"] if ENVIRONMENT != "production" else []),
)
if ENVIRONMENT == "production" and "testserver" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("CLEARWAY_ALLOWED_HOSTS must not name testserver in production")
CSRF_TRUSTED_ORIGINS = env_list("CLEARWAY_CSRF_TRUSTED_ORIGINS", [])

# Domain apps, one per business domain (see STYLE.md). Their urls, api routers, navigation and demo data
# are discovered by name, so adding an app touches no caller.
DOMAIN_APPS = [
    "core",
    "accounts",
    "framework",
    "members",
    "assessments",
    "capacity",
    "surveys",
    "aeo",
    "shipments",
    "reports",
    "notifications",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # the API documentation page's scripts served from here, not from a CDN (the CSP allows 'self' only)
    "axes",
    "django_otp",  # two-factor sign-in: TOTP devices and one-time backup codes (accounts/two_factor/)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    *[f"clearway.{name}" for name in DOMAIN_APPS],
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "clearway.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clearway.accounts.two_factor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clearway.core.middleware.ClearwayErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clearway.urls"
WSGI_APPLICATION = "clearway.wsgi.application"

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
                "clearway.core.context_processors.clearway",
                "clearway.notifications.context_processors.notifications",
            ],
        },
    }
]

_DEFAULT_DB_URL = f"sqlite:///{DATA_DIR / 'clearway.sqlite3'}"
DATABASE_URL = env_str("CLEARWAY_DATABASE_URL", _DEFAULT_DB_URL)
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CLEARWAY_DB_CONN_MAX_AGE", 60, minimum=0))
except Exception as exc:  # dj-database-url raises several types; all mean the same to the operator
    raise ImproperlyConfigured(
        f"CLEARWAY_DATABASE_URL={DATABASE_URL!r} is not a database URL ({exc})"
    ) from exc
if _db["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured(
        "CLEARWAY_DATABASE_URL must point to SQLite (sqlite:///path) or PostgreSQL (postgres://…)"
    )
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL keeps accepted writes durable and lets readers proceed during a write; IMMEDIATE avoids
    # "database is locked" upgrades in concurrent autosaves.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["CONN_MAX_AGE"] = 0
    # Tests use a database file too, as production does: with an in-memory database the browser tests' server
    # threads would share one connection with the test itself, which a real deployment never does.
    _db["TEST"] = (
        {"NAME": str(DATA_DIR / "test-clearway.sqlite3")}
        if env_bool("CLEARWAY_TEST_DB_ON_DISK", True)
        else {}
    )
else:
    # A kept connection is checked before each request or job (a restarted PostgreSQL is reconnected to).
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+address pair after repeated failures, and an address after
# more failures across user names; the address is the client's, behind CLEARWAY_TRUSTED_PROXIES proxies.
AXES_FAILURE_LIMIT = env_int("CLEARWAY_LOGIN_FAILURE_LIMIT", 5, minimum=1)
CLEARWAY_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("CLEARWAY_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
CLEARWAY_TRUSTED_PROXIES = env_int("CLEARWAY_TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "clearway.core.throttling.client_address"
AXES_HANDLER = "clearway.core.throttling.ThrottlingHandler"
AXES_COOLOFF_TIME = env_int("CLEARWAY_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("CLEARWAY_LOGIN_THROTTLING", True)
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, django-otp): off, optional for everyone, or optional and required of Secretariat
# administrators. Wrong codes are throttled per device by django-otp (the wait doubles after each failure).
TOTP_MODE = env_choice("CLEARWAY_TOTP", "off", ("off", "optional", "required-for-admins"))
OTP_TOTP_ISSUER = "Clearway"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

HTTPS = env_bool("CLEARWAY_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("CLEARWAY_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
if env_bool("CLEARWAY_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("CLEARWAY_SESSION_HOURS", 12, minimum=1) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from Clearway itself only; no inline
# script, event handler or style attribute (pages use static files and classes); no plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no Clearway page uses, switched off for the pages and anything they might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)

LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# The language of pages for a reader who has chosen none (and whose browser asks for none of LANGUAGES), and
# of the `clearway` command (which otherwise follows the shell's locale: see clearway.cli.command_language).
LANGUAGE_CODE = env_choice("CLEARWAY_LANGUAGE", "en", tuple(code for code, _name in LANGUAGES))
LANGUAGE_COOKIE_NAME = "clearway_language"
# One date and number style per language (clearway/formats/<lang>/formats.py): "7 September 2026" in English.
FORMAT_MODULE_PATH = ["clearway.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("CLEARWAY_TIME_ZONE", "UTC")
LOCALE_PATHS: list[Path] = []

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
with contextlib.suppress(OSError):  # WhiteNoise warns at every start when the folder is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("CLEARWAY_MEDIA_DIR", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MAX_UPLOAD_MB = env_int("CLEARWAY_MAX_UPLOAD_MB", 20, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The rows a KPI computation run on the page refused (its quarantine file) are kept this many days after the run,
# then deleted by the daily clean-up.
KPI_QUARANTINE_DAYS = env_int("CLEARWAY_KPI_QUARANTINE_DAYS", 30, minimum=1)

# console (the default: messages printed by the worker), smtp, file (each message its own file under
# $CLEARWAY_DATA_DIR/mail/, for inspection) or the dotted path of a Django e-mail backend. E-mail is sent by the
# workers (notifications, invitations, password resets).
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "clearway.notifications.mailfiles.EmailBackend",
}
_email_backend = env_str("CLEARWAY_EMAIL_BACKEND", "console")
if _email_backend not in _EMAIL_BACKENDS and "." not in _email_backend:
    raise ImproperlyConfigured(
        f"CLEARWAY_EMAIL_BACKEND={_email_backend!r} is not valid: expected one of console, smtp, file "
        "or the dotted path of a Django e-mail backend"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_TIMEOUT = 20  # seconds: a mail server that does not answer fails the sending job instead of holding it
EMAIL_HOST = env_str("CLEARWAY_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CLEARWAY_EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("CLEARWAY_FROM_EMAIL", "clearway@localhost")
# Where users reach Clearway, for absolute links in e-mails (e.g. https://clearway.example.org).
CLEARWAY_BASE_URL = env_str("CLEARWAY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background jobs: queued in the database (django-tasks with its database backend) and run by `clearway worker`
# processes; tests run them inline, after the enqueuing transaction commits (`CLEARWAY_JOBS_EAGER=1`).
JOBS_EAGER = env_bool("CLEARWAY_JOBS_EAGER", False)
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if JOBS_EAGER
        else "django_tasks_db.DatabaseBackend"
    }
}
# A running job's lease: renewed by its worker every third of it; a job whose lease ran out (its worker died)
# is taken again by another worker, at most JOBS_MAX_ATTEMPTS times in all.
JOBS_LEASE_SECONDS = env_int("CLEARWAY_JOBS_LEASE_SECONDS", 60, minimum=3)
JOBS_MAX_ATTEMPTS = env_int("CLEARWAY_JOBS_MAX_ATTEMPTS", 3, minimum=1)

# Drawn charts (SVG, PNG) are kept under a digest of their spec for a day, at most 300 (a third dropped when full):
# in each process's memory, in files under the data folder (shared by the processes of one machine), or in a
# database table that `clearway migrate` makes (shared by every machine).
_CHART_CACHE_BACKEND, _CHART_CACHE_LOCATION = {
    "locmem": ("locmem.LocMemCache", "clearway-charts"),
    "file": ("filebased.FileBasedCache", str(DATA_DIR / "cache" / "charts")),
    "db": ("db.DatabaseCache", "clearway_chart_cache"),
}[env_choice("CLEARWAY_CHART_CACHE", "locmem", ("locmem", "file", "db"))]
# Parts of pages drawn for one reader are kept until the data they show changes (core/data_version.py), at most
# ten minutes: in each process's memory (default), in files under the data folder, in the database, or not at all.
_PAGE_CACHE = env_choice("CLEARWAY_PAGE_CACHE", "locmem", ("locmem", "file", "db", "off"))
PAGE_CACHE_ENABLED = _PAGE_CACHE != "off"
_PAGE_CACHE_BACKEND, _PAGE_CACHE_LOCATION = {
    "locmem": ("locmem.LocMemCache", "clearway-pages"),
    "file": ("filebased.FileBasedCache", str(DATA_DIR / "cache" / "pages")),
    "db": ("db.DatabaseCache", "clearway_page_cache"),
    "off": ("dummy.DummyCache", ""),
}[_PAGE_CACHE]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": f"django.core.cache.backends.{_PAGE_CACHE_BACKEND}",
        "LOCATION": _PAGE_CACHE_LOCATION,
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "charts": {
        "BACKEND": f"django.core.cache.backends.{_CHART_CACHE_BACKEND}",
        "LOCATION": _CHART_CACHE_LOCATION,
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

# Shipment KPI engines (shipments/engines/): DuckDB's memory budget (it spills to disk beyond it), the PySpark
# master and shuffle partitions, and the database of the PostgreSQL engine (by default Clearway's own).
KPI_DUCKDB_MEMORY_LIMIT = env_str("CLEARWAY_DUCKDB_MEMORY_LIMIT", "2GB")
if not re.fullmatch(r"[0-9]+(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", KPI_DUCKDB_MEMORY_LIMIT):
    raise ImproperlyConfigured(
        f"CLEARWAY_DUCKDB_MEMORY_LIMIT={KPI_DUCKDB_MEMORY_LIMIT!r} is not valid: expected a size like 2GB or 512MB"
    )
KPI_SPARK_MASTER = env_str("CLEARWAY_SPARK_MASTER", "local[2]")
KPI_SPARK_SHUFFLE_PARTITIONS = env_int("CLEARWAY_SPARK_SHUFFLE_PARTITIONS", 8, minimum=1)
KPI_POSTGRES_URL = env_str("CLEARWAY_KPI_POSTGRES_URL", "") or DATABASE_URL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("CLEARWAY_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}
