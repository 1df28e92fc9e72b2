from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "ocop.promotion"
    label = "promotion"
    verbose_name = _("Xúc tiến thương mại")
