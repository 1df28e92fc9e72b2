from django.urls import path

from .views import reporting

urlpatterns = [
    path("", reporting.dashboard, name="reporting_dashboard"),
    path("reports/", reporting.report_list, name="reporting_report_list"),
    path("reports/<int:pk>/", reporting.report_detail, name="reporting_report_detail"),
    path("reports/<int:pk>/<str:kind>/", reporting.report_file, name="reporting_report_file"),
]
