"""Rounds, dossiers, commune assessment, councils, scoresheets, results, decisions.

State fields are written only by the functions in ``ocop.evaluation.domain``.
Submitted dossier versions and submitted scoresheets are never changed: a change is
a new version (dossiers) or a logged reopening by the chair (scoresheets).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field

from .enums import DossierKind, DossierState, Level, RoundStatus, ScoresheetState


class Round(TimeStampedModel):
    """Đợt đánh giá: at least two a year per level (Art. 5)."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "geo.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    criteria_version = models.ForeignKey(
        "criteria.CriteriaVersion", on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt"))
    dossier_cutoff = models.DateField(_("hạn đề nghị"))
    deadline = models.DateField(_("hạn quyết định"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "province", "year", "number"],
                condition=Q(province__isnull=False),
                name="evaluation_round_unique_province",
            ),
            models.UniqueConstraint(
                fields=["level", "year", "number"],
                condition=Q(province__isnull=True),
                name="evaluation_round_unique_centre",
            ),
            models.CheckConstraint(
                name="evaluation_round_level_area",
                condition=Q(level=Level.PROVINCE, province__isnull=False)
                | Q(level=Level.CENTRE, province__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        where = self.province.short_name if self.province else _("Trung ương")
        return f"{where} — {_('đợt')} {self.number}/{self.year}"


class Dossier(TimeStampedModel):
    """Hồ sơ sản phẩm: Mẫu 01 + Mẫu 02 for one product, through the whole procedure."""

    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="dossiers"
    )
    kind = models.CharField(_("loại hồ sơ"), max_length=20, choices=DossierKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    # A centre dossier (Art. 6.3) is prepared by the province from its potential-5★ dossier.
    parent = models.OneToOneField(
        "self",
        verbose_name=_("hồ sơ cấp tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="centre_dossier",
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierState.choices, default=DossierState.DRAFT
    )
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    revision = models.ForeignKey(
        "criteria.SheetRevision",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    code = models.CharField(_("mã sản phẩm"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    commune_due = models.DateField(_("hạn xã đánh giá"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    # The draft being edited (Mẫu 01 fields and the Mẫu 02 self-assessment answers).
    registration = models.JSONField(_("phiếu đăng ký (Mẫu 01)"), default=dict, blank=True)
    self_answers = models.JSONField(_("tự đánh giá (Mẫu 02)"), default=dict, blank=True)
    documents = models.ManyToManyField(
        "registry.EvidenceDocument", blank=True, related_name="dossiers"
    )
    created_by = actor_field()

    class Meta:
        verbose_name = _("hồ sơ sản phẩm")
        verbose_name_plural = _("hồ sơ sản phẩm")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "round"])]

    def __str__(self) -> str:
        return f"{self.product} ({self.get_kind_display()})"


class DossierVersion(models.Model):
    """A frozen copy of the dossier as submitted, with the difference from the last one."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    registration = models.JSONField(default=dict)
    self_answers = models.JSONField(default=dict)
    self_total = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    document_ids = models.JSONField(default=list)
    diff = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = actor_field()

    class Meta:
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="evaluation_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier} v{self.number}"


class CommuneAssessment(TimeStampedModel):
    """Mẫu 03: the commune's report on the four contents it assesses (Art. 7.2)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="commune_assessments"
    )
    dossier_version = models.PositiveIntegerField()
    complete = models.BooleanField(_("hồ sơ đầy đủ"))
    origin = models.TextField(_("nguồn gốc sản phẩm và nguyên liệu"), blank=True)
    labour = models.TextField(_("sử dụng lao động địa phương"), blank=True)
    idea_origin = models.TextField(_("nguồn gốc ý tưởng sản phẩm"), blank=True)
    local_identity = models.TextField(_("tính đặc trưng, bản sắc địa phương"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    proposed = models.BooleanField(_("đề nghị tỉnh đánh giá"))
    reason = models.TextField(_("lý do trả lại"), blank=True)
    assessed_by = actor_field()

    class Meta:
        verbose_name = _("báo cáo đánh giá của xã (Mẫu 03)")
        verbose_name_plural = _("báo cáo đánh giá của xã (Mẫu 03)")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Mẫu 03 — {self.dossier}"


class ProvinceCheck(TimeStampedModel):
    """The provincial OCOP agency's completeness check."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="province_checks")
    complete = models.BooleanField(_("hồ sơ đầy đủ"))
    reason = models.TextField(_("lý do trả lại"), blank=True)
    checked_by = actor_field()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.complete}"


class Council(TimeStampedModel):
    """Hội đồng đánh giá, phân hạng of a round, with its own rules (quy chế)."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="council")
    name = models.CharField(_("tên hội đồng"), max_length=300)
    establishing_decision = models.CharField(_("quyết định thành lập"), max_length=100, blank=True)
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu (tử số)"), default=3)
    quorum_denominator = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu (mẫu số)"), default=4)
    chair_required = models.BooleanField(_("bắt buộc có Chủ tịch"), default=True)
    max_spread = models.DecimalField(
        _("chênh lệch tối đa giữa các thành viên"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
    )
    blind = models.BooleanField(_("chỉ xem phiếu người khác sau khi nộp phiếu mình"), default=True)
    # Tổ tư vấn: reviews dossiers, visits sites, asks for extra tests; does not score.
    advisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="advised_councils",
        verbose_name=_("Tổ tư vấn"),
    )

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        constraints = [
            models.CheckConstraint(
                name="evaluation_council_quorum_fraction",
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats"
    )
    department = models.CharField(_("đơn vị công tác"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("Chủ tịch Hội đồng"), default=False)

    class Meta:
        ordering = ["-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="evaluation_member_unique"),
            models.UniqueConstraint(
                fields=["council"], condition=Q(is_chair=True), name="evaluation_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictDeclaration(TimeStampedModel):
    """A member's declaration for one dossier; a conflict removes them from it."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="declarations")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="declarations")
    has_conflict = models.BooleanField(_("có xung đột lợi ích"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "dossier"], name="evaluation_declaration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.dossier}: {self.has_conflict}"


class Scoresheet(TimeStampedModel):
    """One council member's sheet for one dossier (one per member, by constraint)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="scoresheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="scoresheets")
    revision = models.ForeignKey(
        "criteria.SheetRevision", on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(default=dict, blank=True)
    knockouts = models.JSONField(default=list, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=ScoresheetState.choices, default=ScoresheetState.DRAFT
    )
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["dossier", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "member"], name="evaluation_one_sheet_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.dossier}"


class Result(TimeStampedModel):
    """The council's result for a dossier, recomputed only by ``compute_result``."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="result")
    members_scored = models.PositiveSmallIntegerField(default=0)
    total = models.DecimalField(max_digits=7, decimal_places=4, null=True)
    parts = models.JSONField(default=dict)
    # Per-criterion mean points over the members: the feedback the producer receives.
    means = models.JSONField(default=dict)
    band_star = models.PositiveSmallIntegerField(null=True)
    star = models.PositiveSmallIntegerField(null=True)
    capped_by = models.JSONField(default=list)
    knockouts = models.JSONField(default=list)
    flagged = models.JSONField(default=list)
    spread = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    quorum_met = models.BooleanField(default=False)
    held = models.BooleanField(default=False)
    potential_5_star = models.BooleanField(default=False)
    recommended_star = models.PositiveSmallIntegerField(null=True, blank=True)
    recommendation_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.total} → {self.star}★"

    @property
    def ready(self) -> bool:
        return self.quorum_met and not self.held


class Decision(TimeStampedModel):
    """Quyết định công nhận: the single place that recognises stars."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=200)
    authority = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_by = actor_field()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number"], name="evaluation_decision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"


class DecisionItem(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="items")
    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision_item")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    star = models.PositiveSmallIntegerField(_("hạng sao"))
    total = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["decision", "id"]
        constraints = [
            models.CheckConstraint(
                name="evaluation_item_star_3_to_5", condition=Q(star__gte=3, star__lte=5)
            )
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.star}★"


class HistoricalResult(TimeStampedModel):
    """A result recorded under an older decision (1048/2019, 148/2023), kept by part totals.

    The issuing authority is kept as written: it may be a district committee that no
    longer exists. The product is linked when it is in the registry; the code and names
    are kept exactly as issued either way.
    """

    criteria_version = models.ForeignKey(
        "criteria.CriteriaVersion", on_delete=models.PROTECT, related_name="historical_results"
    )
    product = models.ForeignKey(
        "registry.Product",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="historical_results",
    )
    product_code = models.CharField(_("mã sản phẩm (như đã cấp)"), max_length=40, blank=True)
    product_name = models.CharField(_("tên sản phẩm"), max_length=255)
    producer_name = models.CharField(_("chủ thể"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    legacy_district = models.ForeignKey(
        "geo.LegacyDistrict", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    part_a = models.DecimalField(_("phần A"), max_digits=5, decimal_places=2)
    part_b = models.DecimalField(_("phần B"), max_digits=5, decimal_places=2)
    part_c = models.DecimalField(_("phần C"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2)
    star = models.PositiveSmallIntegerField(_("hạng sao"))
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    authority = models.CharField(_("cơ quan công nhận"), max_length=200)

    class Meta:
        verbose_name = _("kết quả đánh giá trước đây")
        verbose_name_plural = _("kết quả đánh giá trước đây")
        ordering = ["-decision_date", "product_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "decision_number", "product_name"],
                name="evaluation_historical_unique",
            ),
            models.CheckConstraint(
                name="evaluation_historical_star_1_to_5", condition=Q(star__gte=1, star__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name}: {self.star}★ ({self.decision_number})"
