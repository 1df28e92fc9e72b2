from django.db import models
from django.utils.translation import gettext_lazy as _


class LocationKind(models.TextChoices):
    FARM = "farm", _("vùng nguyên liệu / trang trại")
    FACTORY = "factory", _("cơ sở sản xuất, chế biến")
    WAREHOUSE = "warehouse", _("kho")
    SHOP = "shop", _("điểm bán")
    LAB = "lab", _("phòng thử nghiệm")
    OTHER = "other", _("khác")
