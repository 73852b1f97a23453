"""Settings for secretariat, read from the environment only.

Every value a deployment changes comes from an environment variable; a bad value stops the
process with ImproperlyConfigured rather than running half-configured.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_secret(name: str) -> str | None:
    """Read a secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from None
    return os.environ.get(name) or None


DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(os.environ.get("SECRETARIAT_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in the data directory.

    There is no built-in fallback key: a deployment that forgets SECRET_KEY still gets a key
    nobody else knows, and sessions survive restarts because the key is kept on disk.
    """
    configured = env_secret("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        with os.fdopen(
            os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w"
        ) as handle:
            handle.write(key)
    except FileExistsError:  # another process wrote it first: use theirs
        return key_file.read_text(encoding="utf-8").strip()
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "secretariat.core",
    "secretariat.teams",
    "secretariat.meetings",
    "secretariat.tracker",
    "secretariat.requests",
    "secretariat.texts",
    "secretariat.feedback",
    "secretariat.events",
    "secretariat.polls",
    "secretariat.workplan",
    "secretariat.imports",
    "secretariat.archive",
    "secretariat.api",
    "secretariat.notify",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our own static files
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django's GZipMiddleware (random padding against BREACH since Django 4.2), outermost of
    # those that touch the body so it compresses the final response; not for /api/.
    "secretariat.archive.compression.PageGZipMiddleware",
    "secretariat.api.problems.ApiProblemMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "secretariat.core.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "secretariat.core.middleware.PersonTimezoneMiddleware",
]

ROOT_URLCONF = "secretariat.urls"
WSGI_APPLICATION = "secretariat.wsgi.application"
ASGI_APPLICATION = "secretariat.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secretariat.core.context_processors.static_export",
            ],
        },
    },
]


def _database_settings() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        try:
            config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
        if config.get("ENGINE") == "django.db.backends.postgresql":
            config["CONN_HEALTH_CHECKS"] = True
            return config
        if config.get("ENGINE") != "django.db.backends.sqlite3":
            raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite.")
        name = Path(str(config["NAME"]))
    else:
        name = DATA_DIR / "secretariat.sqlite3"
    name.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers queue on
            # the busy timeout instead of one failing with "database is locked" on upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
        # Tests use a file too, so threads in the concurrency tests share one real database.
        "TEST": {"NAME": str(name.with_name(f"test_{name.name}"))},
    }


DATABASES = {"default": _database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"


def _languages(codes: list[str]) -> list[tuple[str, str]]:
    """LANGUAGES from codes: adding a translation is a catalogue in locale/ and a setting."""
    from django.conf.locale import LANG_INFO

    unknown = [code for code in codes if code not in LANG_INFO]
    if unknown:
        raise ImproperlyConfigured(f"LANGUAGES lists unknown language codes: {', '.join(unknown)}.")
    return [(code, LANG_INFO[code]["name"]) for code in codes]


LANGUAGES = _languages(env_list("LANGUAGES", ["en"]))
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"

# Security. Production runs behind HTTPS: SECRETARIAT_HTTPS=1 turns on secure cookies with
# the __Host- prefix, HSTS and the redirect to https (see docs/deploy.md); BEHIND_PROXY=1 trusts
# the proxy's X-Forwarded-Proto.
HTTPS = env_bool("SECRETARIAT_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
# How many proxies in front of the app append to X-Forwarded-For; 0 trusts none of it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-session" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 7 * 24 * 3600)
# A session left without a request this long ends (core.middleware.SessionLimitsMiddleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 4 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: htmx and the stylesheet are files served from our origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}

# Optional sign-in through an OpenID Connect provider (core.oidc): off unless all three are set.
# Register SITE_URL + /account/oidc/callback/ as the redirect URI at the provider.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = env_secret("OIDC_CLIENT_SECRET") or ""
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "").strip()

# Failed sign-ins allowed per account and per client address in SIGNIN_WINDOW seconds.
SIGNIN_FAILURES_PER_ACCOUNT = env_int("SIGNIN_FAILURES_PER_ACCOUNT", 5)
SIGNIN_FAILURES_PER_ADDRESS = env_int("SIGNIN_FAILURES_PER_ADDRESS", 20)
SIGNIN_WINDOW = env_int("SIGNIN_WINDOW", 15 * 60)


def _cache_settings(url: str) -> dict[str, object]:
    """CACHE_URL: redis://host:port/db (shared by every worker: production), else per-process memory."""
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url in ("", "locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"CACHE_URL must be redis://… or locmem://, not {url!r}.")


CACHES = {"default": _cache_settings(os.environ.get("CACHE_URL", "").strip())}


def _email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp://user:password@host:25, smtp+tls://…:587 (STARTTLS), smtps://…:465, console://."""
    if url in ("", "console://"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtp+tls", "smtps"):
        raise ImproperlyConfigured(
            f"EMAIL_URL must be smtp://, smtp+tls://, smtps:// or console://, not {parts.scheme}://."
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": 30,
    }


globals().update(_email_settings(env_secret("EMAIL_URL") or ""))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "secretariat@localhost")

# Notifications (secretariat.notify). SITE_URL makes the absolute links in mail (unsubscribe,
# items); INBOUND_MAIL_SECRET guards POST /inbound/mail/ (unset: the endpoint refuses all).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
INBOUND_MAIL_SECRET = env_secret("INBOUND_MAIL_SECRET")
INBOUND_MAIL_MAX_BYTES = env_int("INBOUND_MAIL_MAX_BYTES", 1_000_000)
# Background work (mail) goes through the django-tasks interface into a database queue;
# `secretariat db_worker` runs it (see docs/notify.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

TRACKER_PAGE_SIZE = env_int("TRACKER_PAGE_SIZE", 100)
# Uploaded meeting materials (slides, recordings, transcripts) larger than this are refused.
MATERIAL_MAX_BYTES = env_int("MATERIAL_MAX_BYTES", 200_000_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
