from django.urls import path

from . import reports, views

app_name = "public"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:token>", views.verify, name="verify"),
    path("report/", reports.report, name="report"),
    path(".well-known/ocop-keys.json", views.keys, name="keys"),
]
