from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "ocop.supervision"
    label = "supervision"
    verbose_name = _("Kiểm tra, giám sát sau công nhận")
