from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


class Measure(models.TextChoices):
    NONE = "", _("Không")
    WARNING = "warning", _("Cảnh báo, yêu cầu khắc phục có thời hạn")
    REVOCATION = "revocation", _("Đề nghị thu hồi giấy chứng nhận")


# What an inspection checks (Art. 9): is each maintained as in the dossier?
CHECKLIST = [
    ("raw_materials", _("Nguyên liệu")),
    ("scale", _("Quy mô sản xuất")),
    ("labour", _("Lao động")),
    ("quality_management", _("Quản lý chất lượng")),
    ("standard", _("Tiêu chuẩn công bố")),
    ("traceability", _("Tem truy xuất nguồn gốc")),
    ("trademark", _("Nhãn hiệu")),
    ("labels", _("Nhãn mác, bao bì")),
    ("market", _("Thị trường")),
    ("conditions", _("Điều kiện sản xuất")),
    ("mark_use", _("Sử dụng biểu trưng OCOP và quảng bá")),
]


class ReportKind(models.TextChoices):
    """What a shopper can report from a product or scan page."""

    EXPIRED_LOGO = "expired_logo", _("Dùng biểu trưng OCOP đã hết hạn")
    COUNTERFEIT = "counterfeit", _("Nghi hàng giả, tem giả")
    QUALITY = "quality", _("Vấn đề chất lượng")
    OTHER = "other", _("Khác")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Mới")
    PLANNED = "planned", _("Đã đưa vào kế hoạch kiểm tra")
    DISMISSED = "dismissed", _("Không xử lý")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Ảnh")
    DOCUMENT = "document", _("Tài liệu")
