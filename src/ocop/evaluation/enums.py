from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRE = "centre", _("Cấp trung ương")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang nhận hồ sơ")
    SCORING = "scoring", _("Hội đồng đang chấm")
    CLOSED = "closed", _("Đã kết thúc")


class DossierKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Đánh giá nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá lại")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ xã đánh giá")
    RETURNED = "returned", _("Trả lại để bổ sung")
    PROPOSED = "proposed", _("Xã đã đề nghị lên tỉnh")
    ACCEPTED = "accepted", _("Tỉnh đã tiếp nhận, chờ Hội đồng")
    SCORED = "scored", _("Hội đồng đã chấm")
    RECOMMENDED = "recommended", _("Hội đồng đã đề nghị")
    FORWARDED = "forwarded", _("Tiềm năng 5 sao, chuyển Trung ương")
    RECOGNISED = "recognised", _("Đã công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không đạt 3 sao")
    EXCLUDED = "excluded", _("Bị loại")


class ScoresheetState(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")
