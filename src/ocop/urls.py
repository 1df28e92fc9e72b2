from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("api/", include("ocop.api.urls")),
    path("", include("ocop.ops.urls")),
    path("", include("ocop.public.urls")),
    path("", include("ocop.backoffice.urls")),
    path("accounts/", include("ocop.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
