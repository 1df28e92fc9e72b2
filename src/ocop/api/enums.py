from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """The area a token sees, like ``accounts.AreaLevel`` for a person's role."""

    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh")
    COMMUNE = "commune", _("Xã")
    PRODUCER = "producer", _("Chủ thể")


class TokenAccess(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    WRITE = "write", _("Đọc và ghi")
