"""Back-office routes for stamps (included under the backoffice namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
