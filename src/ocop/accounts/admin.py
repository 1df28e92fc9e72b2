from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["province", "commune", "producer"]


@admin.register(User)
class OcopUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("OCOP", {"fields": ("full_name", "phone")}))
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
