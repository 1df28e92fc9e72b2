"""Open data: certified products, producers, revocations (and sales points) as CSV, JSON
and XLSX, with a data dictionary, a licence and a DCAT-AP JSON-LD catalogue.

Files are regenerated on change: each dataset has a version (a hash of its row count, its
latest change and — because status depends on the date — today), and a file is built once
per version and kept in the cache. Only what recognition decisions publish is included: no
phone, e-mail, tax or personal identification number, no representative's details.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ocop.certification.models import Certificate
from ocop.certification.queries import in_force
from ocop.ops.routing import use_replica
from ocop.registry.models import Producer

from .catalogue import producer_url, product_url
from .web import cacheable, page_language

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Field:
    name: str
    description: Any  # lazy translation
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Any
    description: Any
    fields: tuple[Field, ...]
    rows: Callable[[date], QuerySet[Any]]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _certified(today: date) -> QuerySet[Any]:
    return (
        in_force(Certificate.objects.all(), today=today)
        .select_related("product__commune__province", "product__product_set", "producer")
        .order_by("product__commune__province_id", "number", "id")
    )


def _producers(today: date) -> QuerySet[Any]:
    return (
        Producer.objects.filter(certificates__in=in_force(Certificate.objects.all(), today=today))
        .distinct()
        .select_related("commune__province")
        .annotate(products_in_force=Count("certificates", distinct=True))
        .order_by("commune__province_id", "name", "id")
    )


def _revocations(today: date) -> QuerySet[Any]:
    return (
        Certificate.objects.filter(revoked_on__isnull=False, revoked_on__lte=today)
        .select_related("product__commune__province", "producer")
        .order_by("-revoked_on", "id")
    )


def _sales_points(today: date) -> QuerySet[Any]:
    from ocop.promotion.enums import SalesPointStatus
    from ocop.promotion.models import SalesPoint

    return (
        SalesPoint.objects.filter(status=SalesPointStatus.OPEN)
        .select_related("commune__province")
        .annotate(consented=Count("stock", filter=Q(stock__consented_at__isnull=False)))
        .order_by("commune__province_id", "name", "id")
    )


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "san-pham-ocop",
            _("Sản phẩm OCOP còn hiệu lực"),
            _("Mỗi dòng là một giấy chứng nhận OCOP còn hiệu lực tại ngày tải về."),
            (
                Field(
                    "ma_san_pham", _("Mã công khai của sản phẩm"), lambda c: c.product.public_code
                ),
                Field("ten_san_pham", _("Tên sản phẩm"), lambda c: c.product.name),
                Field(
                    "bo_san_pham",
                    _("Bộ sản phẩm (Phụ lục I)"),
                    lambda c: c.product.product_set.name,
                ),
                Field("hang_sao", _("Hạng sao"), lambda c: c.star),
                Field("so_giay_chung_nhan", _("Số giấy chứng nhận"), lambda c: c.number),
                Field("ngay_cap", _("Ngày cấp (YYYY-MM-DD)"), lambda c: _iso(c.issued_on)),
                Field("ngay_het_han", _("Ngày hết hạn (YYYY-MM-DD)"), lambda c: _iso(c.expires_on)),
                Field("co_quan_cap", _("Cơ quan cấp"), lambda c: c.authority),
                Field("so_quyet_dinh", _("Số quyết định công nhận"), lambda c: c.decision_number),
                Field("chu_the", _("Tên chủ thể"), lambda c: c.producer.name),
                Field("loai_hinh", _("Loại hình chủ thể (mã)"), lambda c: c.producer.kind),
                Field("xa", _("Xã, phường nơi sản xuất"), lambda c: c.product.commune.name),
                Field("tinh", _("Tỉnh, thành phố"), lambda c: c.product.commune.province.name),
                Field("ma_xa", _("Mã xã (2025)"), lambda c: c.product.commune_id),
                Field(
                    "duong_dan",
                    _("Trang sản phẩm"),
                    lambda c: settings.PUBLIC_BASE_URL + product_url(c.product),
                ),
            ),
            _certified,
        ),
        Dataset(
            "chu-the-ocop",
            _("Chủ thể có sản phẩm OCOP còn hiệu lực"),
            _(
                "Chỉ thông tin đã công bố trong quyết định công nhận; không có số điện thoại, "
                "thư điện tử, mã số thuế hay thông tin người đại diện."
            ),
            (
                Field("ma_chu_the", _("Mã công khai của chủ thể"), lambda p: p.public_code),
                Field("ten_chu_the", _("Tên chủ thể"), lambda p: p.name),
                Field("loai_hinh", _("Loại hình chủ thể (mã)"), lambda p: p.kind),
                Field("xa", _("Xã, phường"), lambda p: p.commune.name),
                Field("tinh", _("Tỉnh, thành phố"), lambda p: p.commune.province.name),
                Field(
                    "so_giay_chung_nhan",
                    _("Số giấy chứng nhận còn hiệu lực"),
                    lambda p: p.products_in_force,
                ),
                Field(
                    "duong_dan",
                    _("Trang chủ thể"),
                    lambda p: settings.PUBLIC_BASE_URL + producer_url(p),
                ),
            ),
            _producers,
        ),
        Dataset(
            "thu-hoi",
            _("Giấy chứng nhận OCOP đã bị thu hồi"),
            _("Các giấy chứng nhận đã bị thu hồi theo Điều 8 Quyết định 26/2026/QĐ-TTg."),
            (
                Field("so_giay_chung_nhan", _("Số giấy chứng nhận"), lambda c: c.number),
                Field("ten_san_pham", _("Tên sản phẩm"), lambda c: c.product.name),
                Field("chu_the", _("Tên chủ thể"), lambda c: c.producer.name),
                Field("tinh", _("Tỉnh, thành phố"), lambda c: c.product.commune.province.name),
                Field("hang_sao", _("Hạng sao đã được công nhận"), lambda c: c.star),
                Field("ngay_thu_hoi", _("Ngày thu hồi (YYYY-MM-DD)"), lambda c: _iso(c.revoked_on)),
                Field(
                    "can_cu",
                    _("Căn cứ thu hồi (Điều 8.1)"),
                    lambda c: c.get_revocation_ground_display(),
                ),
                Field(
                    "quyet_dinh_thu_hoi",
                    _("Số quyết định thu hồi"),
                    lambda c: c.revocation_decision,
                ),
            ),
            _revocations,
        ),
        Dataset(
            "diem-ban",
            _("Điểm giới thiệu và bán sản phẩm OCOP"),
            _(
                "Các điểm đang hoạt động (Quyết định 950/QĐ-BCT), với số sản phẩm OCOP đã "
                "được chủ thể đồng ý bày bán."
            ),
            (
                Field("ten_diem", _("Tên điểm"), lambda p: p.name),
                Field("loai_diem", _("Loại điểm (mã)"), lambda p: p.kind),
                Field("dia_chi", _("Địa chỉ"), lambda p: p.address_text),
                Field("xa", _("Xã, phường"), lambda p: p.commune.name if p.commune else ""),
                Field(
                    "tinh",
                    _("Tỉnh, thành phố"),
                    lambda p: p.commune.province.name if p.commune else "",
                ),
                Field(
                    "vi_do", _("Vĩ độ"), lambda p: None if p.latitude is None else float(p.latitude)
                ),
                Field(
                    "kinh_do",
                    _("Kinh độ"),
                    lambda p: None if p.longitude is None else float(p.longitude),
                ),
                Field("gio_mo_cua", _("Giờ mở cửa"), lambda p: p.opening_hours),
                Field("so_san_pham", _("Số sản phẩm OCOP bày bán"), lambda p: p.consented),
            ),
            _sales_points,
        ),
    )
}


def version_of(dataset: Dataset, *, today: date) -> str:
    """Changes whenever a row is added, removed or changed — or the day turns."""
    rows = dataset.rows(today).order_by()
    stamp = rows.aggregate(n=Count("id", distinct=True), last=Max("updated_at"))
    # Any certificate change (issue, extension, revocation) may move rows between datasets.
    certificates = Certificate.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    raw = (
        f"{dataset.slug}|{today.isoformat()}|{stamp['n']}|{stamp['last']}|"
        f"{certificates['n']}|{certificates['last']}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def render_file(dataset: Dataset, *, fmt: str, today: date) -> bytes:
    rows: Iterable[Any] = dataset.rows(today).iterator(chunk_size=2000)
    if fmt == "json":
        data = [{f.name: f.get(row) for f in dataset.fields} for row in rows]
        return json.dumps(
            {
                "dataset": dataset.slug,
                "licence": LICENCE,
                "generated": today.isoformat(),
                "rows": data,
            },
            ensure_ascii=False,
        ).encode()
    from ocop.registry.spreadsheets import export_csv, export_xlsx

    columns = [(f.name, f.get) for f in dataset.fields]
    if fmt == "csv":
        return "".join(export_csv(rows, columns=columns)).encode("utf-8")
    return export_xlsx(rows, columns=columns, title=dataset.slug)


@use_replica()
@require_GET
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    version = version_of(dataset, today=today)
    key = f"ocop:opendata:{slug}:{fmt}:{version}"
    body = cache.get(key)
    if body is None:
        with translation.override("vi"):
            body = render_file(dataset, fmt=fmt, today=today)
        cache.set(key, body, timeout=24 * 3600)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-{today:%Y%m%d}.{fmt}"'
    response["ETag"] = f'"{version}-{fmt}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _catalog(request: HttpRequest, *, today: date) -> dict[str, Any]:
    """DCAT-AP description of the datasets (JSON-LD)."""
    base = settings.PUBLIC_BASE_URL
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "dct:title": "Dữ liệu mở OCOP",
        "dct:language": "vi",
        "dct:license": LICENCE_URL,
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "Hệ thống thông tin OCOP"},
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "@id": base + reverse("public:open_data") + f"#{d.slug}",
                "dct:identifier": d.slug,
                "dct:title": str(d.title),
                "dct:description": str(d.description),
                "dct:license": LICENCE_URL,
                "dct:modified": today.isoformat(),
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dcat:downloadURL": base
                        + reverse("public:open_data_file", kwargs={"slug": d.slug, "fmt": fmt}),
                        "dcat:mediaType": mime.split(";")[0],
                        "dct:format": fmt.upper(),
                    }
                    for fmt, mime in FORMATS.items()
                ],
            }
            for d in DATASETS.values()
        ],
    }


@use_replica()
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    language = page_language(request)
    context = {
        "datasets": DATASETS.values(),
        "formats": FORMATS,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "language": language,
        "path": request.path,
    }
    return cacheable(render(request, "public/open_data.html", context), seconds=300)


@use_replica()
@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    body = json.dumps(_catalog(request, today=timezone.localdate()), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=300"
    return response
