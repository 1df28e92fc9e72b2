from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import twofactor
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
    actions = ["reset_two_factor"]

    @admin.action(description=_("Đặt lại xác thực hai bước (mất điện thoại)"))
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            twofactor.reset(user=user, actor=request.user, reason="admin")
        self.message_user(request, _("Đã đặt lại xác thực hai bước."))


# The admin's own sign-in form would skip the two-factor step: send it to ours.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
