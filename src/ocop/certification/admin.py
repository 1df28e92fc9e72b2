from django.contrib import admin

from ocop.registry.admin import ReadOnlyAdmin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "product", "star", "issued_on", "expires_on"]
    search_fields = ["number", "code"]
    list_select_related = ["product"]
