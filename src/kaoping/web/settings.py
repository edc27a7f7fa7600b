"""Django settings, read from the environment through a few small helpers.

- ``KAOPING_ENV``: ``production`` for a real deployment (secret key and allowed
  hosts must then come from the environment), anything else for a local run.
- ``DATABASE_URL``: any URL dj-database-url understands; default SQLite in the
  data folder (``KAOPING_DATA_DIR``, default ``./kaoping-data``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"environment variable {name} must be set")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw is None or raw.strip() == "" else int(raw)


BASE_DIR = Path(__file__).resolve().parent
PRODUCTION = env_str("KAOPING_ENV", "development") == "production"
DATA_DIR = Path(env_str("KAOPING_DATA_DIR", "kaoping-data")).resolve()

if PRODUCTION:
    SECRET_KEY = env_str("KAOPING_SECRET_KEY")
    ALLOWED_HOSTS = env_list("KAOPING_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("KAOPING_ALLOWED_HOSTS must name the hosts served")
else:
    # A local run needs no setup; this key protects nothing worth protecting.
    SECRET_KEY = env_str("KAOPING_SECRET_KEY", "kaoping-local-development-key-not-for-production")
    ALLOWED_HOSTS = env_list(
        "KAOPING_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
    )

# Tracebacks never reach a user, not even locally, unless asked for explicitly.
DEBUG = env_bool("KAOPING_DEBUG", False) and not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "kaoping.web.core",
    "kaoping.web.assessment",
    "kaoping.web.planning",
    "kaoping.web.meetings",
    "kaoping.web.dispatch",
    "kaoping.web.letters",
    "kaoping.web.jobs",
    "kaoping.web.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After django-otp: the second step, a temporary password, compulsory enrolment.
    "kaoping.web.core.two_factor.AccountGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kaoping.web.core.input_guard.ControlCharacterMiddleware",
    # Last: the permission table's answer before any view runs (core/gate.py).
    "kaoping.web.core.gate.PermissionGate",
]

ROOT_URLCONF = "kaoping.web.urls"
WSGI_APPLICATION = "kaoping.web.wsgi.application"

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
                "django.template.context_processors.i18n",
                "kaoping.web.core.access.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'kaoping.sqlite3'}"),
        conn_max_age=env_int("KAOPING_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several reporters save at once: wait for the write lock instead of failing,
    # and take it when a transaction starts, so that a form's version check and
    # its write see the same state (SQLite has no SELECT ... FOR UPDATE).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A query that runs past this is cancelled (the request answers with an error
    # page) instead of holding a worker and its locks; 0 turns the limit off.
    _statement_ms = env_int("KAOPING_STATEMENT_TIMEOUT_MS", 30_000)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={_statement_ms}"
    )

# A second connection to the same database: a job's progress and heartbeat are
# written through it while the job's own transaction is still open (docs/web.md,
# "Jobs"). Tests run jobs in-process and use the first connection.
DATABASES["jobs"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
if DATABASES["jobs"]["ENGINE"].endswith("sqlite3"):
    DATABASES["jobs"]["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], "timeout": 1}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Jobs (kaoping.web.jobs): Django's tasks framework with the database backend, so
# the embedded SQLite needs no other server; `kaoping serve` starts the worker.
# KAOPING_JOBS_IMMEDIATE=1 runs each job inside the request that started it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("KAOPING_JOBS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running job whose worker has not said it is alive for this long is taken over.
KAOPING_JOB_LEASE_SECONDS = env_int("KAOPING_JOB_LEASE_SECONDS", 60)
# The first retry waits this long, each further one twice as long.
KAOPING_JOB_RETRY_SECONDS = env_int("KAOPING_JOB_RETRY_SECONDS", 10)
# Extra modules registering job kinds (tests add theirs).
KAOPING_JOB_MODULES = env_list("KAOPING_JOB_MODULES", [])
# Periodic work the job worker runs once per slot of these many seconds
# (kaoping.web.jobs.schedule): escalating overdue items, the reminders' due scan,
# the notification scan, pruning finished jobs older than the retention.
KAOPING_ESCALATION_INTERVAL = env_int("KAOPING_ESCALATION_INTERVAL", 3600)
KAOPING_REMINDER_SCAN_INTERVAL = env_int("KAOPING_REMINDER_SCAN_INTERVAL", 3600)
KAOPING_NOTICE_INTERVAL = env_int("KAOPING_NOTICE_INTERVAL", 900)
KAOPING_PRUNE_INTERVAL = env_int("KAOPING_PRUNE_INTERVAL", 24 * 3600)
KAOPING_JOB_RETENTION_DAYS = env_int("KAOPING_JOB_RETENTION_DAYS", 30)
# "Due soon" in the due scan and the notices: within these many days.
KAOPING_DUE_SOON_DAYS = env_int("KAOPING_DUE_SOON_DAYS", 3)
# How often a worker looks whether a slot is due.
KAOPING_SCHEDULE_TICK_SECONDS = env_int("KAOPING_SCHEDULE_TICK_SECONDS", 30)
# The notification scan ``f(now) -> str``; scheduled once its module exists.
KAOPING_NOTICE_SCAN = env_str(
    "KAOPING_NOTICE_SCAN", "kaoping.web.notify.services.scheduled_due_notices"
)
# Documents drawn once per assessment version (kaoping.web.assessment.document_files).
KAOPING_CACHE_DIR = Path(env_str("KAOPING_CACHE_DIR", str(DATA_DIR / "cache")))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first; English second. Source strings are Chinese; the English
# catalogue lives in core/locale/en.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "core" / "locale"]
TIME_ZONE = env_str("KAOPING_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only a production deployment collects static files; locally whitenoise serves
# them from the apps and there is nothing to collect.
STATIC_ROOT: Path | None = (
    Path(env_str("KAOPING_STATIC_ROOT", str(DATA_DIR / "static"))) if PRODUCTION else None
)
# Locally whitenoise serves straight from the apps; production runs collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploads: the whole request and each file are bounded; an XLSX is also checked
# for what it would unpack to before it is opened (a zip bomb is refused).
# Follow-ups and reminders (docs/assessment.md, "Escalation"): a reminder is due this
# many days after it is issued; an overdue item goes up one level when its days
# overdue reach each of these (包村干部, 片长, 镇领导).
KAOPING_REMINDER_DUE_DAYS = env_int("KAOPING_REMINDER_DUE_DAYS", 10)
KAOPING_ESCALATION_DAYS = env_list("KAOPING_ESCALATION_DAYS", ["7", "14", "21"])
KAOPING_MAX_UPLOAD_BYTES = env_int("KAOPING_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# A confirmed upload larger than this is imported by a job with progress, not in the request.
KAOPING_IMPORT_INLINE_MAX_BYTES = env_int("KAOPING_IMPORT_INLINE_MAX_BYTES", 1024 * 1024)
# A signed responsibility letter's scan (目标责任书): a few pages as PDF or a photo.
KAOPING_LETTER_SCAN_BYTES = env_int("KAOPING_LETTER_SCAN_BYTES", 5 * 1024 * 1024)
KAOPING_MAX_XLSX_UNPACKED_BYTES = env_int("KAOPING_MAX_XLSX_UNPACKED_BYTES", 200 * 1024 * 1024)
KAOPING_MAX_XLSX_RATIO = env_int("KAOPING_MAX_XLSX_RATIO", 200)
DATA_UPLOAD_MAX_MEMORY_SIZE = KAOPING_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = KAOPING_MAX_UPLOAD_BYTES + 1024 * 1024

# Login attempts: this many failures per user name and address in the window
# lock the pair out until the window has passed.
KAOPING_LOGIN_MAX_FAILURES = env_int("KAOPING_LOGIN_MAX_FAILURES", 5)
KAOPING_LOGIN_WINDOW_SECONDS = env_int("KAOPING_LOGIN_WINDOW_SECONDS", 15 * 60)
# Behind a reverse proxy: the header it writes the client's address into (e.g.
# X-Forwarded-For) and how many proxies append to it; REMOTE_ADDR when unset.
KAOPING_TRUSTED_PROXY_HEADER = env_str("KAOPING_TRUSTED_PROXY_HEADER", "REMOTE_ADDR")
KAOPING_TRUSTED_PROXY_COUNT = env_int("KAOPING_TRUSTED_PROXY_COUNT", 1)
AUTHENTICATION_BACKENDS = ["kaoping.web.core.accounts.NormalisedNameBackend"]

# Password-reset mail. Locally it is written to files in <data>/mail (nothing is
# sent); a deployment names its SMTP server (Django's EMAIL_* settings).
EMAIL_BACKEND = env_str(
    "KAOPING_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("KAOPING_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KAOPING_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KAOPING_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KAOPING_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KAOPING_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("KAOPING_EMAIL_FROM", "kaoping@localhost")
PASSWORD_RESET_TIMEOUT = env_int("KAOPING_PASSWORD_RESET_SECONDS", 24 * 3600)
# An SMTP server that does not answer holds a delivery job this long, not forever.
EMAIL_TIMEOUT = env_int("KAOPING_EMAIL_TIMEOUT", 10)

# Notifications (docs/notifications.md): links in messages start with the base URL;
# each remote call is bounded by the timeout and retried up to the attempts.
KAOPING_BASE_URL = env_str("KAOPING_BASE_URL", "http://127.0.0.1:8000")
KAOPING_NOTIFY_TIMEOUT = env_int("KAOPING_NOTIFY_TIMEOUT", 10)
KAOPING_NOTIFY_ATTEMPTS = env_int("KAOPING_NOTIFY_ATTEMPTS", 4)
# Robot webhooks on 127.0.0.1 (a local receiver for a trial); never in production.
KAOPING_NOTIFY_ALLOW_LOOPBACK = env_bool("KAOPING_NOTIFY_ALLOW_LOOPBACK", False) and not PRODUCTION
# Due notices this many days before a deadline, overdue notices this many days after.
KAOPING_NOTIFY_DUE_DAYS = env_list("KAOPING_NOTIFY_DUE_DAYS", ["3", "1"])
KAOPING_NOTIFY_OVERDUE_DAYS = env_list("KAOPING_NOTIFY_OVERDUE_DAYS", ["1", "7"])
# The delivery log keeps sent and failed rows this many days (at least 7: the daily
# pass reads two days back to tell nobody twice); pending ones are never pruned.
KAOPING_NOTIFY_RETENTION_DAYS = max(7, env_int("KAOPING_NOTIFY_RETENTION_DAYS", 180))
# SMS: "aliyun" (dysmsapi SendSms) or empty for none.
KAOPING_SMS_PROVIDER = env_str("KAOPING_SMS_PROVIDER", "")
KAOPING_SMS_ACCESS_KEY_ID = env_str("KAOPING_SMS_ACCESS_KEY_ID", "")
KAOPING_SMS_ACCESS_KEY_SECRET = env_str("KAOPING_SMS_ACCESS_KEY_SECRET", "")
KAOPING_SMS_SIGN_NAME = env_str("KAOPING_SMS_SIGN_NAME", "")
KAOPING_SMS_TEMPLATE_CODE = env_str("KAOPING_SMS_TEMPLATE_CODE", "")
KAOPING_SMS_ENDPOINT = env_str("KAOPING_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com")

# API tokens expire after this many days, and when their owner's password changes.
KAOPING_API_TOKEN_DAYS = env_int("KAOPING_API_TOKEN_DAYS", 90)

# Two-factor login (django-otp, TOTP and recovery codes): compulsory for every
# role but the village reporter's when on; on by default in production.
KAOPING_2FA_REQUIRED = env_bool("KAOPING_2FA_REQUIRED", PRODUCTION)
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = env_str("KAOPING_2FA_ISSUER", "kaoping")
# Django's admin is behind the same gate (two_factor.AccountGate); its own pages
# for devices are not offered, so that a reset always goes through the audited one.

# A working day, not a fortnight; closing the browser ends it when asked for.
SESSION_COOKIE_AGE = env_int("KAOPING_SESSION_SECONDS", 12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("KAOPING_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# Content Security Policy (django-csp): scripts, styles, images and connections
# from this site only; no inline script or style (the pages have none: app.js,
# drafts.js and style.css are static files, htmx is told not to inject its
# indicator style), no plugins, no framing, forms post only here.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("KAOPING_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("KAOPING_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("KAOPING_CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KAOPING_LOG_LEVEL", "WARNING")},
    # A refused or missing page is the app working as meant, not a fault: Django logs
    # each with a traceback at WARNING, which reads like a crash on the console.
    "loggers": {"django.request": {"level": "ERROR"}},
}
