from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ocop.ops"
    label = "ops"
    verbose_name = "Vận hành"
