"""Excel import and Excel/CSV export of the registry, in the officials' format.

Import is all-or-nothing: every row of both sheets is validated first and the
errors are reported per row, in Vietnamese; only a file with no error is saved,
in one transaction, through the same domain functions as the web forms.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for
from ocop.core.cells import cell_bool as _bool
from ocop.core.cells import cell_date as _date
from ocop.core.cells import cell_int as _int
from ocop.core.cells import cell_text as _text
from ocop.criteria.models import CriteriaVersion, ProductSet
from ocop.geo.models import Commune

from . import domain
from .enums import Gender, LegalForm, ProducerKind
from .models import Producer, Product
from .validators import normalize_tax_code

PRODUCER_SHEET = "ChuThe"
PRODUCT_SHEET = "SanPham"
GUIDE_SHEET = "HuongDan"

PRODUCER_COLUMNS = [
    ("ref", "Mã tham chiếu"),
    ("name", "Tên chủ thể"),
    ("kind", "Loại hình"),
    ("legal_form", "Loại hình doanh nghiệp"),
    ("tax_code", "Mã số thuế"),
    ("established_on", "Ngày thành lập"),
    ("representative_name", "Người đại diện"),
    ("representative_gender", "Giới tính người đại diện"),
    ("representative_ethnic_minority", "Người đại diện là DTTS"),
    ("phone", "Điện thoại"),
    ("email", "Email"),
    ("address_text", "Địa chỉ"),
    ("commune", "Mã xã"),
    ("members_count", "Số thành viên"),
    ("workers_count", "Số lao động"),
]
PRODUCT_COLUMNS = [
    ("producer_ref", "Mã tham chiếu chủ thể hoặc MST"),
    ("name", "Tên sản phẩm"),
    ("product_set", "Bộ sản phẩm (số 1-26)"),
    ("commune", "Mã xã nơi sản xuất"),
    ("packaging", "Quy cách"),
    ("gtin", "GTIN"),
    ("description_vi", "Mô tả"),
]


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    producers: int = 0
    products: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _choice(value: str, choices: type[Any], label: str) -> str:
    """Accept a choice by its code or by its Vietnamese label (case-insensitive)."""
    lowered = value.strip().lower()
    for code, text in choices.choices:
        if lowered in {code, str(text).lower()}:
            return code
    allowed = "; ".join(str(text) for _code, text in choices.choices)
    raise ValidationError(
        _("%(label)s không hợp lệ: %(value)r. Chọn một trong: %(allowed)s")
        % {"label": label, "value": value, "allowed": allowed}
    )


def _rows(sheet: Any, columns: list[tuple[str, str]]) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    names = [_text(h) for h in header]
    expected = [label for _key, label in columns]
    missing = [label for label in expected if label not in names]
    if missing:
        raise ImportRejected(
            [RowError(sheet.title, 1, m, _("Thiếu cột bắt buộc.")) for m in missing]
        )
    index = {key: names.index(label) for key, label in columns}
    for number, row in enumerate(rows, start=2):
        if row is None or all(cell in (None, "") for cell in row):
            continue
        yield number, {key: (row[i] if i < len(row) else None) for key, i in index.items()}


def field_errors(
    exc: ValidationError, *, sheet: str, row: int, labels: dict[str, str]
) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(sheet, row, "", " ".join(exc.messages))]
    return [
        RowError(sheet, row, labels.get(name, ""), " ".join(m for e in errs for m in e.messages))
        for name, errs in exc.error_dict.items()
    ]


@dataclass
class _Parsed:
    producers: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    products: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _parse_producer(raw: dict[str, Any], communes: dict[str, Commune]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    converters: dict[str, Callable[[Any], Any]] = {
        "name": _text,
        "kind": lambda v: _choice(_text(v), ProducerKind, _("Loại hình")),
        "legal_form": lambda v: _choice(_text(v), LegalForm, _("Loại hình DN")) if _text(v) else "",
        "tax_code": lambda v: normalize_tax_code(_text(v)) or None,
        "established_on": _date,
        "representative_name": _text,
        "representative_gender": lambda v: _choice(_text(v), Gender, _("Giới tính")),
        "representative_ethnic_minority": _bool,
        "phone": _text,
        "email": _text,
        "address_text": _text,
        "members_count": _int,
        "workers_count": _int,
    }
    for key, convert in converters.items():
        try:
            values[key] = convert(raw.get(key))
        except ValidationError as exc:
            errors[key] = exc.messages
    code = _text(raw.get("commune")).zfill(5) if _text(raw.get("commune")) else ""
    if code not in communes:
        errors["commune"] = [_("Không có xã/phường mã %(code)r.") % {"code": code}]
    else:
        values["commune"] = communes[code]
    if errors:
        raise ValidationError(errors)
    return values


def _validate_rows(workbook: Any, *, actor: Any, progress: Callable[[int], None]) -> _Parsed:
    parsed = _Parsed()
    communes = {c.code: c for c in Commune.objects.select_related("province")}
    version = CriteriaVersion.objects.filter(is_current=True).first()
    sets = {s.number: s for s in ProductSet.objects.filter(version=version)}
    producer_labels = dict(PRODUCER_COLUMNS)
    product_labels = dict(PRODUCT_COLUMNS)
    scope = scope_for(actor) if actor is not None else None
    seen_tax: dict[str, int] = {}
    refs: dict[str, Producer] = {}
    done = 0

    if PRODUCER_SHEET not in workbook.sheetnames and PRODUCT_SHEET not in workbook.sheetnames:
        parsed.errors.append(
            RowError("", 0, "", _("Tệp không có trang 'ChuThe' hoặc 'SanPham'. Hãy dùng tệp mẫu."))
        )
        return parsed
    if PRODUCER_SHEET in workbook.sheetnames:
        for number, raw in _rows(workbook[PRODUCER_SHEET], PRODUCER_COLUMNS):
            done += 1
            progress(done)
            ref = _text(raw["ref"])
            try:
                values = _parse_producer(raw, communes)
                candidate = Producer(**values)
                candidate.full_clean()
            except ValidationError as exc:
                parsed.errors += field_errors(
                    exc, sheet=PRODUCER_SHEET, row=number, labels=producer_labels
                )
                continue
            if scope is not None and not scope.may_edit_in(
                commune_code=candidate.commune.code, province_code=candidate.commune.province_id
            ):
                parsed.errors.append(
                    RowError(
                        PRODUCER_SHEET,
                        number,
                        producer_labels["commune"],
                        _("Bạn không có quyền ghi dữ liệu tại %(unit)s.")
                        % {"unit": candidate.commune},
                    )
                )
                continue
            tax = candidate.tax_code
            if tax and tax in seen_tax:
                parsed.errors.append(
                    RowError(
                        PRODUCER_SHEET,
                        number,
                        producer_labels["tax_code"],
                        _("Trùng mã số thuế với dòng %(row)s.") % {"row": seen_tax[tax]},
                    )
                )
                continue
            if tax:
                seen_tax[tax] = number
            key = ref or tax or f"row{number}"
            parsed.producers.append((number, key, values))
            refs[key] = candidate
            if tax:
                refs[tax] = candidate
    if PRODUCT_SHEET in workbook.sheetnames:
        for number, raw in _rows(workbook[PRODUCT_SHEET], PRODUCT_COLUMNS):
            done += 1
            progress(done)
            producer_key = _text(raw["producer_ref"])
            row_errors: dict[str, list[str]] = {}
            producer: Producer | None = refs.get(producer_key)
            if producer is None and producer_key:
                producer = (
                    Producer.objects.select_related("commune")
                    .filter(tax_code=normalize_tax_code(producer_key))
                    .first()
                )
            if producer is None:
                row_errors["producer_ref"] = [
                    _("Không tìm thấy chủ thể %(ref)r trong tệp hoặc trong hệ thống.")
                    % {"ref": producer_key}
                ]
            try:
                set_number = _int(raw["product_set"])
            except ValidationError as exc:
                row_errors["product_set"] = exc.messages
                set_number = 0
            if set_number not in sets:
                row_errors.setdefault("product_set", [_("Bộ sản phẩm phải là số từ 1 đến 26.")])
            code = _text(raw["commune"]).zfill(5) if _text(raw["commune"]) else ""
            if code and code not in communes:
                row_errors["commune"] = [_("Không có xã/phường mã %(code)r.") % {"code": code}]
            if row_errors:
                parsed.errors += field_errors(
                    ValidationError(row_errors),
                    sheet=PRODUCT_SHEET,
                    row=number,
                    labels=product_labels,
                )
                continue
            assert producer is not None
            values = {
                "name": _text(raw["name"]),
                "product_set": sets[set_number],
                "commune": communes[code] if code else producer.commune,
                "packaging": _text(raw["packaging"]),
                "gtin": _text(raw["gtin"]),
                "description_vi": _text(raw["description_vi"]),
            }
            candidate_product = Product(producer=producer, **values)
            try:
                candidate_product.full_clean(exclude=["producer"])
            except ValidationError as exc:
                parsed.errors += field_errors(
                    exc, sheet=PRODUCT_SHEET, row=number, labels=product_labels
                )
                continue
            if (
                scope is not None
                and producer.pk not in scope.producer_ids
                and not scope.may_edit_in(
                    commune_code=values["commune"].code, province_code=values["commune"].province_id
                )
            ):
                parsed.errors.append(
                    RowError(
                        PRODUCT_SHEET,
                        number,
                        product_labels["commune"],
                        _("Bạn không có quyền ghi dữ liệu tại %(unit)s.")
                        % {"unit": values["commune"]},
                    )
                )
                continue
            parsed.products.append((number, producer_key, values))
    return parsed


def open_workbook(stream: IO[bytes]) -> Any:
    from openpyxl import load_workbook  # lazy: heavy, and only the back office needs it

    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise ImportRejected(
            [RowError("", 0, "", _("Không đọc được tệp Excel (.xlsx): %(error)s") % {"error": exc})]
        ) from exc


def count_rows(workbook: Any) -> int:
    total = 0
    for name in (PRODUCER_SHEET, PRODUCT_SHEET):
        if name in workbook.sheetnames:
            total += max(0, (workbook[name].max_row or 1) - 1)
    return total


def import_registry(
    stream: IO[bytes], *, actor: Any, progress: Callable[[int], None] = lambda n: None
) -> ImportReport:
    """Validate every row, then save all or nothing. Raises ``ImportRejected``."""
    workbook = open_workbook(stream)
    try:
        parsed = _validate_rows(workbook, actor=actor, progress=progress)
    finally:
        workbook.close()
    if parsed.errors:
        raise ImportRejected(parsed.errors)
    report = ImportReport()
    try:
        with transaction.atomic():
            created: dict[str, Producer] = {}
            for _number, key, values in parsed.producers:
                producer = domain.register_producer(actor=actor, fields=values)
                created[key] = producer
                if producer.tax_code:
                    created[producer.tax_code] = producer
                report.producers += 1
            for _number, key, values in parsed.products:
                producer = created.get(key) or Producer.objects.select_related("commune").get(
                    tax_code=normalize_tax_code(key)
                )
                domain.register_product(actor=actor, producer=producer, fields=values)
                report.products += 1
    except (ValidationError, PermissionDenied) as exc:
        # Another writer got in between validation and saving (e.g. the same tax code).
        raise ImportRejected(
            [RowError("", 0, "", " ".join(getattr(exc, "messages", [str(exc)])))]
        ) from exc
    return report


# ---- export ---------------------------------------------------------------------

Column = tuple[str, Callable[[Any], Any]]

PRODUCER_EXPORT: list[Column] = [
    ("Mã", lambda p: p.pk),
    ("Tên chủ thể", lambda p: p.name),
    ("Loại hình", lambda p: p.get_kind_display()),
    ("Loại hình doanh nghiệp", lambda p: p.get_legal_form_display()),
    ("Mã số thuế", lambda p: p.tax_code or ""),
    ("Ngày thành lập", lambda p: p.established_on),
    ("Người đại diện", lambda p: p.representative_name),
    ("Giới tính", lambda p: p.get_representative_gender_display()),
    ("DTTS", lambda p: "Có" if p.representative_ethnic_minority else "Không"),
    ("Điện thoại", lambda p: p.phone),
    ("Email", lambda p: p.email),
    ("Địa chỉ", lambda p: p.address_text),
    ("Mã xã", lambda p: p.commune_id),
    ("Xã/phường", lambda p: p.commune.name),
    ("Tỉnh/thành phố", lambda p: p.commune.province.name),
    ("Số thành viên", lambda p: p.members_count),
    ("Số lao động", lambda p: p.workers_count),
    ("Trạng thái", lambda p: p.get_status_display()),
]
PRODUCT_EXPORT: list[Column] = [
    ("Mã", lambda p: p.pk),
    ("Tên sản phẩm", lambda p: p.name),
    ("Chủ thể", lambda p: p.producer.name),
    ("MST chủ thể", lambda p: p.producer.tax_code or ""),
    ("Bộ sản phẩm", lambda p: p.product_set.number),
    ("Tên bộ sản phẩm", lambda p: p.product_set.name),
    ("Ngành", lambda p: p.product_set.sector_name),
    ("Mã xã", lambda p: p.commune_id),
    ("Xã/phường", lambda p: p.commune.name),
    ("Tỉnh/thành phố", lambda p: p.commune.province.name),
    ("Quy cách", lambda p: p.packaging),
    ("GTIN", lambda p: p.gtin),
    ("Trạng thái", lambda p: p.get_status_display()),
]


def export_xlsx(rows: Iterable[Any], *, columns: list[Column], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([header for header, _get in columns])
    for row in rows:
        sheet.append([get(row) for _header, get in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(rows: Iterable[Any], *, columns: list[Column]) -> Iterator[str]:
    """CSV lines with a BOM first, so that Excel opens the Vietnamese text as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([header for header, _get in columns])
    for row in rows:
        yield writer.writerow(["" if (v := get(row)) is None else v for _header, get in columns])


def template_workbook() -> bytes:
    """The import template: both sheets with headers and an example, and a guide."""
    from openpyxl import Workbook

    workbook = Workbook()
    producers = workbook.active
    producers.title = PRODUCER_SHEET
    producers.append([label for _key, label in PRODUCER_COLUMNS])
    producers.append(
        [
            "HTX01",
            "Hợp tác xã Mật ong Hoa Lư",
            "Hợp tác xã",
            "",
            "2700123456",
            "15/03/2018",
            "Nguyễn Thị Lan",
            "Nữ",
            "Không",
            "0912345678",
            "htx@example.vn",
            "Phố Đinh Tiên Hoàng, phường Hoa Lư",
            "14329",
            12,
            25,
        ]
    )
    products = workbook.create_sheet(PRODUCT_SHEET)
    products.append([label for _key, label in PRODUCT_COLUMNS])
    products.append(
        ["HTX01", "Mật ong rừng Hoa Lư", 4, "", "Chai 500 ml", "", "Mật ong nguyên chất"]
    )
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append(["Cột", "Giá trị hợp lệ"])
    guide.append(["Loại hình", "; ".join(str(t) for _c, t in ProducerKind.choices)])
    guide.append(["Loại hình doanh nghiệp", "; ".join(str(t) for _c, t in LegalForm.choices)])
    guide.append(["Giới tính", "; ".join(str(t) for _c, t in Gender.choices)])
    guide.append(["Người đại diện là DTTS", "Có / Không"])
    guide.append(["Mã xã", "Mã 5 chữ số của xã/phường/đặc khu hiện nay (QĐ 19/2025/QĐ-TTg)"])
    guide.append(["Ngày", "dd/mm/yyyy"])
    guide.append(
        [
            "Mã tham chiếu chủ thể hoặc MST",
            "Mã tham chiếu ở trang ChuThe, hoặc MST của chủ thể đã có",
        ]
    )
    version = CriteriaVersion.objects.filter(is_current=True).first()
    for product_set in ProductSet.objects.filter(version=version).order_by("number"):
        guide.append(
            [f"Bộ sản phẩm {product_set.number}", f"{product_set.code} {product_set.name}"]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
