from django.db import models
from django.utils.translation import gettext_lazy as _


class IdeaStatus(models.TextChoices):
    """Phiếu đăng ký ý tưởng sản phẩm: where it stands in the review."""

    SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
    NEEDS_WORK = "needs_work", _("Cần hoàn thiện")
    ACCEPTED = "accepted", _("Được chấp nhận")
    REJECTED = "rejected", _("Không được chấp nhận")


class PlanStatus(models.TextChoices):
    """Phương án / dự án sản xuất kinh doanh."""

    SUBMITTED = "submitted", _("Đã nộp, chờ phê duyệt")
    RETURNED = "returned", _("Trả lại để hoàn thiện")
    APPROVED = "approved", _("Đã phê duyệt")


class SupportKind(models.TextChoices):
    TRAINING = "training", _("Đào tạo, tập huấn")
    CONSULTING = "consulting", _("Tư vấn")
    PACKAGING = "packaging", _("Thiết kế bao bì, nhãn mác")
    LAB_TEST = "lab_test", _("Kiểm nghiệm")
    TRADEMARK = "trademark", _("Đăng ký nhãn hiệu")
    EQUIPMENT = "equipment", _("Máy móc, thiết bị")
    TRADE_FAIR = "trade_fair", _("Hội chợ, xúc tiến thương mại")
    OTHER = "other", _("Khác")


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương")
    PROVINCIAL = "provincial", _("Ngân sách tỉnh")
    LOCAL = "local", _("Ngân sách huyện/xã")
    SOCIALISED = "socialised", _("Xã hội hóa, nguồn khác")
