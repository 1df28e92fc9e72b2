"""The registry: producers (chủ thể OCOP), their products and evidence documents."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field
from ocop.core.text import fold, fold_join

from .enums import (
    DocumentType,
    Gender,
    LegalForm,
    ProducerKind,
    ProducerStatus,
    ProductStatus,
)
from .validators import validate_gtin, validate_tax_code


def new_public_code() -> str:
    """A random public identifier for URLs (never the database id): 8 base32 characters."""
    import secrets

    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: readable when typed
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Producer(TimeStampedModel):
    """Chủ thể OCOP: the organisation or household that registers products."""

    kind = models.CharField(_("loại hình"), max_length=30, choices=ProducerKind.choices)
    legal_form = models.CharField(
        _("loại hình doanh nghiệp"), max_length=20, choices=LegalForm.choices, blank=True
    )
    name = models.CharField(_("tên chủ thể"), max_length=255)
    tax_code = models.CharField(
        _("mã số thuế / số ĐKKD"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_tax_code],
        help_text=_("10 chữ số, 10-3 chữ số hoặc 12 chữ số; để trống nếu chưa đăng ký."),
    )
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    representative_name = models.CharField(_("người đại diện theo pháp luật"), max_length=200)
    representative_gender = models.CharField(
        _("giới tính người đại diện"), max_length=10, choices=Gender.choices
    )
    representative_ethnic_minority = models.BooleanField(
        _("người đại diện là người dân tộc thiểu số"), default=False
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    address_text = models.CharField(_("địa chỉ (như ghi trên giấy tờ)"), max_length=500, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã/phường/đặc khu hiện nay"),
        on_delete=models.PROTECT,
        related_name="producers",
    )
    legacy_commune = models.ForeignKey(
        "geo.LegacyCommune",
        verbose_name=_("xã (trước 01/7/2025)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="producers",
    )
    members_count = models.PositiveIntegerField(_("số thành viên"), default=0)
    workers_count = models.PositiveIntegerField(_("số lao động"), default=0)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProducerStatus.choices,
        default=ProducerStatus.ACTIVE,
    )
    search_text = models.TextField(editable=False, default="")
    public_code = models.CharField(
        max_length=12, unique=True, default=new_public_code, editable=False
    )
    created_by = actor_field()

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["commune", "status"])]
        constraints = [
            models.CheckConstraint(
                name="registry_legal_form_only_for_enterprises",
                condition=Q(kind=ProducerKind.ENTERPRISE) | Q(legal_form=""),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return slugify(fold(self.name))[:80] or "chu-the"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The folded column is derived, so it is refreshed on every save.
        self.search_text = fold_join(self.name, self.tax_code, self.representative_name)
        super().save(*args, **kwargs)


class Product(TimeStampedModel):
    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã nơi sản xuất"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    product_set = models.ForeignKey(
        "criteria.ProductSet",
        verbose_name=_("bộ sản phẩm (Phụ lục I)"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    description_vi = models.TextField(_("mô tả (tiếng Việt)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    packaging = models.CharField(_("quy cách, bao bì"), max_length=300, blank=True)
    gtin = models.CharField(_("mã GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProductStatus.choices,
        default=ProductStatus.REGISTERED,
    )
    search_text = models.TextField(editable=False, default="")
    public_code = models.CharField(
        max_length=12, unique=True, default=new_public_code, editable=False
    )
    created_by = actor_field()

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["commune", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["gtin"], condition=~Q(gtin=""), name="registry_product_gtin_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        """Readable part of the public URL ("mat-ong-hoa-lu"); the code after it decides."""
        return slugify(fold(self.name))[:80] or "san-pham"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold_join(self.name, self.gtin, self.producer.name)
        super().save(*args, **kwargs)


def _photo_path(instance: "ProductPhoto", filename: str) -> str:
    # ``filename`` is already the random name chosen by ``check_upload``.
    return filename


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=_photo_path, max_length=200)
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


def _document_path(instance: "EvidenceDocument", filename: str) -> str:
    return filename


class EvidenceDocument(TimeStampedModel):
    """A supporting document, reused across dossiers until it expires."""

    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.CASCADE, related_name="documents"
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    doc_type = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentType.choices)
    title = models.CharField(_("tên tài liệu"), max_length=300, blank=True)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=300, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True, db_index=True)
    file = models.FileField(_("tệp"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = actor_field()

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="registry_document_dates_ordered",
                condition=Q(issued_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_doc_type_display()

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def expires_soon(self) -> bool:
        """Expires within 90 days (and has not yet expired)."""
        if self.expires_on is None:
            return False
        return 0 <= (self.expires_on - timezone.localdate()).days <= 90


class ImportJob(TimeStampedModel):
    """An Excel import run as a background task, so large files show progress."""

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Hoàn tất")
        REJECTED = "rejected", _("Bị từ chối (không lưu gì)")
        FAILED = "failed", _("Lỗi hệ thống")

    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    producers_created = models.PositiveIntegerField(default=0)
    products_created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = actor_field()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name or str(self.pk)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.state in {self.State.DONE, self.State.REJECTED} else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
