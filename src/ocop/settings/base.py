"""Core Django settings: apps, database, cache, templates, i18n, files."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("OCOP_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("OCOP_DEBUG", default=True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("OCOP_SECRET_KEY", "" if not DEBUG else _DEV_SECRET)
if not SECRET_KEY:
    raise ImproperlyConfigured("OCOP_SECRET_KEY must be set when OCOP_DEBUG=0")

ALLOWED_HOSTS = env_list("OCOP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("OCOP_CSRF_TRUSTED_ORIGINS", [])
PUBLIC_BASE_URL = env_str("OCOP_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Ed25519 seed (base64, 32 bytes) signing certificate codes; unset: a key file under var/keys/.
SIGNING_KEY = env_str("OCOP_SIGNING_KEY")
# Certificate number per issuing level; {serial}, {year}, {province} are filled in.
CERTIFICATE_NUMBER_FORMATS = {
    "province": env_str(
        "OCOP_CERTIFICATE_NUMBER_PROVINCE", "{serial:03d}/{year}/GCN-OCOP-{province}"
    ),
    "centre": env_str("OCOP_CERTIFICATE_NUMBER_CENTRE", "{serial:03d}/{year}/GCN-OCOP-BNNMT"),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    # data apps
    "ocop.core",
    "ocop.geo",
    "ocop.accounts",
    "ocop.criteria",
    "ocop.registry",
    "ocop.evaluation",
    "ocop.certification",
    "ocop.supervision",
    "ocop.traceability",
    "ocop.stamps",
    "ocop.promotion",
    "ocop.cycle",
    "ocop.planning",
    "ocop.reporting",
    # interface apps
    "ocop.backoffice",
    "ocop.public",
    "ocop.api",
    "ocop.ops",
    "ocop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("OCOP_DATABASE_URL", f"sqlite:///{VAR_DIR / 'ocop.sqlite3'}"),
        conn_max_age=env_int("OCOP_DB_CONN_MAX_AGE", 60),
        # A health check is one more round trip per request; without it, a connection that
        # died (database restart) fails one request and is then replaced.
        conn_health_checks=env_bool("OCOP_DB_HEALTH_CHECKS", default=False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Let psycopg keep server-side prepared statements (Django disables them): the QR
    # resolver's one query is then planned once per connection, not once per scan. Behind
    # PgBouncer use session pooling, or transaction pooling with max_prepared_statements.
    # "off": never prepare (PgBouncer in transaction pooling without prepared-statement
    # support); psycopg takes None for that.
    _prepare = env_str("OCOP_DB_PREPARE_THRESHOLD", "5").strip().lower() or "5"
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _prepare in {"off", "none"} else int(_prepare)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE avoids
    # "database is locked" upgrades inside write transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

_REDIS_URL = env_str("OCOP_REDIS_URL")
if _REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("OCOP_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("OCOP_MEDIA_ROOT", str(VAR_DIR / "media")))
# The public resolver (GS1 Digital Link). Pages are cookie-free and cacheable this long at
# the edge; a revocation shows on every scan after at most this many seconds behind a cache.
RESOLVER_CACHE_SECONDS = env_int("OCOP_RESOLVER_CACHE_SECONDS", 30)
# "app": the resolver buffers each scan and writes batches; "edge": nginx's access log is
# ingested by ``ocop ingest_scan_log`` (for a micro-cache in front of the resolver).
SCAN_LOGGING = env_str("OCOP_SCAN_LOGGING", "app")
SCAN_FLUSH_SECONDS = float(env_str("OCOP_SCAN_FLUSH_SECONDS", "1.0"))
SCAN_FLUSH_SIZE = env_int("OCOP_SCAN_FLUSH_SIZE", 500)

# Map tiles for Leaflet maps (scans, sales points). Offices without internet point this at
# a tile server of their own; markers still show without tiles.
MAP_TILES_URL = env_str("OCOP_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env_str("OCOP_MAP_ATTRIBUTION", "© OpenStreetMap contributors")

# Rate limits as "count/seconds" per client address (public forms) — see core/ratelimit.py.
RATE_LIMITS = {
    "public_report": env_str("OCOP_RATE_PUBLIC_REPORT", "5/3600"),
    "scan_location": env_str("OCOP_RATE_SCAN_LOCATION", "60/3600"),
    "inquiry": env_str("OCOP_RATE_INQUIRY", "5/3600"),
}

UPLOAD_MAX_BYTES = env_int("OCOP_UPLOAD_MAX_MB", 20) * 1024 * 1024
# Files above this stay on disk while Django parses them, instead of in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

_MAIL_BACKEND = env_str(
    "OCOP_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_MAIL_OPTIONS: dict[str, object] = {}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("OCOP_EMAIL_HOST", "localhost"),
        "port": env_int("OCOP_EMAIL_PORT", 25),
        "username": env_str("OCOP_EMAIL_HOST_USER"),
        "password": env_str("OCOP_EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("OCOP_EMAIL_USE_TLS", default=False),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("OCOP_DEFAULT_FROM_EMAIL", "OCOP <no-reply@ocop.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "accounts:login"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OCOP_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
