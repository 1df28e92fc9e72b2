"""Import of results recorded under older decisions, by part totals (Excel).

Every row is checked against its version: part totals within the version's part maxima,
total equal to their sum, and a star no higher than the band of the total (marks could
only lower it). One bad row and nothing is saved.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.core.audit import log_action
from ocop.core.cells import cell_date as _date
from ocop.core.cells import cell_decimal as _decimal
from ocop.core.cells import cell_int as _int
from ocop.core.cells import cell_text as _text
from ocop.criteria.catalogue import bands_from_facts
from ocop.criteria.models import CriteriaVersion
from ocop.criteria.scoring import band_star
from ocop.geo.models import LegacyDistrict, Province
from ocop.registry.models import Product
from ocop.registry.spreadsheets import RowError, field_errors, open_workbook

from .models import HistoricalResult

SHEET = "KetQua"
COLUMNS = [
    ("criteria", "Bộ tiêu chí (1048/2019 hoặc 148/2023)"),
    ("product_code", "Mã sản phẩm"),
    ("product_name", "Tên sản phẩm"),
    ("producer_name", "Chủ thể"),
    ("tax_code", "Mã số thuế"),
    ("province", "Mã tỉnh (hiện nay)"),
    ("legacy_district", "Mã huyện cũ"),
    ("part_a", "Phần A"),
    ("part_b", "Phần B"),
    ("part_c", "Phần C"),
    ("total", "Tổng điểm"),
    ("star", "Hạng sao"),
    ("year", "Năm"),
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("authority", "Cơ quan công nhận"),
]
LABELS = dict(COLUMNS)


class HistoryRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class HistoryReport:
    imported: int
    linked: int


def _rows(sheet: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = sheet.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    missing = [label for _k, label in COLUMNS if label not in header]
    if missing:
        raise HistoryRejected([RowError(SHEET, 1, m, _("Thiếu cột bắt buộc.")) for m in missing])
    index = {key: header.index(label) for key, label in COLUMNS}
    for number, row in enumerate(rows, start=2):
        if row and any(cell not in (None, "") for cell in row):
            yield number, {k: (row[i] if i < len(row) else None) for k, i in index.items()}


def _parse(raw: dict[str, Any], *, versions: dict[str, CriteriaVersion]) -> HistoricalResult:
    errors: dict[str, list[str]] = {}

    def field(key: str, convert: Any) -> Any:
        try:
            return convert(raw.get(key))
        except ValidationError as exc:
            errors[key] = exc.messages
            return None

    version = versions.get(_text(raw.get("criteria")))
    if version is None:
        errors["criteria"] = [_("Bộ tiêu chí phải là 1048/2019 hoặc 148/2023.")]
    parts = {k: field(k, _decimal) for k in ("part_a", "part_b", "part_c")}
    total = field("total", _decimal)
    star = field("star", _int)
    decided = field("decision_date", _date)
    if decided is None and "decision_date" not in errors:
        errors["decision_date"] = [_("Cần ghi ngày quyết định (dd/mm/yyyy).")]
    province = Province.objects.filter(code=_text(raw.get("province")).zfill(2)).first()
    if province is None:
        errors["province"] = [_("Không có tỉnh mã %(c)r.") % {"c": _text(raw.get("province"))}]
    district_code = _text(raw.get("legacy_district"))
    district = (
        LegacyDistrict.objects.filter(code=district_code.zfill(3)).first()
        if district_code
        else None
    )
    if district_code and district is None:
        errors["legacy_district"] = [_("Không có huyện cũ mã %(c)r.") % {"c": district_code}]
    if version is not None and None not in parts.values() and total is not None:
        maxima = {p["code"]: p["max"] for p in version.part_maxima}
        for key, code in (("part_a", "A"), ("part_b", "B"), ("part_c", "C")):
            if not 0 <= parts[key] <= maxima[code]:
                errors[key] = [
                    _("Phần %(p)s phải từ 0 đến %(m)s.") % {"p": code, "m": maxima[code]}
                ]
        if sum(parts.values()) != total:
            errors["total"] = [
                _("Tổng điểm khác tổng ba phần (%(s)s).") % {"s": sum(parts.values())}
            ]
        elif star is not None:
            band = band_star(
                total=float(total), bands=bands_from_facts({"star_bands": version.star_bands})
            )
            if not 1 <= star <= band:
                errors["star"] = [
                    _("Hạng %(s)s sao không khớp tổng %(t)s điểm (tối đa %(b)s sao).")
                    % {"s": star, "t": total, "b": band}
                ]
    if errors:
        raise ValidationError(errors)
    assert version is not None and province is not None
    result = HistoricalResult(
        criteria_version=version,
        product_code=_text(raw.get("product_code")),
        product_name=_text(raw.get("product_name")),
        producer_name=_text(raw.get("producer_name")),
        tax_code=_text(raw.get("tax_code")),
        province=province,
        legacy_district=district,
        part_a=parts["part_a"],
        part_b=parts["part_b"],
        part_c=parts["part_c"],
        total=total,
        star=star,
        year=_int(raw.get("year")),
        decision_number=_text(raw.get("decision_number")),
        decision_date=decided,
        authority=_text(raw.get("authority")),
    )
    result.product = (
        Product.objects.filter(name=result.product_name, producer__tax_code=result.tax_code).first()
        if result.tax_code
        else None
    )
    result.full_clean()
    return result


def import_history(stream: IO[bytes], *, actor: Any) -> HistoryReport:
    workbook = open_workbook(stream)
    versions = {
        v.code: v for v in CriteriaVersion.objects.filter(code__in=["1048/2019", "148/2023"])
    }
    if SHEET not in workbook.sheetnames:
        raise HistoryRejected([RowError("", 0, "", _("Tệp không có trang 'KetQua'."))])
    parsed: list[HistoricalResult] = []
    errors: list[RowError] = []
    for number, raw in _rows(workbook[SHEET]):
        try:
            parsed.append(_parse(raw, versions=versions))
        except ValidationError as exc:
            errors += field_errors(exc, sheet=SHEET, row=number, labels=LABELS)
    workbook.close()
    if errors:
        raise HistoryRejected(errors)
    with transaction.atomic():
        for result in parsed:
            result.save()
            log_action(action="ocop.history.imported", obj=result, actor=actor)
    return HistoryReport(imported=len(parsed), linked=sum(1 for r in parsed if r.product_id))
