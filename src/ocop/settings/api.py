"""The REST API (Django REST framework, drf-spectacular)."""

from .base import RATE_LIMITS
from .env import env_str

# Requests per window ("count/seconds", 0 = off), per token or signed-in person, and per
# client address without credentials (ocop.api.throttling).
RATE_LIMITS.update(
    {
        "api": env_str("OCOP_RATE_API", "1000/3600"),
        "api_anon": env_str("OCOP_RATE_API_ANON", "300/3600"),
    }
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ocop.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "ocop.api.permissions.TokenAccess",
        "ocop.api.permissions.SignedIn",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["ocop.api.throttling.ApiRateThrottle"],
    # JSON only: the browsable API renders inline script, which the CSP forbids; the
    # self-hosted page at /api/docs/ reads the schema instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "ocop.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "ocop.api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ocop.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "ocop.api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP API",
    "DESCRIPTION": (
        "API mở của hệ thống thông tin OCOP. Open REST API of the OCOP information system; "
        "see docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProvinceTypeEnum": "ocop.geo.enums.ProvinceType",
        "CommuneTypeEnum": "ocop.geo.enums.CommuneType",
        "ProducerKindEnum": "ocop.registry.enums.ProducerKind",
        "DossierKindEnum": "ocop.evaluation.enums.DossierKind",
        "SalesPointKindEnum": "ocop.promotion.enums.SalesPointKind",
        "ProducerStatusEnum": "ocop.registry.enums.ProducerStatus",
        "ProductStatusEnum": "ocop.registry.enums.ProductStatus",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
}
