from django.contrib import admin
from django.http import HttpRequest

from .models import EvidenceDocument, ImportJob, Producer, Product


class ReadOnlyAdmin(admin.ModelAdmin):
    """Registry writes go through the domain functions (audited); the admin only reads."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Producer)
class ProducerAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "tax_code", "commune", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "tax_code", "search_text"]
    list_select_related = ["commune"]


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["name", "producer", "product_set", "status"]
    list_filter = ["status"]
    search_fields = ["name", "search_text"]
    list_select_related = ["producer", "product_set"]


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["producer", "doc_type", "number", "expires_on"]
    list_select_related = ["producer"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "state", "created_by", "created_at"]
