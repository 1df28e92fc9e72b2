from django.db import models
from django.utils.translation import gettext_lazy as _


class ProducerKind(models.TextChoices):
    """Chủ thể OCOP, Decision 26/2026 Art. 2.3."""

    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    ENTERPRISE = "enterprise", _("Doanh nghiệp nhỏ và vừa")
    FARM = "farm", _("Trang trại")
    HOUSEHOLD = "household", _("Hộ sản xuất, hộ gia đình có đăng ký kinh doanh")
    # Only for community tourism, eco-tourism and tourist sites (Art. 2.3, last sentence).
    ASSOCIATION = "association", _("Hội, hiệp hội, trung tâm điều hành (du lịch)")


class LegalForm(models.TextChoices):
    """Legal form of an enterprise (Law on Enterprises 2020)."""

    PRIVATE = "private", _("Doanh nghiệp tư nhân")
    LLC_ONE = "llc_one", _("Công ty TNHH một thành viên")
    LLC_MULTI = "llc_multi", _("Công ty TNHH hai thành viên trở lên")
    JOINT_STOCK = "joint_stock", _("Công ty cổ phần")
    PARTNERSHIP = "partnership", _("Công ty hợp danh")


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")
    OTHER = "other", _("Khác")


class ProducerStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    STOPPED = "stopped", _("Ngừng hoạt động")


class ProductStatus(models.TextChoices):
    IDEA = "idea", _("Ý tưởng")
    IN_DEVELOPMENT = "in_development", _("Đang phát triển")
    REGISTERED = "registered", _("Đã đăng ký")
    CERTIFIED = "certified", _("Đã được công nhận OCOP")
    SUSPENDED = "suspended", _("Tạm dừng")
    STOPPED = "stopped", _("Ngừng sản xuất")


class DocumentType(models.TextChoices):
    BUSINESS_REGISTRATION = "business_registration", _("Giấy chứng nhận đăng ký kinh doanh")
    FOOD_SAFETY = "food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")
    QUALITY_DECLARATION = "quality_declaration", _("Bản tự công bố / công bố chất lượng")
    PRODUCT_STANDARD = "product_standard", _("Tiêu chuẩn cơ sở của sản phẩm")
    LAB_TEST = "lab_test", _("Phiếu kết quả kiểm nghiệm")
    TRADEMARK = "trademark", _("Giấy chứng nhận đăng ký nhãn hiệu")
    CERTIFICATION = "certification", _("Chứng nhận VietGAP / hữu cơ / HACCP / ISO")
    TRACEABILITY = "traceability", _("Tài liệu truy xuất nguồn gốc")
    ENVIRONMENT = "environment", _("Hồ sơ môi trường")
    PRODUCT_STORY = "product_story", _("Câu chuyện sản phẩm")
    OTHER = "other", _("Khác")
