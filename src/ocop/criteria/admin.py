from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CriteriaVersion, ProductSet, SheetRevision


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_current", "in_force_from", "in_force_to"]


@admin.register(ProductSet)
class ProductSetAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "name", "sector_name", "version"]
    list_filter = ["version", "sector_code"]


@admin.register(SheetRevision)
class SheetRevisionAdmin(admin.ModelAdmin):
    """Read-only: revisions are written by ``ocop load_criteria`` and never edited."""

    list_display = ["product_set", "number", "content_hash", "source", "loaded_at"]
    list_filter = ["product_set__version"]
    list_select_related = ["product_set__version"]
    exclude = ["content"]
    readonly_fields = ["product_set", "number", "content_hash", "source", "loaded_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
