"""One env-driven settings module for jinzai.

Every setting that an operator may change is read from an environment variable
here, parsed strictly: a bad value stops the process with a message naming the
variable instead of running with a surprise default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be >= {minimum}, got {value}")
    return value


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DATA_DIR = Path(_env_str("JINZAI_DATA_DIR", str(BASE_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    # Demo convenience only: generate once into the data folder.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="ascii")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "jinzai.core",
    "jinzai.people",
    "jinzai.talent",
    "jinzai.planning",
    "jinzai.skills",
    "jinzai.learning",
    "jinzai.region",
    "jinzai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answer here, with their own caching
    "jinzai.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jinzai.core.middleware.SessionTimeoutMiddleware",
    "jinzai.core.middleware.ActiveMembershipMiddleware",
    "jinzai.core.middleware.SignInStepsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jinzai.urls"
WSGI_APPLICATION = "jinzai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jinzai.core.context_processors.jinzai",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
DATABASE_URL = _env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jinzai.sqlite3'}")
# PostgreSQL keeps each worker's connection for DB_CONN_MAX_AGE seconds (default 60; 0 = one connection per
# request, as Django's default), checked before reuse (CONN_HEALTH_CHECKS): opening a connection per request
# cost a third of the throughput under load (docs/benchmarks.md). SQLite opens a file: nothing to keep.
_is_postgres = DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://"))
try:
    _db = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=_env_int("DB_CONN_MAX_AGE", 60 if _is_postgres else 0),
        conn_health_checks=True,
    )
except Exception as exc:  # dj_database_url raises several types
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
else:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth, sessions, lockout ---------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# ASVS: length over complexity, a common-password list, no forced rotation; 12 characters for admins.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "jinzai.core.passwords.AdminMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

SESSION_IDLE_TIMEOUT = _env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_ABSOLUTE_TIMEOUT = _env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60, minimum=60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", not DEBUG and _env_bool("HTTPS", False))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = _env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = _env_int("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False


def _trusted_proxies() -> list[str]:
    import ipaddress

    values = _env_list("TRUSTED_PROXIES", [])
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES must be a comma list of IP addresses or networks, got {value!r}"
            ) from exc
    return values


# X-Forwarded-For is believed only from these reverse proxies (jinzai.core.clientip).
TRUSTED_PROXIES = _trusted_proxies()
AXES_CLIENT_IP_CALLABLE = "jinzai.core.clientip.client_ip"
# One client address failing for this many distinct login IDs within AXES_COOLOFF_MINUTES is blocked.
LOGIN_SPRAY_LIMIT = _env_int("LOGIN_SPRAY_LIMIT", 10, minimum=2)

# Two-factor sign-in (django-otp): TOTP apps and one-time recovery codes.
OTP_TOTP_ISSUER = _env_str("OTP_TOTP_ISSUER", "jinzai")
# Changing the password or the second factor asks for the password again unless it was typed this recently.
REAUTH_MAX_AGE = _env_int("REAUTH_MAX_AGE", 10 * 60, minimum=60)

# --- Security headers -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = _env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is a decision for the owner of the whole domain (often the
# prefecture or lg.jp), not for one application: without SECURE_HSTS_PRELOAD the check has nothing to say.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "ja"
TIME_ZONE = _env_str("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Vendored files carry their version in the file name, so plain storage is enough;
# whitenoise serves them from the app folders (no collectstatic needed) or STATIC_ROOT.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Imports and exports -------------------------------------------------
IMPORT_MAX_BYTES = _env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
IMPORT_XLSX_MAX_UNPACKED = _env_int("IMPORT_XLSX_MAX_UNPACKED", 200 * 1024 * 1024, minimum=1024)
IMPORT_XLSX_MAX_ENTRIES = _env_int("IMPORT_XLSX_MAX_ENTRIES", 2000, minimum=10)
IMPORT_MAX_COLUMNS = _env_int("IMPORT_MAX_COLUMNS", 200, minimum=10)
IMPORT_MAX_ROWS = _env_int("IMPORT_MAX_ROWS", 200_000, minimum=100)
# Files with more rows are analysed and committed as a background job (core/jobs.py), not in the request.
IMPORT_INLINE_MAX_ROWS = _env_int("IMPORT_INLINE_MAX_ROWS", 5_000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

STAFF_PAGE_SIZE = _env_int("STAFF_PAGE_SIZE", 50, minimum=10)

# --- Background jobs (large imports and exports; core/jobs.py) -----------------------------
EXPORT_INLINE_MAX_ROWS = _env_int("EXPORT_INLINE_MAX_ROWS", 20_000, minimum=1)
JOBS_EAGER = _env_bool("JOBS_EAGER", False)
JOB_STALE_SECONDS = _env_int("JOB_STALE_SECONDS", 300, minimum=30)
JOB_FILE_HOURS = _env_int("JOB_FILE_HOURS", 24, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env_str("LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "jinzai.core.views.csrf_failure"
