"""Back-office routes for planning (included under the backoffice namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
