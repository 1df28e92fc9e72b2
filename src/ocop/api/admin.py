"""Tokens in the Django admin: created and revoked through the domain functions, so that
the secret is shown once and both changes are audited."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .tokens import create_token, revoke_token


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope", "access", "province", "commune", "producer"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "prefix",
        "scope",
        "access",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "access"]
    search_fields = ["name", "prefix"]
    raw_id_fields = ["producer", "commune"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:  # a token's area and rights never change: revoke and re-create
            return [
                "name",
                "prefix",
                "scope",
                "access",
                "province",
                "commune",
                "producer",
                "user",
                "created_by",
                "created_at",
                "last_used_at",
                "revoked_at",
            ]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        new = create_token(
            actor=request.user,
            name=obj.name,
            scope=obj.scope,  # type: ignore[arg-type]
            access=obj.access,  # type: ignore[arg-type]
            province=obj.province,
            commune=obj.commune,
            producer=obj.producer,
        )
        obj.pk = new.token.pk
        messages.warning(
            request,
            _("Mã truy cập (chỉ hiện một lần, hãy sao chép ngay): %(token)s") % {"token": new.raw},
        )

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(actor=request.user, token=token, reason="admin")
