"""The programme dashboards: small aggregates of the user's area, for charts and tables.

Every function runs one query (two for the scan chart) whatever the number of products:
aggregates are grouped in the database and only the groups come back. Certificates "in
force" use the catalogue's rule (``certification.queries.in_force_q``), so a revocation
leaves every chart on the next request.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ocop.accounts.scope import Scope
from ocop.certification.models import Certificate
from ocop.certification.queries import in_force_q
from ocop.cycle.models import ProductIdea
from ocop.cycle.queries import cycle_counts
from ocop.promotion.models import Inquiry
from ocop.registry.enums import ProducerKind

from . import grouping as units
from .models import ScanMonth

STARS = (3, 4, 5)


@dataclass
class Chart:
    """One chart and the table that shows the same numbers (for print and screen readers)."""

    key: str
    title: str
    kind: str  # "bar", "stacked", "line", "doughnut"
    labels: list[str]
    series: list[tuple[str, list[int]]] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "labels": self.labels,
            "series": [{"label": name, "data": data} for name, data in self.series],
        }

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [(label, [s[1][i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def totals(self) -> list[int]:
        return [sum(data) for _name, data in self.series]


def _star_series(table: dict[Any, dict[int, int]], keys: list[Any]) -> list[tuple[str, list[int]]]:
    return [(f"{s}★", [table.get(k, {}).get(s, 0) for k in keys]) for s in STARS]


def months_back(*, today: date, count: int = 12) -> list[date]:
    """The first days of the last ``count`` months, oldest first (this month included)."""
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return months[::-1]


def months_ahead(*, today: date, count: int = 12) -> list[date]:
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] + timedelta(days=32)).replace(day=1))
    return months


def recognitions_by_year(certificates: QuerySet[Certificate]) -> Chart:
    """Certificates issued per year and star (every certificate, re-evaluations too)."""
    table: dict[int, dict[int, int]] = {}
    rows = (
        certificates.order_by()
        .annotate(year=ExtractYear("issued_on"))
        .values("year", "star")
        .annotate(n=Count("id"))
    )
    for row in rows:
        table.setdefault(row["year"], {})[row["star"]] = row["n"]
    years = sorted(table)
    return Chart(
        "by_year",
        _("Giấy chứng nhận OCOP được cấp theo năm và hạng sao"),
        "stacked",
        [str(y) for y in years],
        _star_series(table, years),
    )


def in_force_by_group(certificates: QuerySet[Certificate], *, today: date) -> Chart:
    """Products in force by product group (Annex I) and star."""
    table: dict[str, dict[int, int]] = {}
    rows = (
        certificates.filter(in_force_q(today=today))
        .order_by()
        .values("product__product_set__group_name", "product__product_set__name", "star")
        .annotate(n=Count("product_id", distinct=True))
    )
    for row in rows:
        # 148/2023 sets have no Annex I group: their set name stands in.
        name = row["product__product_set__group_name"] or row["product__product_set__name"]
        bucket = table.setdefault(name, {})
        bucket[row["star"]] = bucket.get(row["star"], 0) + row["n"]
    groups = sorted(table, key=lambda g: (-sum(table[g].values()), g))
    return Chart(
        "by_group",
        _("Sản phẩm OCOP còn hiệu lực theo nhóm sản phẩm"),
        "stacked",
        groups,
        _star_series(table, groups),
    )


def in_force_by_area(
    certificates: QuerySet[Certificate], *, today: date, scope: Scope, grouping: str
) -> Chart:
    """Products in force by area: provinces (national staff) or communes; or, grouped as
    it was, the old provinces / districts (see ``grouping``)."""
    table: dict[units.Unit, dict[int, int]] = {}
    rows = (
        certificates.filter(in_force_q(today=today))
        .order_by()
        .values(*units.CERTIFICATE_AREA, "star")
        .annotate(n=Count("product_id", distinct=True))
    )
    for row in rows:
        unit = units.place_certificate(row, grouping=grouping, national=scope.national)
        bucket = table.setdefault(unit, {})
        bucket[row["star"]] = bucket.get(row["star"], 0) + row["n"]
    keys = sorted(table, key=lambda u: (u.name, u.code))
    if grouping == units.Grouping.LEGACY:
        title = (
            _("Sản phẩm còn hiệu lực theo tỉnh trước 2025")
            if scope.national
            else _("Sản phẩm còn hiệu lực theo huyện trước 2025")
        )
    else:
        title = (
            _("Sản phẩm còn hiệu lực theo tỉnh")
            if scope.national
            else _("Sản phẩm còn hiệu lực theo xã, phường")
        )
    return Chart("by_area", title, "stacked", [u.name for u in keys], _star_series(table, keys))


def producer_kinds(certificates: QuerySet[Certificate], *, today: date) -> Chart:
    """Producers with a product in force, by kind (Art. 2.3)."""
    rows = (
        certificates.filter(in_force_q(today=today))
        .order_by()
        .values("producer__kind")
        .annotate(n=Count("producer_id", distinct=True))
    )
    counts = {row["producer__kind"]: row["n"] for row in rows}
    kinds = [k for k in ProducerKind if counts.get(k.value)]
    return Chart(
        "producer_kinds",
        _("Chủ thể có sản phẩm OCOP theo loại hình"),
        "doughnut",
        [str(k.label) for k in kinds],
        [(_("Chủ thể"), [counts[k.value] for k in kinds])],
    )


def expiring_by_month(certificates: QuerySet[Certificate], *, today: date) -> Chart:
    """Certificates in force that expire in each of the next 12 months."""
    months = months_ahead(today=today)
    end = (months[-1] + timedelta(days=32)).replace(day=1)
    rows = (
        certificates.filter(in_force_q(today=today), expires_on__gte=today, expires_on__lt=end)
        .order_by()
        .annotate(month=TruncMonth("expires_on", output_field=DateField()))
        .values("month", "star")
        .annotate(n=Count("id"))
    )
    table: dict[date, dict[int, int]] = {}
    for row in rows:
        table.setdefault(row["month"], {})[row["star"]] = row["n"]
    return Chart(
        "expiring",
        _("Giấy chứng nhận sắp hết hạn trong 12 tháng tới"),
        "stacked",
        [f"{m:%m/%Y}" for m in months],
        _star_series(table, months),
    )


FUNNEL_STEPS = (
    ("ideas", gettext_noop("Ý tưởng sản phẩm")),
    ("ideas_accepted", gettext_noop("Ý tưởng được chấp thuận")),
    ("plans", gettext_noop("Có phương án sản xuất kinh doanh")),
    ("plans_approved", gettext_noop("Phương án được phê duyệt")),
    ("supported", gettext_noop("Được hỗ trợ")),
    ("dossiers", gettext_noop("Đã nộp hồ sơ đánh giá")),
    ("recognised", gettext_noop("Được công nhận OCOP")),
)


def pipeline_funnel(ideas: QuerySet[ProductIdea], *, year: int) -> Chart:
    """How far the ideas of one cycle year got (``cycle.queries.cycle_counts``)."""
    row = next(iter(cycle_counts(ideas.filter(year=year))), {})
    return Chart(
        "funnel",
        _("Chu trình OCOP năm %(year)s: số ý tưởng đến từng bước") % {"year": year},
        "bar",
        [_(label) for _key, label in FUNNEL_STEPS],
        [(_("Số lượng"), [row.get(key, 0) for key, _label in FUNNEL_STEPS])],
    )


def scans_by_month(*, scope: Scope, today: date) -> tuple[Chart, Any]:
    """Scans of the last 12 months from the roll-up, and when it was last refreshed."""
    months = months_back(today=today)
    rows = ScanMonth.objects.filter(month__gte=months[0])
    if not scope.national:
        rows = rows.filter(scope.commune_q("commune"))
    counts = {r["month"]: r["n"] for r in rows.order_by().values("month").annotate(n=Sum("scans"))}
    refreshed = ScanMonth.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True)
    chart = Chart(
        "scans",
        _("Lượt quét tem truy xuất theo tháng"),
        "line",
        [f"{m:%m/%Y}" for m in months],
        [(_("Lượt quét"), [counts.get(m, 0) for m in months])],
    )
    return chart, refreshed.first()


def inquiries_by_month(inquiries: QuerySet[Inquiry], *, today: date) -> tuple[Chart, Chart]:
    """Buyer inquiries received, contracts signed (count) and their value, per month."""
    months = months_back(today=today)
    received = {
        r["month"]: r["n"]
        for r in inquiries.filter(created_at__date__gte=months[0])
        .order_by()
        .annotate(month=TruncMonth("created_at", output_field=DateField()))
        .values("month")
        .annotate(n=Count("id"))
    }
    contracts = {
        r["month"]: (r["n"], r["value"] or 0)
        for r in inquiries.filter(contract_date__gte=months[0])
        .order_by()
        .annotate(month=TruncMonth("contract_date", output_field=DateField()))
        .values("month")
        .annotate(n=Count("id"), value=Sum("contract_value_vnd"))
    }
    labels = [f"{m:%m/%Y}" for m in months]
    counts = Chart(
        "inquiries",
        _("Yêu cầu kết nối cung – cầu và hợp đồng theo tháng"),
        "bar",
        labels,
        [
            (_("Yêu cầu nhận được"), [received.get(m, 0) for m in months]),
            (_("Hợp đồng ký kết"), [contracts.get(m, (0, 0))[0] for m in months]),
        ],
    )
    value = Chart(
        "contract_value",
        _("Giá trị hợp đồng theo tháng (triệu đồng)"),
        "line",
        labels,
        [(_("Giá trị (triệu đồng)"), [contracts.get(m, (0, 0))[1] // 1_000_000 for m in months])],
    )
    return counts, value


def headline(certificates: QuerySet[Certificate], *, today: date) -> dict[str, int]:
    """The figures above the charts (one query)."""
    return certificates.aggregate(
        in_force=Count("product_id", distinct=True, filter=in_force_q(today=today)),
        five=Count("product_id", distinct=True, filter=in_force_q(today=today) & Q(star=5)),
        expiring_90=Count(
            "id",
            filter=in_force_q(today=today)
            & Q(expires_on__gte=today, expires_on__lte=today + timedelta(days=90)),
        ),
        revoked_year=Count("id", filter=Q(revoked_on__year=today.year)),
    )
