"""The standard periodic OCOP report (báo cáo định kỳ) of a province or the country.

Laid out like a provincial periodic report: a summary compared with the previous period,
a tally of products in force by area × product group × star at the end of the period, and
the lists of products recognised, expired and revoked during the period. The same data
is written as .xlsx (one sheet per table) and as PDF.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certification.models import Certificate
from ocop.geo.models import Province
from ocop.planning.indicators import in_force_on_q

from . import grouping as units
from .enums import Grouping
from .periods import ReportPeriod

STARS = (3, 4, 5)


@dataclass
class Figures:
    in_force: dict[int, int]
    recognised: int
    expired: int
    revoked: int

    @property
    def in_force_total(self) -> int:
        return sum(self.in_force.values())


@dataclass
class ReportData:
    province: Province | None
    period: ReportPeriod
    grouping: str
    generated_at: datetime
    current: Figures
    previous: Figures
    # (area, product group, {star: products}) at the end of the period.
    tally: list[tuple[str, str, dict[int, int]]] = field(default_factory=list)
    recognised: list[Certificate] = field(default_factory=list)
    expired: list[Certificate] = field(default_factory=list)
    revoked: list[Certificate] = field(default_factory=list)

    @property
    def area_name(self) -> str:
        return self.province.name if self.province else _("Toàn quốc")

    @property
    def comparison(self) -> list[tuple[str, int, int, int]]:
        """(figure, this period, previous period, change)."""
        rows = [
            (
                _("Sản phẩm %(k)s sao còn hiệu lực cuối kỳ") % {"k": k},
                self.current.in_force.get(k, 0),
                self.previous.in_force.get(k, 0),
            )
            for k in STARS
        ]
        rows += [
            (
                _("Tổng sản phẩm OCOP còn hiệu lực cuối kỳ"),
                self.current.in_force_total,
                self.previous.in_force_total,
            ),
            (_("Giấy chứng nhận cấp trong kỳ"), self.current.recognised, self.previous.recognised),
            (_("Giấy chứng nhận hết hạn trong kỳ"), self.current.expired, self.previous.expired),
            (_("Giấy chứng nhận bị thu hồi trong kỳ"), self.current.revoked, self.previous.revoked),
        ]
        return [(name, now, before, now - before) for name, now, before in rows]

    @property
    def tally_rows(self) -> list[tuple[str, str, list[int], int]]:
        rows = []
        for area, group, stars in self.tally:
            counts = [stars.get(k, 0) for k in STARS]
            rows.append((area, group, counts, sum(counts)))
        return rows

    @property
    def tally_total_row(self) -> tuple[list[int], int]:
        counts = [sum(row[2].get(k, 0) for row in self.tally) for k in STARS]
        return counts, sum(counts)


def _certificates(province: Province | None) -> QuerySet[Certificate]:
    qs = Certificate.objects.all()
    if province is not None:
        qs = qs.filter(product__commune__province_id=province.code)
    return qs


def _expired_q(period: ReportPeriod) -> Q:
    """Expired during the period without a successor issued by the expiry day, and not
    revoked before it: the products whose logo should have left the shelves."""
    return (
        Q(expires_on__gte=period.start, expires_on__lte=period.end)
        & (Q(superseded_by__isnull=True) | Q(superseded_by__issued_on__gt=period.end))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=period.end))
        & (Q(extended_until__isnull=True) | Q(extended_until__lte=period.end))
    )


def _in_period(
    certs: QuerySet[Certificate], period: ReportPeriod
) -> tuple[QuerySet[Certificate], QuerySet[Certificate], QuerySet[Certificate]]:
    """The certificates recognised, expired and revoked during the period."""
    return (
        certs.filter(issued_on__gte=period.start, issued_on__lte=period.end),
        certs.filter(_expired_q(period)),
        certs.filter(revoked_on__gte=period.start, revoked_on__lte=period.end),
    )


def _in_force_by_star(
    certs: QuerySet[Certificate], period: ReportPeriod, *, today: date
) -> dict[int, int]:
    """Products in force at the end of the period, by star."""
    return {
        row["star"]: row["n"]
        for row in certs.filter(in_force_on_q(day=period.end, today=today))
        .order_by()
        .values("star")
        .annotate(n=Count("product_id", distinct=True))
    }


def _tally(
    certs: QuerySet[Certificate],
    period: ReportPeriod,
    *,
    today: date,
    grouping: str,
    national: bool,
) -> list[tuple[str, str, dict[int, int]]]:
    """Areas are the provinces of a national report, the communes (or old districts) of a
    provincial one."""
    rows = (
        certs.filter(in_force_on_q(day=period.end, today=today))
        .order_by()
        .values(
            *units.CERTIFICATE_AREA,
            "product__product_set__group_name",
            "product__product_set__name",
            "star",
        )
        .annotate(n=Count("product_id", distinct=True))
    )
    table: dict[tuple[str, str], dict[int, int]] = {}
    for row in rows:
        unit = units.place_certificate(row, grouping=grouping, national=national)
        group = row["product__product_set__group_name"] or row["product__product_set__name"]
        bucket = table.setdefault((unit.name, group), {})
        bucket[row["star"]] = bucket.get(row["star"], 0) + row["n"]
    return [(area, group, stars) for (area, group), stars in sorted(table.items())]


def _listed(qs: QuerySet[Certificate]) -> list[Certificate]:
    return list(
        qs.select_related("product__commune__province", "producer").order_by(
            "product__commune__province__name", "product__commune__name", "product__name", "id"
        )
    )


def build_report(
    *, province: Province | None, period: ReportPeriod, grouping: str, today: date
) -> ReportData:
    """Everything the report shows; a constant number of queries (nine). This period's
    counts are the lengths of its lists; the previous period's are counted."""
    certs = _certificates(province)
    recognised, expired, revoked = (_listed(qs) for qs in _in_period(certs, period))
    previous = period.previous()
    before = [qs.count() for qs in _in_period(certs, previous)]
    return ReportData(
        province=province,
        period=period,
        grouping=grouping,
        generated_at=timezone.now(),
        current=Figures(
            _in_force_by_star(certs, period, today=today),
            len(recognised),
            len(expired),
            len(revoked),
        ),
        previous=Figures(_in_force_by_star(certs, previous, today=today), *before),
        tally=_tally(certs, period, today=today, grouping=grouping, national=province is None),
        recognised=recognised,
        expired=expired,
        revoked=revoked,
    )


def _list_rows(certs: list[Certificate]) -> list[list[Any]]:
    return [
        [
            i,
            c.product.name,
            c.producer.name,
            c.product.commune.name,
            c.product.commune.province.name,
            c.star,
            c.number,
            c.decision_number,
            c.issued_on,
            c.expires_on,
            c.revoked_on,
        ]
        for i, c in enumerate(certs, start=1)
    ]


LIST_HEADERS = [
    "STT",
    "Sản phẩm",
    "Chủ thể",
    "Xã, phường",
    "Tỉnh, thành phố",
    "Hạng sao",
    "Số giấy chứng nhận",
    "Số quyết định",
    "Ngày cấp",
    "Ngày hết hạn",
    "Ngày thu hồi",
]


def report_xlsx(data: ReportData) -> bytes:
    """The report as a workbook: TongHop, TheoDiaBan, CongNhan, HetHan, ThuHoi."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "TongHop"
    summary["A1"] = f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH OCOP — {data.area_name}"
    summary["A1"].font = bold
    summary["A2"] = (
        f"Kỳ báo cáo: {data.period.label} ({data.period.start:%d/%m/%Y}–"
        f"{data.period.end:%d/%m/%Y}); so sánh với kỳ trước {data.period.previous().label}"
    )
    summary["A3"] = f"Nhóm theo đơn vị: {Grouping(data.grouping).label}"
    summary.append([])
    summary.append(["Chỉ tiêu", "Kỳ này", "Kỳ trước", "Tăng (+), giảm (−)"])
    for cell in summary[5]:
        cell.font = bold
    for row in data.comparison:
        summary.append(list(row))
    summary.column_dimensions["A"].width = 48

    tally = wb.create_sheet("TheoDiaBan")
    tally.append(["Địa bàn", "Nhóm sản phẩm", "3 sao", "4 sao", "5 sao", "Tổng"])
    for cell in tally[1]:
        cell.font = bold
    for area, group, counts, total in data.tally_rows:
        tally.append([area, group, *counts, total])
    totals, total = data.tally_total_row
    tally.append(["Tổng cộng", "", *totals, total])
    for cell in tally[tally.max_row]:
        cell.font = bold
    tally.column_dimensions["A"].width = 30
    tally.column_dimensions["B"].width = 40

    for title, certs in (
        ("CongNhan", data.recognised),
        ("HetHan", data.expired),
        ("ThuHoi", data.revoked),
    ):
        sheet = wb.create_sheet(title)
        sheet.append(LIST_HEADERS)
        for cell in sheet[1]:
            cell.font = bold
        for values in _list_rows(certs):
            sheet.append(values)
        for col in "BCDE":
            sheet.column_dimensions[col].width = 28
        for col in "IJK":
            sheet.column_dimensions[col].width = 12
            for cell in sheet[col][1:]:
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reporting/pdf/report.html", {"r": data, "stars": STARS})
    return bytes(HTML(string=html).write_pdf())
