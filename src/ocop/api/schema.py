"""OpenAPI details drf-spectacular cannot infer: the error shape on every operation and
the bearer-token scheme. Documenting every error status keeps the schema honest, so a
schemathesis run can check each response against it."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers

ERROR_STATUSES = ("400", "401", "403", "404", "405", "406", "415", "429", "500")


class ErrorItemSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    message_en = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer[Any]):
    code = serializers.CharField(
        help_text="validation_error, parse_error, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, not_acceptable, "
        "unsupported_media_type, throttled, server_error"
    )
    message = serializers.CharField(help_text="Tiếng Việt")
    message_en = serializers.CharField(help_text="English")
    fields = serializers.DictField(
        child=ErrorItemSerializer(many=True),
        required=False,
        help_text="Only on validation_error: field name → errors.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorBodySerializer()


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code in ERROR_STATUSES:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, direction=direction
                )
        return responses

    def get_tags(self) -> list[str]:
        # /api/v1/<resource>/… → "<resource>"; the version is not a tag.
        parts = [p for p in self.path.split("/") if p and not p.startswith("{")]
        return parts[2:3] or ["api"]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "ocop.api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer ocop_<prefix>_<secret> (see docs/api.md).",
        }
