"""Settings from the environment.

JIXIAO_DATA_DIR  where the SQLite file and the generated secret key live (default ~/.local/share/jixiao)
DATABASE_URL     postgres://user:pass@host:port/db to run on PostgreSQL (default: SQLite in the data dir)
JIXIAO_SECRET_KEY, JIXIAO_DEBUG=1, JIXIAO_ALLOWED_HOSTS=a,b, JIXIAO_HTTPS=1 (behind an HTTPS proxy)
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR") or Path.home() / ".local" / "share" / "jixiao")


def _secret_key() -> str:
    if key := os.environ.get("JIXIAO_SECRET_KEY"):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JIXIAO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "jixiao.web",
    "jixiao.web.accounts",
    "jixiao.web.history",
    "jixiao.web.goals",
    "jixiao.web.evaluation",
    "jixiao.web.relief",
    "jixiao.web.rectification",
    "jixiao.web.department",
    "jixiao.web.public",
    "jixiao.web.library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy below, on every answer
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jixiao.web.errors.CommitTracking",  # whether a request saved anything, for the 500 page to say
    "jixiao.web.errors.ErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
CSRF_FAILURE_VIEW = "jixiao.web.errors.csrf_failure"

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "jixiao.web.accounts.context.roles",
    ]},
}]

DATABASES = {"default": dj_database_url.config(
    default=f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A transaction takes the write lock when it begins (IMMEDIATE): a second writer then waits up to
    # `timeout` seconds instead of failing with "database is locked" when its read turns into a write.
    # WAL: readers never block the writer nor it them; synchronous=NORMAL is safe with WAL (a power cut may lose
    # the last commits, never the file). journal_mode stays in the file; asking again on connecting is free.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL")
    # Tests use a file, as an installation does: in the in-memory database's shared cache a second writer fails
    # at once ("database table is locked") instead of waiting. One file per test process.
    import tempfile

    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"jixiao-test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # a common word, a login name or a role with digits or symbols around it (editor123, Admin@2024)
    {"NAME": "jixiao.web.accounts.passwords.GuessablePasswordValidator"},
]
API_TOKEN_DAYS = 90  # an API token expires this many days after issue (`jixiao token --days N` for another)
# The finance desk's 逾期未报: units send the year's goals by this day of the budget year (MM-DD). A finance
# bureau sets its own date (88号 has goals sent with the budget, no national day); jixiao's default.
GOALS_DEADLINE = os.environ.get("JIXIAO_GOALS_DEADLINE", "03-31")
# The rule set new plans are judged by (a shipped code: `jixiao rulesets` lists them); a plan keeps the one
# it was made with, and next year's copy carries it.
RULESET = os.environ.get("JIXIAO_RULESET", "CZ-2020-10")
# A province's own rule sets: a folder of TOML files (each `base = "CZ-2020-10"` or another, and the keys it
# changes), offered beside the shipped ones; checked at start-up (goals/checks.py). None: the shipped ones only.
RULESETS_DIR = os.environ.get("JIXIAO_RULESETS_DIR", "").strip() or None
# Repeated failed logins lock that login from that address for a while (django-axes); an 管理员's
# password reset or 解除锁定 lifts it at once. The page says when the lock ends.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jixiao.web.accounts.lockout.lockout_response"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:start"  # the plans, or what to do next for a user without a unit
LOGOUT_REDIRECT_URL = "public:index"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]  # the only one: Django's own messages in Chinese whatever a browser asks for
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks there; files come from the apps (finders)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

MEDIA_ROOT = DATA_DIR / "media"  # evidence files; served only through a view that checks the user
# A form without its files: the records import's confirmation carries the checked file back as base64
# (4/3 of the 20 MB a records file may have: formats/limits.py FILE_SIZE).
DATA_UPLOAD_MAX_MEMORY_SIZE = 28 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default, named so that a test holds it
# Content-Security-Policy (django-csp): the pages run only jixiao's own script files (static/jixiao/*.js,
# the vendored htmx, ECharts and the API docs' Swagger UI), never inline scripts, event handlers or
# javascript: links; nothing from another site, no plugins, no framing, forms post only here.
# Inline styles: <style> elements are refused (htmx's indicator style is turned off in base.html), but
# style attributes are allowed (style-src-attr), because the templates use a few (max-width of a form)
# and ECharts' tooltips and Swagger UI build HTML with style attributes; a style cannot run code.
# img-src data: for the icons Swagger UI's stylesheet embeds as data: URLs.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}}
if os.environ.get("JIXIAO_HTTPS") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")  # the client's address, from the proxy
    AXES_IPWARE_PROXY_COUNT = 1

# Every handler masks ID numbers, phones and bank accounts in messages and tracebacks (issue 13 §6:
# an IntegrityError names the duplicate key's values). Django's own loggers are named here so that the
# handlers of its default configuration, which have no such filter, are replaced.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "jixiao.core.redact.RedactFilter"},
                "client_error": {"()": "jixiao.web.log_filters.ClientErrorLine"}},
    "formatters": {"server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                              "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]},
                 "server": {"class": "logging.StreamHandler", "formatter": "server", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True},
                "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
                # a 4xx in one line (path, user id), no traceback: web/log_filters.py
                "django.request": {"filters": ["client_error"]},
                "py.warnings": {"handlers": [], "propagate": True}},
}
