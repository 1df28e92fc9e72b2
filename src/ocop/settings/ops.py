"""Operations: logging, metrics, database routing, backups.

Imported last by ``settings/__init__.py``: the middleware list, logging and redirect
exemptions below build on the values the earlier files (base, security, tasks, api) left in
the settings package, so whatever they added is kept.
"""

import copy
import ipaddress
import json
import sys

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# What base, security, tasks and api assembled so far (``from .x import *`` in __init__).
_so_far = sys.modules[__package__]

# --- Request id, access log and request metrics -------------------------------------------
# First of all, so that the SSL redirect and every refusal get an id, a log line and a count.
MIDDLEWARE = ["ocop.ops.middleware.RequestIdMiddleware", *_so_far.MIDDLEWARE]
# One access line per request ("ocop.access"); 0 when the proxy's access log is enough.
OPS_ACCESS_LOG = env_bool("OCOP_ACCESS_LOG", default=True)

# --- Logging: text in development, one JSON object per line in production -----------------
OPS_LOG_FORMAT = env_str("OCOP_LOG_FORMAT", "text" if _so_far.DEBUG else "json")
if OPS_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"OCOP_LOG_FORMAT must be text or json, not {OPS_LOG_FORMAT!r}")
LOGGING = copy.deepcopy(_so_far.LOGGING)
LOGGING.setdefault("filters", {})["request_context"] = {"()": "ocop.ops.logs.RequestContextFilter"}
LOGGING.setdefault("formatters", {}).update(
    {
        "json": {"()": "ocop.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }
)
# The filter sits on the handler: filters on a logger do not see its children's records.
LOGGING["handlers"]["console"].update({"formatter": OPS_LOG_FORMAT, "filters": ["request_context"]})

# --- Probes and metrics over plain HTTP --------------------------------------------------
# A load balancer and Prometheus reach the app servers directly, without TLS.
SECURE_REDIRECT_EXEMPT = [
    *getattr(_so_far, "SECURE_REDIRECT_EXEMPT", []),
    r"^healthz$",
    r"^readyz$",
    r"^metrics$",
]
# /metrics answers these addresses (networks allowed: 10.0.0.0/8) or the bearer token.
try:
    OPS_METRICS_ALLOWED_NETWORKS = [
        ipaddress.ip_network(item, strict=False)
        for item in env_list("OCOP_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
    ]
except ValueError as _exc:
    raise ImproperlyConfigured(f"OCOP_METRICS_ALLOWED_IPS: {_exc}") from _exc
OPS_METRICS_TOKEN = env_str("OCOP_METRICS_TOKEN")

# --- Read replica -------------------------------------------------------------------------
# Optional: reads wrapped in ``ocop.ops.routing.use_replica()`` (public pages, reports) go
# to it; writes and migrations always go to default.
_REPLICA_URL = env_str("OCOP_DATABASE_REPLICA_URL")
DATABASES = _so_far.DATABASES
if _REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL,
        conn_max_age=env_int("OCOP_DB_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("OCOP_DB_HEALTH_CHECKS", default=False),
    )
    DATABASES["replica"]["OPTIONS"] = copy.deepcopy(DATABASES["default"].get("OPTIONS", {}))
    # Tests read the replica through the test database of default.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ocop.ops.routing.ReplicaRouter"]
# Behind PgBouncer in transaction pooling a server-side cursor (``.iterator()``) would outlive
# its transaction's server connection: Django then fetches with client-side cursors.
for _alias in DATABASES.values():
    if _alias["ENGINE"] == "django.db.backends.postgresql":
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
            "OCOP_DB_DISABLE_SERVER_SIDE_CURSORS", default=False
        )

# --- Media in object storage --------------------------------------------------------------
# A storage backend's dotted path (e.g. ``storages.backends.s3.S3Storage``, which needs the
# django-storages package) and its options as JSON. Unset: files under OCOP_MEDIA_ROOT.
_MEDIA_STORAGE = env_str("OCOP_MEDIA_STORAGE")
if _MEDIA_STORAGE:
    STORAGES = {
        **getattr(
            _so_far,
            "STORAGES",
            {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        ),
        "default": {
            "BACKEND": _MEDIA_STORAGE,
            "OPTIONS": json.loads(env_str("OCOP_MEDIA_STORAGE_OPTIONS", "{}")),
        },
    }

# --- Backups ------------------------------------------------------------------------------
OPS_BACKUP_DIR = env_str("OCOP_BACKUP_DIR", str(_so_far.VAR_DIR / "backups"))
