from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ocop.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"
