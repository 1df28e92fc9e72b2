"""Back-office routes for stamps (included under the backoffice namespace)."""

from django.urls import path

from .views import stamps

urlpatterns = [
    path("", stamps.batch_list, name="stamps_batch_list"),
    path("new/", stamps.batch_create, name="stamps_batch_create"),
    path("<int:pk>/", stamps.batch_detail, name="stamps_batch_detail"),
    path("<int:pk>/activate/", stamps.batch_activate, name="stamps_batch_activate"),
    path("<int:pk>/void/", stamps.batch_void, name="stamps_batch_void"),
    path("<int:pk>/sheets/", stamps.sheet_create, name="stamps_sheet_create"),
    path("sheets/<int:pk>/file/", stamps.sheet_file, name="stamps_sheet_file"),
]
