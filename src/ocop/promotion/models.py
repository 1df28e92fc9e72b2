"""Trade promotion: sales points, fairs, e-commerce listings, supply capacity, inquiries."""

import secrets
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field, gps_range

from .enums import (
    PLATFORM_HOSTS,
    BuyerKind,
    Certification,
    ConsentKind,
    InquiryStatus,
    ListingStatus,
    Platform,
    SalesPointKind,
    SalesPointStatus,
)

GPS_MESSAGE = _("Vĩ độ phải từ -90 đến 90, kinh độ từ -180 đến 180.")


class SalesPoint(TimeStampedModel):
    """A point introducing and selling OCOP products (điểm giới thiệu và bán sản phẩm OCOP)."""

    name = models.CharField(_("tên điểm"), max_length=255)
    kind = models.CharField(_("loại điểm"), max_length=20, choices=SalesPointKind.choices)
    operator = models.CharField(_("đơn vị vận hành"), max_length=255, blank=True)
    address_text = models.CharField(_("địa chỉ"), max_length=300)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="sales_points",
    )
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.CharField(_("giờ mở cửa"), max_length=200, blank=True)
    # The point's own (business) contact, published; not personal data.
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # {item: bool} for every item of ``enums.SALES_POINT_CHECKLIST``.
    checklist = models.JSONField(_("tiêu chí điểm bán"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=SalesPointStatus.choices,
        default=SalesPointStatus.PLANNED,
    )
    products = models.ManyToManyField(
        "registry.Product", through="Stock", related_name="sales_points", blank=True
    )
    created_by = actor_field()

    class Meta:
        verbose_name = _("điểm giới thiệu và bán sản phẩm OCOP")
        verbose_name_plural = _("điểm giới thiệu và bán sản phẩm OCOP")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["commune", "status"])]
        constraints = [gps_range("promotion_salespoint_gps_range", message=GPS_MESSAGE)]

    def __str__(self) -> str:
        return self.name


class Stock(TimeStampedModel):
    """A product a sales point carries; shown as stocked only once its producer consented."""

    sales_point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="stock")
    product = models.ForeignKey(
        "registry.Product", on_delete=models.CASCADE, related_name="stock_entries"
    )
    consent_kind = models.CharField(
        _("hình thức đồng ý"), max_length=10, choices=ConsentKind.choices, blank=True
    )
    consented_at = models.DateTimeField(_("đồng ý lúc"), null=True, blank=True)
    # The producer's account, or the officer who recorded a paper consent.
    consented_by = actor_field()
    consent_note = models.CharField(_("ghi chú về văn bản đồng ý"), max_length=300, blank=True)
    added_by = actor_field()

    class Meta:
        verbose_name = _("sản phẩm bày bán")
        verbose_name_plural = _("sản phẩm bày bán")
        ordering = ["sales_point", "product__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sales_point", "product"],
                name="promotion_stock_unique",
                violation_error_message=_("Sản phẩm này đã có trong danh sách của điểm bán."),
            ),
            # Consent has a time and a kind together, or neither.
            models.CheckConstraint(
                name="promotion_stock_consent_shape",
                condition=Q(consented_at__isnull=True, consent_kind="")
                | (Q(consented_at__isnull=False) & ~Q(consent_kind="")),
                violation_error_message=_("Sự đồng ý cần có thời điểm và hình thức."),
            ),
            # A consent on paper says which paper.
            models.CheckConstraint(
                name="promotion_stock_paper_note",
                condition=~Q(consent_kind=ConsentKind.PAPER) | ~Q(consent_note=""),
                violation_error_message=_("Ghi rõ văn bản đồng ý của chủ thể (số, ngày)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sales_point} — {self.product}"

    @property
    def consented(self) -> bool:
        return self.consented_at is not None


class Fair(TimeStampedModel):
    """A trade fair or promotion event (hội chợ, sự kiện xúc tiến thương mại)."""

    name = models.CharField(_("tên hội chợ, sự kiện"), max_length=300)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm"), max_length=300)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=300, blank=True)
    producers = models.ManyToManyField(
        "registry.Producer", verbose_name=_("chủ thể tham gia"), blank=True, related_name="fairs"
    )
    products = models.ManyToManyField(
        "registry.Product", verbose_name=_("sản phẩm tham gia"), blank=True, related_name="fairs"
    )
    contracts_count = models.PositiveIntegerField(_("số hợp đồng, biên bản ghi nhớ"), default=0)
    revenue_vnd = models.PositiveBigIntegerField(
        _("doanh thu báo cáo (đồng)"), null=True, blank=True
    )
    results_note = models.TextField(_("kết quả khác"), blank=True)
    created_by = actor_field()

    class Meta:
        verbose_name = _("hội chợ, sự kiện")
        verbose_name_plural = _("hội chợ, sự kiện")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="promotion_fair_dates",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def url_problem(*, platform: str, url: str) -> str | None:
    """Why ``url`` cannot be a listing on ``platform`` (translated), or None when it can."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return str(_("Liên kết phải bắt đầu bằng https:// hoặc http://."))
    hosts = PLATFORM_HOSTS.get(platform)
    if hosts is None:
        return None
    host = parts.hostname.lower().rstrip(".")
    if any(host == h or host.endswith("." + h) for h in hosts):
        return None
    return str(
        _("Liên kết của %(platform)s phải thuộc tên miền %(hosts)s.")
        % {"platform": Platform(platform).label, "hosts": ", ".join(hosts)}
    )


class Listing(TimeStampedModel):
    """A product's page on an e-commerce platform (gian hàng thương mại điện tử)."""

    product = models.ForeignKey(
        "registry.Product", on_delete=models.CASCADE, related_name="listings"
    )
    platform = models.CharField(_("sàn, kênh bán"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("liên kết"), max_length=500)
    price_min = models.PositiveBigIntegerField(_("giá thấp nhất (đồng)"), null=True, blank=True)
    price_max = models.PositiveBigIntegerField(_("giá cao nhất (đồng)"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ListingStatus.choices,
        default=ListingStatus.ACTIVE,
    )
    # Bookkeeping of the link check (``domain.check_links``).
    last_checked_at = models.DateTimeField(_("kiểm tra lần cuối"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("mã phản hồi"), null=True, blank=True)
    last_error = models.CharField(_("lỗi kiểm tra"), max_length=200, blank=True)
    failures = models.PositiveSmallIntegerField(_("số lần lỗi liên tiếp"), default=0)
    created_by = actor_field()

    class Meta:
        verbose_name = _("gian hàng thương mại điện tử")
        verbose_name_plural = _("gian hàng thương mại điện tử")
        ordering = ["product__name", "platform", "id"]
        indexes = [models.Index(fields=["status", "last_checked_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "url"],
                name="promotion_listing_unique",
                violation_error_message=_("Sản phẩm đã có liên kết này."),
            ),
            models.CheckConstraint(
                name="promotion_listing_price_range",
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=F("price_min")),
                violation_error_message=_("Giá cao nhất không được thấp hơn giá thấp nhất."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.get_platform_display()}"

    def clean(self) -> None:
        super().clean()
        problem = url_problem(platform=self.platform, url=self.url or "")
        if problem:
            raise ValidationError({"url": problem})
        low, high = self.price_min, self.price_max
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"price_max": _("Giá cao nhất không được thấp hơn giá thấp nhất.")}
            )


ALL_MONTHS = (1 << 12) - 1


class SupplyCapacity(TimeStampedModel):
    """What a producer can supply of one product: season, volume, minimum order, standards."""

    product = models.OneToOneField(
        "registry.Product", on_delete=models.CASCADE, related_name="supply"
    )
    # Bit (m - 1) set when the product is available in month m (1–12).
    months_mask = models.PositiveSmallIntegerField(_("các tháng có hàng"), default=ALL_MONTHS)
    monthly_volume = models.DecimalField(
        _("sản lượng mỗi tháng"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    minimum_order = models.DecimalField(
        _("đơn hàng tối thiểu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # A list of ``enums.Certification`` values.
    certifications = models.JSONField(_("chứng nhận"), default=list, blank=True)
    certifications_note = models.CharField(_("chứng nhận khác"), max_length=200, blank=True)
    export_ready = models.BooleanField(_("sẵn sàng xuất khẩu"), default=False)
    export_markets = models.TextField(_("thị trường xuất khẩu"), blank=True)
    updated_by = actor_field()

    class Meta:
        verbose_name = _("năng lực cung ứng")
        verbose_name_plural = _("năng lực cung ứng")
        constraints = [
            models.CheckConstraint(
                name="promotion_supply_months",
                condition=Q(months_mask__gte=0, months_mask__lte=ALL_MONTHS),
                violation_error_message=_("Tháng phải từ 1 đến 12."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.product}"

    @property
    def months(self) -> list[int]:
        return [m for m in range(1, 13) if self.months_mask & (1 << (m - 1))]

    @staticmethod
    def mask_of(months: Any) -> int:
        mask = 0
        for month in months:
            month = int(month)
            if not 1 <= month <= 12:
                raise ValidationError({"months_mask": _("Tháng phải từ 1 đến 12.")})
            mask |= 1 << (month - 1)
        return mask

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.certifications, list) or not set(self.certifications) <= set(
            Certification.values
        ):
            raise ValidationError({"certifications": _("Chứng nhận không hợp lệ.")})
        if self.minimum_order is not None and self.minimum_order < 0:
            raise ValidationError({"minimum_order": _("Đơn hàng tối thiểu không được âm.")})
        if self.monthly_volume is not None and self.monthly_volume < 0:
            raise ValidationError({"monthly_volume": _("Sản lượng không được âm.")})


def new_token() -> str:
    """32 URL-safe characters (192 random bits): unguessable, so the link is the key."""
    return secrets.token_urlsafe(24)


class Inquiry(TimeStampedModel):
    """A buyer's inquiry about a product (kết nối cung – cầu), routed to its producer.

    The ``contact_*`` fields are personal data: shown to the producer and the officers of
    the area, never published; the audit log masks them.
    """

    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="inquiries"
    )
    # The product's producer when the inquiry arrived: whose inbox it is in.
    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.PROTECT, related_name="inquiries"
    )
    buyer_kind = models.CharField(_("loại người mua"), max_length=20, choices=BuyerKind.choices)
    contact_name = models.CharField(_("người liên hệ"), max_length=200)
    buyer_organisation = models.CharField(_("đơn vị"), max_length=255, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    quantity = models.DecimalField(
        _("số lượng"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    period = models.CharField(_("thời gian cần hàng"), max_length=200, blank=True)
    destination = models.CharField(_("nơi nhận hàng"), max_length=300, blank=True)
    message = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    # The buyer follows the inquiry by ``/inquiry/<token>/``: random, never an id.
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    contract_value_vnd = models.PositiveBigIntegerField(
        _("giá trị hợp đồng (đồng)"), null=True, blank=True
    )
    contract_date = models.DateField(_("ngày ký hợp đồng"), null=True, blank=True)
    closed_reason = models.CharField(_("lý do đóng"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("yêu cầu kết nối cung – cầu")
        verbose_name_plural = _("yêu cầu kết nối cung – cầu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                name="promotion_inquiry_contact",
                condition=~Q(contact_email="") | ~Q(contact_phone=""),
                violation_error_message=_(
                    "Cần ít nhất một cách liên hệ: thư điện tử hoặc điện thoại."
                ),
            ),
            models.CheckConstraint(
                name="promotion_inquiry_contract_shape",
                condition=Q(contract_value_vnd__isnull=True, contract_date__isnull=True)
                | Q(contract_value_vnd__isnull=False, contract_date__isnull=False),
                violation_error_message=_("Hợp đồng cần cả giá trị và ngày ký."),
            ),
        ]

    def __str__(self) -> str:
        who = self.buyer_organisation or self.contact_name
        return f"{self.product} — {who}"


class InquiryMessage(TimeStampedModel):
    """One message of an inquiry's thread: from the buyer, or from a signed-in person."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    from_buyer = models.BooleanField(default=False)
    author = actor_field()
    text = models.TextField(_("nội dung"))

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="promotion_message_author",
                condition=Q(from_buyer=False) | Q(author__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
