from django.urls import path

from .views import reporting

urlpatterns = [
    path("", reporting.dashboard, name="reporting_dashboard"),
]
