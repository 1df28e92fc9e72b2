from django.urls import path

from .views import home, imports, registry

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("producers/", registry.producer_list, name="producer_list"),
    path("producers/new/", registry.producer_create, name="producer_create"),
    path("producers/<int:pk>/", registry.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", registry.producer_edit, name="producer_edit"),
    path("producers/<int:pk>/status/", registry.producer_status, name="producer_status"),
    path(
        "producers/<int:producer_pk>/products/new/",
        registry.product_create,
        name="product_create",
    ),
    path(
        "producers/<int:producer_pk>/documents/new/",
        registry.document_upload,
        name="document_upload",
    ),
    path("products/", registry.product_list, name="product_list"),
    path("products/<int:pk>/", registry.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", registry.product_edit, name="product_edit"),
    path("products/<int:pk>/status/", registry.product_status, name="product_status"),
    path("products/<int:pk>/photos/", registry.photo_upload, name="photo_upload"),
    path("products/<int:pk>/photos/<int:photo_pk>/", registry.photo_file, name="photo_file"),
    path("documents/<int:pk>/file/", registry.document_file, name="document_file"),
    path("documents/expiring/", registry.documents_expiring_list, name="documents_expiring"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_status, name="import_status"),
]
