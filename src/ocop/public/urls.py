from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:token>", views.verify, name="verify"),
    path(".well-known/ocop-keys.json", views.keys, name="keys"),
]
