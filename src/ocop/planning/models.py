"""Plans (kế hoạch, đề án), targets and indicators computed live from the data.

A target names an indicator by its code (``indicators.REGISTRY``); the actual value is
never stored, it is computed from the registry, certificates and promotion data.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field


def _plan_document_path(instance: "Plan", filename: str) -> str:
    # ``filename`` is already the random stored name from ``check_upload``.
    return filename


class Plan(TimeStampedModel):
    """A provincial (or commune) OCOP plan or programme (kế hoạch, đề án OCOP)."""

    number = models.CharField(_("số, ký hiệu"), max_length=60)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    start_year = models.PositiveSmallIntegerField(
        _("từ năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("đến năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã, phường (nếu là kế hoạch cấp xã)"),
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
    )
    document = models.FileField(
        _("văn bản"), upload_to=_plan_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field()

    class Meta:
        verbose_name = _("kế hoạch, đề án OCOP")
        verbose_name_plural = _("kế hoạch, đề án OCOP")
        ordering = ["-start_year", "province_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number", "issued_on"],
                name="planning_plan_unique",
                violation_error_message=_("Kế hoạch này đã có trong hệ thống."),
            ),
            models.CheckConstraint(
                name="planning_plan_period",
                condition=Q(end_year__gte=F("start_year")),
                violation_error_message=_("Năm kết thúc phải từ năm bắt đầu trở đi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.start_year}–{self.end_year})"

    def clean(self) -> None:
        super().clean()
        commune = self.commune if self.commune_id else None
        if commune is not None and self.province_id and commune.province_id != self.province_id:
            raise ValidationError({"commune": _("Xã, phường không thuộc tỉnh của kế hoạch.")})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Target(TimeStampedModel):
    """One target of a plan: indicator × year (or the whole period) × area × value."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=40)
    # Empty: the whole period of the plan (by its end).
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    # With ``year``: a phase of several years (e.g. a programme's 2021–2025 budget), read
    # from 1 January of ``year`` to 31 December of ``end_year``.
    end_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    # Empty: the plan's area (its province, or its commune for a commune plan).
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="plan_targets",
        null=True,
        blank=True,
    )
    value = models.DecimalField(
        _("giá trị chỉ tiêu"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = actor_field()

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(name="planning_target_value", condition=Q(value__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.plan.number}: {self.indicator} {self.period_label} = {self.value}"

    @property
    def period_label(self) -> str:
        """The year, the phase ("2021–2025"), or empty for the plan's whole period."""
        if self.year is None:
            return ""
        if self.end_year is not None:
            return f"{self.year}–{self.end_year}"
        return str(self.year)

    def clean(self) -> None:
        super().clean()
        from .indicators import REGISTRY

        errors: dict[str, str] = {}
        if self.indicator and self.indicator not in REGISTRY:
            errors["indicator"] = str(_("Chỉ tiêu không có trong danh mục."))
        plan = self.plan if self.plan_id else None
        if plan is not None:
            if self.year is not None and not plan.start_year <= self.year <= plan.end_year:
                errors["year"] = str(_("Năm nằm ngoài thời kỳ của kế hoạch."))
            if self.end_year is not None:
                if self.year is None or self.end_year <= self.year:
                    errors["end_year"] = str(
                        _("Giai đoạn cần năm bắt đầu và năm kết thúc sau năm bắt đầu.")
                    )
                elif self.end_year > plan.end_year:
                    errors["end_year"] = str(_("Năm nằm ngoài thời kỳ của kế hoạch."))
            commune = self.commune if self.commune_id else None
            if commune is not None:
                if commune.province_id != plan.province_id:
                    errors["commune"] = str(_("Xã, phường không thuộc tỉnh của kế hoạch."))
                elif plan.commune_id and self.commune_id != plan.commune_id:
                    errors["commune"] = str(_("Xã, phường nằm ngoài địa bàn của kế hoạch."))
            if self.indicator and not errors:
                same = Target.objects.filter(
                    plan_id=plan.pk,
                    indicator=self.indicator,
                    year=self.year,
                    end_year=self.end_year,
                    commune_id=self.commune_id,
                ).exclude(pk=self.pk)
                if same.exists():
                    errors["indicator"] = str(
                        _("Kế hoạch đã có chỉ tiêu này cho cùng năm và địa bàn.")
                    )
        if errors:
            raise ValidationError(errors)


# ------------------------------------------------------------------- training


class CourseKind(models.TextChoices):
    OFFICIALS = "officials", _("Tập huấn cán bộ")
    PRODUCERS = "producers", _("Tập huấn chủ thể")
    MIXED = "mixed", _("Cán bộ và chủ thể")


class ParticipantLevel(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    COMMUNE = "commune", _("Xã")
    PRODUCER = "producer", _("Chủ thể")


class Course(TimeStampedModel):
    """A training course (lớp tập huấn) held in a province or one of its communes."""

    topic = models.CharField(_("chủ đề"), max_length=300)
    kind = models.CharField(_("đối tượng"), max_length=20, choices=CourseKind.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm"), max_length=300)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã, phường (nếu là lớp cấp xã)"),
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
    )
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    trainers = models.TextField(_("giảng viên"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field()

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="planning_course_dates",
                condition=Q(end_date__gte=F("start_date")),
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.start_date:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        commune = self.commune if self.commune_id else None
        if commune is not None and self.province_id and commune.province_id != self.province_id:
            raise ValidationError({"commune": _("Xã, phường không thuộc tỉnh của lớp.")})


class Participant(TimeStampedModel):
    """One person on a course: a user account (an official), a producer, or a name."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="course_participations",
        null=True,
        blank=True,
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="course_participations",
        null=True,
        blank=True,
    )
    name = models.CharField(_("họ tên (người ngoài hệ thống)"), max_length=200, blank=True)
    level = models.CharField(_("cấp"), max_length=20, choices=ParticipantLevel.choices)
    attended = models.BooleanField(_("đã tham dự"), default=False)
    certificate_number = models.CharField(_("số chứng nhận"), max_length=60, blank=True)
    created_by = actor_field()

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["course", "id"]
        constraints = [
            models.CheckConstraint(
                name="planning_participant_one_identity",
                condition=(
                    Q(user__isnull=False, producer__isnull=True, name="")
                    | Q(user__isnull=True, producer__isnull=False, name="")
                    | (Q(user__isnull=True, producer__isnull=True) & ~Q(name=""))
                ),
                violation_error_message=_("Chọn đúng một trong: tài khoản, chủ thể hoặc họ tên."),
            ),
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(user__isnull=False),
                name="planning_participant_unique_user",
                violation_error_message=_("Người này đã có trong lớp."),
            ),
            models.UniqueConstraint(
                fields=["course", "producer"],
                condition=Q(producer__isnull=False),
                name="planning_participant_unique_producer",
                violation_error_message=_("Chủ thể này đã có trong lớp."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return str(self.user)
        if self.producer is not None:
            return self.producer.name
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.producer_id and self.level != ParticipantLevel.PRODUCER:
            raise ValidationError({"level": _("Học viên là chủ thể thì cấp là “Chủ thể”.")})
