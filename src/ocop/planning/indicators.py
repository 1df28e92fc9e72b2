"""The indicators a plan's targets are measured by, computed live from the data.

Each indicator is a small function of (area, period, today) that returns a value and the
queryset of the records behind it (for drill-down). Nothing here is typed in or stored:
an expired or revoked certificate drops out of every count on the next request.

Every function runs a constant number of queries (one or two), whatever the number of
products; the records queryset is lazy and only evaluated by a drill-down page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from ocop.accounts.enums import Role
from ocop.accounts.models import RoleAssignment
from ocop.certification.models import Certificate
from ocop.certification.queries import in_force_q
from ocop.certification.status import MAX_EXTENSION_DAYS
from ocop.cycle.models import SupportGiven
from ocop.evaluation.models import Dossier
from ocop.geo.models import Commune, LegacyCommune, LegacyDistrict
from ocop.promotion.enums import SalesPointStatus
from ocop.promotion.models import Inquiry, SalesPoint
from ocop.promotion.queries import contract_revenue
from ocop.registry.enums import ProducerKind
from ocop.registry.models import Producer, Product

ORGANISATION_KINDS = (
    ProducerKind.COOPERATIVE,
    ProducerKind.COOPERATIVE_GROUP,
    ProducerKind.ENTERPRISE,
)


@dataclass(frozen=True)
class Area:
    """A province, or one commune of it."""

    province_code: str
    commune_code: str | None = None

    def q(self, path: str) -> Q:
        """A filter on a commune foreign-key path (``"commune"``, ``"product__commune"``)."""
        if self.commune_code:
            return Q(**{f"{path}_id": self.commune_code})
        return Q(**{f"{path}__province_id": self.province_code})

    def communes(self) -> QuerySet[Commune]:
        if self.commune_code:
            return Commune.objects.filter(code=self.commune_code)
        return Commune.objects.filter(province_id=self.province_code)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both inclusive."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int) -> "Period":
        return cls(date(first, 1, 1), date(last, 12, 31))

    def as_of(self, today: date) -> date:
        """The day a stock indicator is read on: the period's last day, or today if the
        period has not ended yet."""
        return min(self.end, today)

    def previous(self) -> "Period":
        """The period of the same number of whole years just before this one."""
        years = self.end.year - self.start.year + 1
        return Period.years(self.start.year - years, self.end.year - years)


@dataclass
class Result:
    value: Decimal | None
    records: QuerySet[Any]
    # "product", "commune", "district", "producer", "sales_point", "inquiry", "official"
    record_kind: str
    records_label: str
    breakdown: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    definition: str
    compute: Callable[[Area, Period, date], Result]

    do_not_call_in_templates: ClassVar[bool] = True  # templates read its attributes

    def __call__(self, area: Area, period: Period, *, today: date) -> Result:
        return self.compute(area, period, today)


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def in_force_on_q(*, day: date, today: date, prefix: str = "") -> Q:
    """A certificate in force on ``day``. On or after today this is exactly the
    catalogue's ``certification.queries.in_force_q``; for a day in the past a certificate
    superseded later (by one issued after ``day``) still counts, so that a past year's
    figure does not change when a product is re-evaluated."""
    p = prefix
    if day >= today:
        return in_force_q(today=day, prefix=p) & Q(**{f"{p}issued_on__lte": day})
    return (
        Q(**{f"{p}issued_on__lte": day})
        & (
            Q(**{f"{p}superseded_by__isnull": True})
            | Q(**{f"{p}superseded_by__issued_on__gt": day})
        )
        & (Q(**{f"{p}revoked_on__isnull": True}) | Q(**{f"{p}revoked_on__gt": day}))
        & (
            Q(**{f"{p}expires_on__gte": day})
            | Q(
                **{
                    f"{p}extended_until__gte": day,
                    f"{p}expires_on__gte": day - timedelta(days=MAX_EXTENSION_DAYS),
                }
            )
        )
    )


def certified_products(
    area: Area, *, day: date, today: date, stars: tuple[int, ...] = (3, 4, 5)
) -> QuerySet[Product]:
    """Products of the area with a certificate of one of ``stars`` in force on ``day``,
    annotated with that star (a subquery evaluated only for the rows shown). The count
    runs on a plain ``IN (certificates …)`` filter: one row per product, no grouping."""
    in_force = Certificate.objects.filter(in_force_on_q(day=day, today=today), star__in=stars)
    star = in_force.filter(product=OuterRef("pk")).order_by("-star").values("star")[:1]
    return (
        Product.objects.filter(area.q("commune"), pk__in=in_force.values("product_id"))
        .annotate(star=Subquery(star))
        .select_related("producer", "commune")
        .order_by("commune__name", "name", "pk")
    )


# ----------------------------------------------------------------- the indicators


def _products(stars: tuple[int, ...]) -> Callable[[Area, Period, date], Result]:
    def compute(area: Area, period: Period, today: date) -> Result:
        qs = certified_products(area, day=period.as_of(today), today=today, stars=stars)
        return Result(Decimal(qs.count()), qs, "product", str(_("Sản phẩm được tính")))

    return compute


def new_products(area: Area, period: Period, today: date) -> Result:
    qs = (
        Product.objects.filter(area.q("commune"))
        .annotate(first_certified=Min("certificates__issued_on"))
        .filter(first_certified__gte=period.start, first_certified__lte=period.end)
        .select_related("producer", "commune")
        .order_by("first_certified", "name", "pk")
    )
    return Result(Decimal(qs.count()), qs, "product", str(_("Sản phẩm công nhận lần đầu")))


def share_5star(area: Area, period: Period, today: date) -> Result:
    day = period.as_of(today)
    total = certified_products(area, day=day, today=today).count()
    five = certified_products(area, day=day, today=today, stars=(5,))
    return Result(_pct(five.count(), total), five, "product", str(_("Sản phẩm 5 sao")))


def _with_product_q(area: Area, day: date, today: date) -> Q:
    return Q(
        Exists(
            Certificate.objects.filter(
                in_force_on_q(day=day, today=today), product__commune=OuterRef("pk")
            )
        )
    )


def communes_with_product(area: Area, period: Period, today: date) -> Result:
    day = period.as_of(today)
    with_q = _with_product_q(area, day, today)
    communes = area.communes()
    without = communes.exclude(with_q).order_by("name", "code")
    return Result(
        Decimal(communes.filter(with_q).count()),
        without,
        "commune",
        str(_("Xã, phường CHƯA có sản phẩm ≥ 3 sao")),
    )


def communes_with_product_share(area: Area, period: Period, today: date) -> Result:
    day = period.as_of(today)
    with_q = _with_product_q(area, day, today)
    communes = area.communes()
    without = communes.exclude(with_q).order_by("name", "code")
    value = _pct(communes.filter(with_q).count(), communes.count())
    return Result(value, without, "commune", str(_("Xã, phường CHƯA có sản phẩm ≥ 3 sao")))


def legacy_districts(area: Area) -> QuerySet[LegacyDistrict]:
    """The districts (before 1 Jul 2025) with a commune that now lies in the area."""
    if area.commune_code:
        mapped = Q(current_communes__code=area.commune_code)
    else:
        mapped = Q(current_communes__province_id=area.province_code)
    return LegacyDistrict.objects.filter(
        pk__in=LegacyCommune.objects.filter(mapped).values("district_id")
    ).select_related("province")


def _districts(stars: tuple[int, ...]) -> Callable[[Area, Period, date], Result]:
    def compute(area: Area, period: Period, today: date) -> Result:
        day = period.as_of(today)
        has = Q(
            Exists(
                Certificate.objects.filter(
                    in_force_on_q(day=day, today=today),
                    star__in=stars,
                    product__commune__legacy_communes__district=OuterRef("pk"),
                )
            )
        )
        districts = legacy_districts(area)
        without = districts.exclude(has).order_by("province__name", "name", "code")
        return Result(
            Decimal(districts.filter(has).count()),
            without,
            "district",
            str(_("Huyện (trước 2025) CHƯA có sản phẩm")),
        )

    return compute


def upgraded_products(area: Area, period: Period, today: date) -> Result:
    upgrades = Certificate.objects.filter(
        superseded_by__star__gt=F("star"),
        superseded_by__issued_on__gte=period.start,
        superseded_by__issued_on__lte=period.end,
    ).values("product_id")
    qs = (
        Product.objects.filter(area.q("commune"), pk__in=upgrades)
        .select_related("producer", "commune")
        .order_by("name", "pk")
    )
    return Result(Decimal(qs.count()), qs, "product", str(_("Sản phẩm được nâng hạng sao")))


def _producers(kinds: tuple[str, ...] | None) -> Callable[[Area, Period, date], Result]:
    def compute(area: Area, period: Period, today: date) -> Result:
        products = certified_products(area, day=period.as_of(today), today=today)
        qs = Producer.objects.filter(pk__in=products.values("producer_id"))
        if kinds is not None:
            qs = qs.filter(kind__in=kinds)
        qs = qs.select_related("commune").order_by("name", "pk")
        breakdown: list[tuple[str, int]] = []
        if kinds is None or len(kinds) > 1:
            labels = dict(ProducerKind.choices)
            counts = {
                row["kind"]: row["n"]
                for row in qs.order_by().values("kind").annotate(n=Count("pk"))
            }
            breakdown = [(str(labels[k]), counts[k]) for k in ProducerKind.values if k in counts]
            value = Decimal(sum(counts.values()))
        else:
            value = Decimal(qs.count())
        return Result(value, qs, "producer", str(_("Chủ thể được tính")), breakdown)

    return compute


def sales_points(area: Area, period: Period, today: date) -> Result:
    qs = (
        SalesPoint.objects.filter(area.q("commune"), status=SalesPointStatus.OPEN)
        .select_related("commune")
        .order_by("name", "pk")
    )
    return Result(Decimal(qs.count()), qs, "sales_point", str(_("Điểm đang hoạt động")))


def new_sales_points(area: Area, period: Period, today: date) -> Result:
    qs = (
        SalesPoint.objects.filter(
            area.q("commune"),
            status=SalesPointStatus.OPEN,
            created_at__date__gte=period.start,
            created_at__date__lte=period.end,
        )
        .select_related("commune")
        .order_by("name", "pk")
    )
    return Result(Decimal(qs.count()), qs, "sales_point", str(_("Điểm mới trong kỳ")))


def _contracts(area: Area, period: Period) -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.filter(
            area.q("product__commune"),
            contract_value_vnd__isnull=False,
            contract_date__gte=period.start,
            contract_date__lte=period.end,
        )
        .select_related("product", "producer")
        .order_by("contract_date", "pk")
    )


def chain_revenue(area: Area, period: Period, today: date) -> Result:
    qs = _contracts(area, period)
    return Result(Decimal(contract_revenue(qs)), qs, "inquiry", str(_("Hợp đồng được tính")))


def chain_revenue_growth(area: Area, period: Period, today: date) -> Result:
    qs = _contracts(area, period)
    now = contract_revenue(qs)
    before = contract_revenue(_contracts(area, period.previous()))
    value = None
    if before:
        value = (Decimal(now - before) * 100 / Decimal(before)).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
    return Result(value, qs, "inquiry", str(_("Hợp đồng của kỳ")))


def registered_products(area: Area, period: Period, today: date) -> Result:
    qs = (
        Product.objects.filter(
            area.q("commune"),
            created_at__date__gte=period.start,
            created_at__date__lte=period.end,
        )
        .select_related("producer", "commune")
        .order_by("name", "pk")
    )
    return Result(Decimal(qs.count()), qs, "product", str(_("Sản phẩm đăng ký trong kỳ")))


def _attended_in(period: Period, **outer: Any) -> Q:
    """An attended participation in a course that ended within the period."""
    from .models import Participant

    return Q(
        Exists(
            Participant.objects.filter(
                attended=True,
                course__end_date__gte=period.start,
                course__end_date__lte=period.end,
                **{k: OuterRef(v) for k, v in outer.items()},
            )
        )
    )


def official_assignments(area: Area) -> QuerySet[RoleAssignment]:
    """Active province and commune officer assignments of the area (a commune area has
    only its commune officers)."""
    communes = Q(role=Role.COMMUNE_OFFICER) & area.q("commune")
    if area.commune_code:
        q = communes
    else:
        q = Q(role=Role.PROVINCE_OFFICER, province_id=area.province_code) | communes
    return RoleAssignment.objects.filter(q, is_active=True, user__is_active=True)


def officials_trained(area: Area, period: Period, today: date) -> Result:
    assignments = official_assignments(area)
    trained_q = _attended_in(period, user="user_id")
    trained = (
        assignments.filter(trained_q)
        .select_related("user", "province", "commune")
        .order_by("role", "user__full_name", "user__username", "pk")
    )
    value = _pct(trained.count(), assignments.count())
    return Result(value, trained, "official", str(_("Vị trí cán bộ đã được tập huấn")))


def producers_trained(area: Area, period: Period, today: date) -> Result:
    producers = Producer.objects.filter(area.q("commune"))
    trained = (
        producers.filter(_attended_in(period, producer="pk"))
        .select_related("commune")
        .order_by("name", "pk")
    )
    value = _pct(trained.count(), producers.count())
    return Result(value, trained, "producer", str(_("Chủ thể đã được tập huấn")))


def support_spent(area: Area, period: Period, today: date) -> Result:
    qs = (
        SupportGiven.objects.filter(
            area.q("plan__idea__commune"),
            given_on__gte=period.start,
            given_on__lte=period.end,
        )
        .select_related("plan__idea__commune")
        .order_by("given_on", "pk")
    )
    total = qs.aggregate(total=Sum("cost_vnd"))["total"] or 0
    return Result(Decimal(total), qs, "support", str(_("Hỗ trợ đã thực hiện trong kỳ")))


def potential_5star(area: Area, period: Period, today: date) -> Result:
    flagged = Dossier.objects.filter(
        result__potential_5_star=True,
        round__year__gte=period.start.year,
        round__year__lte=period.end.year,
    )
    qs = (
        Product.objects.filter(area.q("commune"), pk__in=flagged.values("product_id"))
        .select_related("producer", "commune")
        .order_by("commune__name", "name", "pk")
    )
    return Result(Decimal(qs.count()), qs, "product", str(_("Sản phẩm tiềm năng 5 sao")))


_STOCK = _(
    "Đọc vào ngày cuối của kỳ (năm, hoặc cả thời kỳ kế hoạch); nếu kỳ chưa kết thúc thì "
    "đọc vào hôm nay."
)
_IN_FORCE = _(
    "Giấy chứng nhận còn hiệu lực vào ngày đó: đã cấp, chưa bị thu hồi, chưa bị thay thế "
    "bởi giấy mới cấp trước ngày đó, chưa hết hạn hoặc đang được gia hạn trong giới hạn "
    "180 ngày (Điều 12.3)."
)
_AREA = _(
    "Địa bàn là tỉnh (mọi xã, phường của tỉnh) hoặc một xã, phường; sản phẩm được tính theo "
    "xã, phường hiện hành ghi trên sản phẩm."
)


def _def(*parts: Any) -> str:
    return " ".join(str(p) for p in parts)


INDICATORS: list[Indicator] = [
    Indicator(
        "products_3star",
        str(_("Sản phẩm OCOP đạt 3 sao trở lên")),
        str(_("sản phẩm")),
        _def(
            _("Số sản phẩm của địa bàn có giấy chứng nhận OCOP 3, 4 hoặc 5 sao còn hiệu lực."),
            _IN_FORCE,
            _STOCK,
            _AREA,
            _("Mỗi sản phẩm được tính một lần."),
        ),
        _products((3, 4, 5)),
    ),
    *[
        Indicator(
            f"products_star{k}",
            str(_("Sản phẩm OCOP %(k)s sao") % {"k": k}),
            str(_("sản phẩm")),
            _def(
                _("Số sản phẩm của địa bàn có giấy chứng nhận OCOP đúng %(k)s sao còn hiệu lực.")
                % {"k": k},
                _IN_FORCE,
                _STOCK,
                _AREA,
            ),
            _products((k,)),
        )
        for k in (3, 4, 5)
    ],
    Indicator(
        "share_5star",
        str(_("Tỷ lệ sản phẩm 5 sao")),
        "%",
        _def(
            _(
                "Số sản phẩm 5 sao chia cho số sản phẩm 3 sao trở lên, nhân 100, làm tròn một "
                "chữ số thập phân; cả hai đều là sản phẩm có giấy chứng nhận còn hiệu lực."
            ),
            _IN_FORCE,
            _STOCK,
            _("Không có sản phẩm 3 sao trở lên thì không tính được (—)."),
        ),
        share_5star,
    ),
    Indicator(
        "new_products",
        str(_("Sản phẩm được công nhận mới trong kỳ")),
        str(_("sản phẩm")),
        _def(
            _(
                "Số sản phẩm của địa bàn có giấy chứng nhận OCOP đầu tiên (ngày cấp sớm nhất "
                "trong mọi giấy của sản phẩm, kể cả giấy đã hết hạn hay bị thu hồi) cấp trong "
                "kỳ. Sản phẩm đánh giá lại hay nâng hạng không được tính lại."
            ),
            _AREA,
        ),
        new_products,
    ),
    Indicator(
        "upgraded_products",
        str(_("Sản phẩm được nâng hạng sao")),
        str(_("sản phẩm")),
        _def(
            _(
                "Số sản phẩm của địa bàn có một giấy chứng nhận bị thay thế bởi giấy mới có "
                "hạng sao cao hơn, với giấy mới cấp trong kỳ (ví dụ 3 sao lên 4 sao). Mỗi sản "
                "phẩm được tính một lần."
            ),
            _AREA,
        ),
        upgraded_products,
    ),
    Indicator(
        "communes_with_product",
        str(_("Xã, phường có sản phẩm OCOP 3 sao trở lên")),
        str(_("xã, phường")),
        _def(
            _(
                "Số xã, phường hiện hành của địa bàn có ít nhất một sản phẩm có giấy chứng "
                "nhận 3 sao trở lên còn hiệu lực. Trang chi tiết liệt kê các xã, phường CHƯA "
                "có sản phẩm nào."
            ),
            _IN_FORCE,
            _STOCK,
        ),
        communes_with_product,
    ),
    Indicator(
        "communes_with_product_share",
        str(_("Tỷ lệ xã, phường có sản phẩm OCOP 3 sao trở lên")),
        "%",
        _def(
            _(
                "Số xã, phường có ít nhất một sản phẩm 3 sao trở lên còn hiệu lực chia cho "
                "tổng số xã, phường hiện hành của địa bàn, nhân 100."
            ),
            _IN_FORCE,
            _STOCK,
        ),
        communes_with_product_share,
    ),
    Indicator(
        "legacy_districts_with_product",
        str(_("Huyện (trước 2025) có sản phẩm OCOP 3 sao trở lên")),
        str(_("huyện")),
        _def(
            _(
                "Cho các chỉ tiêu đặt theo huyện trước ngày 01/7/2025: số huyện cũ có ít nhất "
                "một xã cũ nay thuộc địa bàn, và có sản phẩm 3 sao trở lên còn hiệu lực tại một "
                "xã, phường hiện hành được hình thành từ một xã cũ của huyện đó (theo bảng "
                "chuyển đổi xã cũ → xã mới; một xã mới hình thành từ xã cũ của hai huyện được "
                "tính cho cả hai). Trang chi tiết liệt kê các huyện CHƯA có sản phẩm."
            ),
            _IN_FORCE,
            _STOCK,
        ),
        _districts((3, 4, 5)),
    ),
    Indicator(
        "legacy_districts_with_star5",
        str(_("Huyện (trước 2025) có sản phẩm OCOP 5 sao")),
        str(_("huyện")),
        _def(
            _(
                "Như chỉ tiêu huyện có sản phẩm 3 sao trở lên, chỉ tính sản phẩm 5 sao (ví dụ "
                "“mỗi huyện có ít nhất một sản phẩm 5 sao”)."
            ),
            _IN_FORCE,
            _STOCK,
        ),
        _districts((5,)),
    ),
    Indicator(
        "producers",
        str(_("Chủ thể có sản phẩm OCOP")),
        str(_("chủ thể")),
        _def(
            _(
                "Số chủ thể OCOP có ít nhất một sản phẩm trên địa bàn với giấy chứng nhận còn "
                "hiệu lực; kèm số theo từng loại hình (Điều 2.3)."
            ),
            _IN_FORCE,
            _STOCK,
        ),
        _producers(None),
    ),
    Indicator(
        "organisations",
        str(_("Tổ chức kinh tế có sản phẩm OCOP")),
        str(_("tổ chức")),
        _def(
            _(
                "Như chỉ tiêu chủ thể có sản phẩm OCOP, chỉ tính hợp tác xã, tổ hợp tác và "
                "doanh nghiệp (không tính hộ sản xuất, trang trại, hội)."
            ),
            _IN_FORCE,
            _STOCK,
        ),
        _producers(tuple(ORGANISATION_KINDS)),
    ),
    *[
        Indicator(
            f"producers_{kind.value}",
            str(_("Chủ thể có sản phẩm OCOP: %(kind)s") % {"kind": kind.label}),
            str(_("chủ thể")),
            _def(
                _("Như chỉ tiêu chủ thể có sản phẩm OCOP, chỉ tính loại hình “%(kind)s”.")
                % {"kind": kind.label},
                _STOCK,
            ),
            _producers((kind.value,)),
        )
        for kind in ProducerKind
    ],
    Indicator(
        "sales_points",
        str(_("Điểm giới thiệu và bán sản phẩm OCOP đang hoạt động")),
        str(_("điểm")),
        _def(
            _(
                "Số điểm giới thiệu và bán sản phẩm OCOP của địa bàn đang ở trạng thái "
                "“Đang hoạt động” (điểm dự kiến và điểm đã đóng cửa không tính). Trạng thái "
                "là trạng thái hiện tại, không đọc lại theo ngày."
            ),
        ),
        sales_points,
    ),
    Indicator(
        "new_sales_points",
        str(_("Điểm giới thiệu và bán sản phẩm OCOP mới")),
        str(_("điểm")),
        _def(
            _(
                "Số điểm đang hoạt động của địa bàn được ghi vào hệ thống trong kỳ (theo ngày "
                "tạo bản ghi)."
            ),
        ),
        new_sales_points,
    ),
    Indicator(
        "chain_revenue",
        str(_("Doanh thu qua kênh phân phối")),
        str(_("đồng")),
        _def(
            _(
                "Tổng giá trị các hợp đồng được báo cáo trên các yêu cầu kết nối cung – cầu "
                "của sản phẩm thuộc địa bàn, có ngày ký hợp đồng trong kỳ. Chỉ tính số liệu "
                "đã báo cáo, không ước tính."
            ),
        ),
        chain_revenue,
    ),
    Indicator(
        "chain_revenue_growth",
        str(_("Tăng trưởng doanh thu qua kênh phân phối")),
        "%",
        _def(
            _(
                "(Doanh thu qua kênh phân phối của kỳ − của kỳ liền trước cùng số năm) chia "
                "cho doanh thu kỳ liền trước, nhân 100. Kỳ trước không có doanh thu thì không "
                "tính được (—)."
            ),
        ),
        chain_revenue_growth,
    ),
    Indicator(
        "registered_products",
        str(_("Sản phẩm tham gia chương trình trong kỳ")),
        str(_("sản phẩm")),
        _def(
            _(
                "Số sản phẩm của địa bàn được đăng ký vào cơ sở dữ liệu OCOP trong kỳ (theo "
                "ngày tạo bản ghi sản phẩm), ở mọi trạng thái."
            ),
        ),
        registered_products,
    ),
    Indicator(
        "potential_5star",
        str(_("Sản phẩm tiềm năng 5 sao")),
        str(_("sản phẩm")),
        _def(
            _(
                "Số sản phẩm của địa bàn mà Hội đồng cấp tỉnh đề nghị là sản phẩm tiềm năng 5 "
                "sao (kết quả đánh giá của hồ sơ được đánh dấu “tiềm năng 5 sao”) trong một đợt "
                "đánh giá của các năm thuộc kỳ; mỗi sản phẩm được tính một lần, dù sau đó đã "
                "được Trung ương công nhận 5 sao hay chưa."
            ),
            _AREA,
        ),
        potential_5star,
    ),
    Indicator(
        "support_spent",
        str(_("Kinh phí hỗ trợ đã thực hiện")),
        str(_("đồng")),
        _def(
            _(
                "Tổng kinh phí (mọi nguồn: trung ương, tỉnh, huyện/xã, xã hội hóa) của các "
                "khoản hỗ trợ đã thực hiện cho phương án sản xuất kinh doanh có ngày hỗ trợ "
                "trong kỳ, theo xã, phường ghi trên ý tưởng sản phẩm. Giá trị chỉ tiêu là kinh "
                "phí kế hoạch của năm hoặc giai đoạn, nên tỷ lệ là kinh phí đã chi so với kế "
                "hoạch."
            ),
        ),
        support_spent,
    ),
    Indicator(
        "officials_trained",
        str(_("Tỷ lệ cán bộ OCOP được tập huấn")),
        "%",
        _def(
            _(
                "Số phân quyền cán bộ OCOP tỉnh và cán bộ xã đang hiệu lực (của tài khoản "
                "đang hoạt động) trên địa bàn mà người giữ đã tham dự (được đánh dấu “đã "
                "tham dự”) ít nhất một lớp tập huấn có ngày kết thúc trong kỳ, chia cho tổng "
                "số các phân quyền đó, nhân 100, làm tròn một chữ số thập phân. Địa bàn tỉnh "
                "gồm cán bộ tỉnh của tỉnh và cán bộ của mọi xã, phường thuộc tỉnh; địa bàn xã "
                "chỉ gồm cán bộ của xã đó. Lớp ở bất kỳ địa bàn nào đều được tính; một người "
                "giữ hai phân quyền được tính hai lần. Không có phân quyền nào thì không tính "
                "được (—)."
            ),
        ),
        officials_trained,
    ),
    Indicator(
        "producers_trained",
        str(_("Tỷ lệ chủ thể OCOP được tập huấn")),
        "%",
        _def(
            _(
                "Số chủ thể (theo xã, phường ghi trên chủ thể) của địa bàn được ghi là học "
                "viên (chọn theo chủ thể, không theo tài khoản hay họ tên) và đã tham dự ít "
                "nhất một lớp tập huấn có ngày kết thúc trong kỳ, chia cho tổng số chủ thể "
                "của địa bàn, nhân 100, làm tròn một chữ số thập phân. Không có chủ thể nào "
                "thì không tính được (—)."
            ),
        ),
        producers_trained,
    ),
]

REGISTRY: dict[str, Indicator] = {i.code: i for i in INDICATORS}
assert len(REGISTRY) == len(INDICATORS), "indicator codes must be unique"


def choices() -> list[tuple[str, str]]:
    return [(i.code, i.name) for i in INDICATORS]
