from django.contrib import admin

from .models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name", "name_folded"]
    list_select_related = ["province"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(admin.ModelAdmin):
    search_fields = ["code", "name"]


@admin.register(LegacyDistrict)
class LegacyDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    search_fields = ["code", "name"]


@admin.register(LegacyCommune)
class LegacyCommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district"]
    search_fields = ["code", "name"]
    list_select_related = ["district__province"]
