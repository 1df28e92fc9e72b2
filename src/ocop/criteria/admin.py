from django.contrib import admin

from .models import CriteriaVersion, ProductSet


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_current"]


@admin.register(ProductSet)
class ProductSetAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "name", "sector_name", "version"]
    list_filter = ["version", "sector_code"]
