"""The six-step OCOP cycle (chu trình OCOP, DOMAIN §9): product ideas, business plans,
the support given to carry them out, and milestones."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field

from .enums import FundingSource, IdeaStatus, PlanStatus, SupportKind


class ProductIdea(TimeStampedModel):
    """Phiếu đăng ký ý tưởng sản phẩm (step 2 of the cycle)."""

    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="product_ideas",
    )
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm chu trình"))
    name = models.CharField(_("tên sản phẩm dự kiến"), max_length=255)
    product_set = models.ForeignKey(
        "criteria.ProductSet",
        verbose_name=_("bộ sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("mô tả ý tưởng"))
    raw_materials = models.TextField(_("nguồn nguyên liệu"), blank=True)
    expected_market = models.TextField(_("thị trường dự kiến"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED
    )
    review_comment = models.TextField(_("ý kiến xem xét"), blank=True)
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = actor_field()
    submitted_at = models.DateTimeField(_("nộp lúc"))
    created_by = actor_field()
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cycle_ideas",
    )

    class Meta:
        verbose_name = _("ý tưởng sản phẩm")
        verbose_name_plural = _("ý tưởng sản phẩm")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.CheckConstraint(
                name="cycle_idea_year_range", condition=Q(year__gte=2000, year__lte=2100)
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class BusinessPlan(TimeStampedModel):
    """Phương án / dự án sản xuất kinh doanh of an accepted idea (step 3)."""

    idea = models.OneToOneField(
        ProductIdea, verbose_name=_("ý tưởng"), on_delete=models.PROTECT, related_name="plan"
    )
    content = models.TextField(_("nội dung phương án"))
    investment_vnd = models.PositiveBigIntegerField(_("tổng vốn đầu tư (đồng)"), default=0)
    expected_output = models.CharField(_("sản lượng dự kiến"), max_length=300, blank=True)
    expected_revenue_vnd = models.PositiveBigIntegerField(
        _("doanh thu dự kiến (đồng/năm)"), default=0
    )
    support_requested = models.TextField(_("nội dung đề nghị hỗ trợ"), blank=True)
    # A list of ``SupportKind`` values.
    support_kinds = models.JSONField(_("hình thức hỗ trợ đề nghị"), default=list, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED
    )
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    reviewed_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    reviewed_by = actor_field()
    submitted_at = models.DateTimeField(_("nộp lúc"))
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    created_by = actor_field()

    class Meta:
        verbose_name = _("phương án sản xuất kinh doanh")
        verbose_name_plural = _("phương án sản xuất kinh doanh")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return str(_("Phương án: %(name)s") % {"name": self.idea.name})


class SupportGiven(TimeStampedModel):
    """Support actually given to carry out a plan (step 4)."""

    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("phương án"), on_delete=models.PROTECT, related_name="supports"
    )
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=12, choices=SupportKind.choices)
    description = models.CharField(_("nội dung"), max_length=500, blank=True)
    cost_vnd = models.PositiveBigIntegerField(_("kinh phí (đồng)"), default=0)
    funding_source = models.CharField(
        _("nguồn kinh phí"), max_length=12, choices=FundingSource.choices
    )
    given_on = models.DateField(_("ngày hỗ trợ"))
    provider = models.CharField(_("đơn vị thực hiện"), max_length=300, blank=True)
    recorded_by = actor_field()

    class Meta:
        verbose_name = _("hỗ trợ đã thực hiện")
        verbose_name_plural = _("hỗ trợ đã thực hiện")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.given_on:%d/%m/%Y}"


class Milestone(TimeStampedModel):
    plan = models.ForeignKey(
        BusinessPlan,
        verbose_name=_("phương án"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("mốc công việc"), max_length=300)
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("mốc thực hiện")
        verbose_name_plural = _("mốc thực hiện")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
