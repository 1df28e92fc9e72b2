from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchState(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang phát hành")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi hệ thống")


class StampStatus(models.TextChoices):
    """Lifecycle of one stamp. "Đã quét" is derived from scans, never stored here."""

    ISSUED = "issued", _("Đã phát hành (chưa kích hoạt)")
    ACTIVATED = "activated", _("Đã kích hoạt")
    VOIDED = "voided", _("Đã hủy")


class ScanOutcome(models.TextChoices):
    OK = "ok", _("Tem thật, đã kích hoạt")
    UNKNOWN = "unknown", _("Không có tem này")
    VOID = "void", _("Tem đã bị hủy")
    BAD_SIGNATURE = "bad_signature", _("Mã kiểm tra sai (tem giả hoặc gõ nhầm)")
    NOT_ACTIVATED = "not_activated", _("Tem chưa được kích hoạt")


class UAClass(models.TextChoices):
    MOBILE = "mobile", _("Điện thoại")
    DESKTOP = "desktop", _("Máy tính")
    BOT = "bot", _("Máy tự động (bot)")
    OTHER = "other", _("Khác")


class SheetFormat(models.TextChoices):
    SVG = "svg", "SVG"
    PDF = "pdf", "PDF"


class ScanSource(models.TextChoices):
    """Where a scan row comes from; a shared location is a second row of the same visit."""

    PAGE = "page", _("Mở trang truy xuất")
    EDGE = "edge", _("Nhật ký máy chủ biên (bộ đệm)")
    LOCATION = "location", _("Vị trí do người quét chia sẻ")
