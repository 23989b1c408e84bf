"""Django settings for a Corridor node, read from the environment with safe defaults."""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from corridor.core import secrets as node_secrets

BASE_DIR = Path(__file__).resolve().parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("CORRIDOR_DATA_DIR", "var")).resolve()
DEBUG = env_flag("CORRIDOR_DEBUG")
TESTING = env_flag("CORRIDOR_TESTING")

# The node: which country it serves and what it is called.
CORRIDOR_COUNTRY = os.environ.get("CORRIDOR_COUNTRY", "PH").upper()
CORRIDOR_NODE_NAME = os.environ.get("CORRIDOR_NODE_NAME", "")
CORRIDOR_NODE_URL = os.environ.get("CORRIDOR_NODE_URL", "http://127.0.0.1:8000")
CORRIDOR_DEMO = env_flag("CORRIDOR_DEMO")
# Wages (docs/wages.md): days after the end of the period paid before a payment counts as late, and the number of
# months with arrears (shortfall or no payment) with one employer that raises an arrears alert.
CORRIDOR_WAGES_GRACE_DAYS = int(os.environ.get("CORRIDOR_WAGES_GRACE_DAYS", "0"))
CORRIDOR_WAGES_ALERT_MONTHS = int(os.environ.get("CORRIDOR_WAGES_ALERT_MONTHS", "1"))
# Licences granted by this node's registry (docs/registry.md): the number's format, and the bounds of a validity.
# The default pattern takes what registries print (capitals and digits in groups joined by - or /, with at least one
# digit), never free text;
# a node sets its own (for example ^DMW-\d{3,4}-[A-Z]{2}(-\d{4})?$). The maximum is ten years unless the node's law
# sets another (set it from the law, with the citation in docs/registry.md).
CORRIDOR_LICENCE_NUMBER_PATTERN = os.environ.get("CORRIDOR_LICENCE_NUMBER_PATTERN", r"(?=[A-Z/-]*[0-9])[A-Z0-9]+(?:[-/][A-Z0-9]+)*")
CORRIDOR_LICENCE_NUMBER_EXAMPLE = os.environ.get("CORRIDOR_LICENCE_NUMBER_EXAMPLE", "DMW-123-LB")
CORRIDOR_LICENCE_MIN_DAYS = int(os.environ.get("CORRIDOR_LICENCE_MIN_DAYS", "30"))
CORRIDOR_LICENCE_MAX_DAYS = int(os.environ.get("CORRIDOR_LICENCE_MAX_DAYS", str(3653)))

SECRET_KEY = node_secrets.secret_key(DATA_DIR)

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CORRIDOR_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CORRIDOR_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "corridor.core",
    "corridor.accounts",
    "corridor.rules",  # no models: for its `corridor rules` command
    "corridor.registry",
    "corridor.contracts",
    "corridor.clearance",
    "corridor.cases",
    "corridor.inspection",
    "corridor.wages",
    "corridor.exchange",
    "corridor.welfare",
    "corridor.orientation",
    "corridor.reintegration",
    "corridor.standards",
    "corridor.guidance",
    "corridor.voice",
    "corridor.indicators",
]

MIDDLEWARE = [
    "corridor.core.middleware.TrustedProxyMiddleware",
    "corridor.core.middleware.BodySizeLimitMiddleware",
    "corridor.core.middleware.JsonLimitsMiddleware",
    "corridor.core.middleware.NulCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corridor.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "corridor.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "corridor.urls"
WSGI_APPLICATION = "corridor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "corridor.core.context_processors.node",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'corridor.sqlite3'}"),
        conn_max_age=int(os.environ.get("CORRIDOR_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while the worker writes; IMMEDIATE takes the write lock
    # at the start of a transaction so that two writers queue instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (core/throttle.py): after this many failures from one source (a keyed hash of its address)
# within the window, each further attempt from it waits twice as long (1 s, 2 s, 4 s, ... up to the window);
# after CORRIDOR_SIGNIN_ACCOUNT_FAILURES failures for one account, the account waits the same way (at most
# CORRIDOR_SIGNIN_ACCOUNT_MAX_DELAY), except from a browser that has signed in fully as it before.
CORRIDOR_SIGNIN_SOURCE_FAILURES = int(os.environ.get("CORRIDOR_SIGNIN_SOURCE_FAILURES", "5"))
CORRIDOR_SIGNIN_ACCOUNT_FAILURES = int(os.environ.get("CORRIDOR_SIGNIN_ACCOUNT_FAILURES", "10"))
CORRIDOR_SIGNIN_ACCOUNT_MAX_DELAY = int(os.environ.get("CORRIDOR_SIGNIN_ACCOUNT_MAX_DELAY", "300"))
CORRIDOR_SIGNIN_WINDOW_SECONDS = int(os.environ.get("CORRIDOR_SIGNIN_WINDOW_SECONDS", "900"))
OTP_TOTP_ISSUER = "Corridor"

# Languages shipped with complete catalogues. Filipino is not in Django's table.
LANG_INFO.setdefault("fil", {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"})
# Sinhala and Amharic are not in Django's table either (their names as CLDR writes them).
LANG_INFO.setdefault("si", {"bidi": False, "code": "si", "name": "Sinhala", "name_local": "සිංහල"})
LANG_INFO.setdefault("am", {"bidi": False, "code": "am", "name": "Amharic", "name_local": "አማርኛ"})
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fil", _("Filipino")),
    ("ne", _("Nepali")),
    ("es", _("Spanish")),
    ("bn", _("Bengali")),
    ("hi", _("Hindi")),
    ("id", _("Indonesian")),
    ("si", _("Sinhala")),
    ("ta", _("Tamil")),
    ("my", _("Burmese")),
    ("am", _("Amharic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_SECURE = env_flag("CORRIDOR_HTTPS", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CORRIDOR_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "files"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Bodies larger than this are refused with 413 before any view runs.
CORRIDOR_MAX_BODY_BYTES = int(os.environ.get("CORRIDOR_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = CORRIDOR_MAX_BODY_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# HTTPS hardening; off only when asked for (a demo on 127.0.0.1 has no TLS).
HTTPS = env_flag("CORRIDOR_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Addresses of the reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed; from anyone
# else these headers are removed before Django reads them (core/middleware.TrustedProxyMiddleware).
CORRIDOR_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("CORRIDOR_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
                            if p.strip()]
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = env_flag("CORRIDOR_SSL_REDIRECT", False)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if env_flag("CORRIDOR_TASKS_IMMEDIATE"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CORRIDOR_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
