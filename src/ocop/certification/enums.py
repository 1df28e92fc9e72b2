from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """Derived from dates and events (``status_of``), never typed by hand."""

    VALID = "valid", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hạn (trong thời hạn đánh giá lại)")
    EXTENDED = "extended", _("Gia hạn chờ kết quả đánh giá lại")
    EXPIRED = "expired", _("Hết hiệu lực")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    REVOKED = "revoked", _("Đã thu hồi")


class AuthorityLevel(models.TextChoices):
    PROVINCE = "province", _("UBND cấp tỉnh")
    CENTRE = "centre", _("Bộ Nông nghiệp và Môi trường")
    DISTRICT = "district", _("UBND cấp huyện (trước 01/7/2025)")


class ReminderKind(models.TextChoices):
    WINDOW = "window", _("Bắt đầu thời hạn nộp hồ sơ đánh giá lại")
    DAYS_30 = "days_30", _("Còn 30 ngày hết hạn")
    EXPIRED = "expired", _("Đã hết hạn")
