from django.db import models
from django.utils.translation import gettext_lazy as _


class Grouping(models.TextChoices):
    """How a report places records made before the 2025 reform of administrative units."""

    CURRENT = "current", _("Theo đơn vị hành chính hiện hành")
    LEGACY = "legacy", _("Theo đơn vị hành chính trước 01/7/2025 (như khi ghi nhận)")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã tạo")
    FAILED = "failed", _("Lỗi")
