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


class RevocationGround(models.TextChoices):
    """Art. 8.1 of Decision 26/2026/QĐ-TTg."""

    FALSE_DOSSIER = "a", _("a) Hồ sơ gian lận, giả mạo")
    CRITERIA_NOT_MET = "b", _("b) Không còn đáp ứng tiêu chí theo kết quả kiểm tra")
    VIOLATION = (
        "c",
        _(
            "c) Vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, "
            "sở hữu trí tuệ, nhãn hàng hóa"
        ),
    )
    MARK_MISUSE = "d", _("d) Sử dụng biểu trưng OCOP không đúng quy định")
    STOPPED = "dd", _("đ) Chủ thể ngừng sản xuất")
    OTHER = "e", _("e) Kết luận khác của cơ quan có thẩm quyền")
