"""The GS1 Digital Link resolver: what a shopper sees after scanning a stamp.

``/01/{gtin}[/10/{lot}][/21/{serial}]``. The hot path runs at most three small indexed
queries — the trade item (with its product's version), the product's current certificate
(its status is computed live from dates, never copied onto the stamp), and the stamp with
its first scan — then inserts a cached, pre-rendered product block into the page. The scan
is queued for a batched write, not inserted in the request. Responses carry no cookie and
no ``Vary: Cookie`` so that an edge cache can serve scan peaks (see docs/deployment.md).
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from ocop.certification.enums import CertificateStatus
from ocop.certification.models import Certificate
from ocop.certification.status import is_in_force, status_of
from ocop.stamps import scanbuffer, serials
from ocop.stamps.edgelog import outcome_for_status, ua_class
from ocop.stamps.enums import ScanOutcome
from ocop.stamps.models import Scan, Stamp
from ocop.traceability import gs1
from ocop.traceability.models import Lot, TradeItem

GS1_VOC = "https://gs1.org/voc/"
LINK_TYPES = ("gs1:pip", "gs1:certificationInfo", "gs1:traceability")


@dataclass(frozen=True)
class StampView:
    outcome: str
    first_scan_at: datetime | None = None
    first_lat: Any = None
    first_lng: Any = None
    scans: int = 0


def _trade_item(gtin14: str) -> Any:
    return (
        TradeItem.objects.filter(gtin=gtin14)
        .values("id", "product_id", "product__updated_at", "updated_at")
        .first()
    )


def _certificate(product_id: int) -> Certificate | None:
    """The product's latest certificate not replaced by another (revoked ones included)."""
    return (
        Certificate.objects.filter(product_id=product_id, superseded_by__isnull=True)
        .only(
            "id",
            "code",
            "star",
            "issued_on",
            "expires_on",
            "extended_until",
            "revoked_on",
            "revocation_ground",
            "superseded_by_id",
            "updated_at",
        )
        .order_by("-issued_on", "-id")
        .first()
    )


def _stamp(serial: str, *, trade_item_id: int, lot: str) -> tuple[Stamp | None, StampView]:
    if not serials.serial_is_authentic(serial):
        return None, StampView(ScanOutcome.BAD_SIGNATURE)  # no database hit for a forgery
    first = Scan.objects.filter(stamp=OuterRef("pk")).order_by("scanned_at", "id")
    stamp = (
        Stamp.objects.filter(serial=serial)
        .annotate(
            first_scan_at=Subquery(first.values("scanned_at")[:1]),
            first_lat=Subquery(first.values("latitude")[:1]),
            first_lng=Subquery(first.values("longitude")[:1]),
        )
        .select_related("lot")
        .only("id", "status", "trade_item_id", "lot__number")
        .first()
    )
    if stamp is None or stamp.trade_item_id != trade_item_id:
        return None, StampView(ScanOutcome.UNKNOWN)
    if lot and stamp.lot is not None and stamp.lot.number != lot:
        return None, StampView(ScanOutcome.UNKNOWN)
    outcome = outcome_for_status(stamp.status)
    view = StampView(
        outcome,
        first_scan_at=stamp.first_scan_at,
        first_lat=stamp.first_lat,
        first_lng=stamp.first_lng,
    )
    return stamp, view


def _product_block(
    *, item_id: int, lot: str, version: str, language: str, base_url: str
) -> tuple[str, int | None]:
    """The product's static part (Circular 02/2024 fields, chain steps), rendered once per
    product, lot and version, and cached; the live status is never inside it."""
    key = f"ocop:pip:{item_id}:{lot}:{version}:{language}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    from ocop.traceability.queries import lot_history, lot_inputs

    item = TradeItem.objects.select_related(
        "product__producer__commune__province", "product__commune__province", "product__product_set"
    ).get(pk=item_id)
    lot_obj = (
        Lot.objects.select_related("location").filter(trade_item=item, number=lot).first()
        if lot
        else None
    )
    steps: list[Any] = []
    if lot_obj is not None:
        for source in lot_inputs(lot_obj).select_related("trade_item__product"):
            steps.extend(lot_history(source))
        steps.extend(lot_history(lot_obj))
        steps.sort(key=lambda e: e.event_time)
    photo = item.product.photos.order_by("position", "id").first()
    html = render_to_string(
        "public/_product_block.html",
        {
            "item": item,
            "product": item.product,
            "producer": item.product.producer,
            "lot": lot_obj,
            "lot_number": lot,
            "steps": steps,
            "photo": photo,
            "base_url": base_url,
        },
    )
    result = (html, lot_obj.pk if lot_obj else None)
    cache.set(key, result, timeout=600)
    return result


def _linkset(*, anchor: str, certificate: Certificate | None, lot: str) -> dict[str, Any]:
    """RFC 9264 linkset (application/linkset+json) per the GS1 resolver standard."""
    links: dict[str, Any] = {
        "anchor": anchor,
        GS1_VOC + "pip": [
            {
                "href": anchor + "?linkType=gs1:pip",
                "title": "Thông tin sản phẩm",
                "type": "text/html",
                "hreflang": ["vi", "en"],
            }
        ],
        GS1_VOC + "traceability": [
            {
                "href": anchor + "?linkType=gs1:traceability",
                "title": "EPCIS 2.0",
                "type": "application/ld+json",
            }
        ],
    }
    if certificate is not None:
        links[GS1_VOC + "certificationInfo"] = [
            {
                "href": settings.PUBLIC_BASE_URL
                + reverse("public:verify", kwargs={"token": certificate.code}),
                "title": f"OCOP {certificate.star} sao",
                "type": "text/html",
            }
        ]
    links[GS1_VOC + "defaultLink"] = links[GS1_VOC + "pip"]
    return {"linkset": [links]}


def _cacheable(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={settings.RESOLVER_CACHE_SECONDS}"
    response["Content-Language"] = translation.get_language()
    return response


@require_GET
def resolve(request: HttpRequest, gtin: str, lot: str = "", serial: str = "") -> HttpResponse:
    language = "en" if request.GET.get("lang") == "en" else "vi"
    translation.activate(language)
    try:
        gtin14 = gs1.normalize_gtin(gtin)
    except gs1.GS1Error:
        return _cacheable(render(request, "public/resolver_error.html", {"gtin": gtin}, status=400))
    if gtin14 != gtin:
        # GS1 Digital Link's canonical form carries the GTIN as 14 digits.
        target = request.path.replace(f"/01/{gtin}", f"/01/{gtin14}", 1)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(target + (f"?{query}" if query else ""), status=301)
    item = _trade_item(gtin14)
    if item is None:
        if serial:
            _log(
                request,
                stamp=None,
                gtin=gtin14,
                lot=lot,
                serial=serial,
                outcome=ScanOutcome.UNKNOWN,
            )
        return _cacheable(
            render(request, "public/resolver_unknown.html", {"gtin": gtin14}, status=404)
        )
    certificate = _certificate(item["product_id"])
    today = timezone.localdate()
    status = status_of(certificate, today=today) if certificate else None
    anchor = f"{settings.PUBLIC_BASE_URL}/01/{gtin14}" + (f"/10/{lot}" if lot else "")
    link_type = request.GET.get("linkType", "")
    wants_json = "json" in request.headers.get(
        "Accept", ""
    ) and "text/html" not in request.headers.get("Accept", "")
    if link_type == "all" or (wants_json and not link_type):
        return _cacheable(
            JsonResponse(
                _linkset(anchor=anchor, certificate=certificate, lot=lot),
                content_type="application/linkset+json",
                json_dumps_params={"ensure_ascii": False},
            )
        )
    if link_type == "gs1:certificationInfo":
        if certificate is None:
            raise Http404
        return _cacheable(
            HttpResponseRedirect(
                reverse("public:verify", kwargs={"token": certificate.code}), status=307
            )
        )
    if link_type == "gs1:traceability":
        return _cacheable(_traceability(item_id=item["id"], lot=lot))
    stamp: Stamp | None = None
    view: StampView | None = None
    if serial:
        stamp, view = _stamp(serial, trade_item_id=item["id"], lot=lot)
        _log(request, stamp=stamp, gtin=gtin14, lot=lot, serial=serial, outcome=view.outcome)
    version = f"{item['updated_at'].timestamp():.0f}.{item['product__updated_at'].timestamp():.0f}"
    block, lot_id = _product_block(
        item_id=item["id"],
        lot=lot,
        version=version,
        language=language,
        base_url=settings.PUBLIC_BASE_URL,
    )
    in_force = bool(certificate) and is_in_force(certificate, today=today)  # type: ignore[arg-type]
    context = {
        "gtin": gtin14,
        "lot": lot,
        "lot_found": lot_id is not None,
        "serial": serial,
        "stamp_view": view,
        "certificate": certificate,
        "status": status,
        "status_label": CertificateStatus(status).label if status else None,
        "in_force": in_force,
        "product_block": mark_safe(block),  # rendered from our own template above
        "language": language,
        "path": request.path,
        "report_ref": f"{settings.PUBLIC_BASE_URL}{request.path}",
        "json_ld": mark_safe(
            json.dumps(
                _json_ld(certificate, in_force=in_force, anchor=anchor), ensure_ascii=False
            ).replace("<", "\\u003c")
        ),
    }
    code = 200
    return _cacheable(render(request, "public/resolver.html", context, status=code))


def _json_ld(certificate: Certificate | None, *, in_force: bool, anchor: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Product", "url": anchor}
    if certificate is not None and in_force:
        data["hasCertification"] = {
            "@type": "Certification",
            "name": f"OCOP {certificate.star} sao",
            "certificationStatus": "CertificationActive",
            "expires": certificate.expires_on.isoformat(),
        }
    return data


def _traceability(*, item_id: int, lot: str) -> HttpResponse:
    from ocop.traceability.epcis import export_document
    from ocop.traceability.models import Event
    from ocop.traceability.queries import events_touching

    lot_obj = Lot.objects.filter(trade_item_id=item_id, number=lot).first() if lot else None
    events = events_touching(
        Event.objects.order_by("event_time", "id"),
        lot=lot_obj,
        trade_item=None if lot_obj else TradeItem.objects.get(pk=item_id),
    )
    return JsonResponse(
        export_document(events=events),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _log(
    request: HttpRequest, *, stamp: Stamp | None, gtin: str, lot: str, serial: str, outcome: str
) -> None:
    if settings.SCAN_LOGGING != "app":
        return  # the edge's access log is ingested instead
    scanbuffer.record(
        {
            "stamp_id": stamp.pk if stamp else None,
            "gtin": gtin[:20],
            "lot": lot[:20],
            "serial": serial[:20],
            "outcome": outcome,
            "scanned_at": timezone.now(),
            "ua_class": ua_class(request.headers.get("User-Agent", "")),
        }
    )


@require_GET
def resolver_description(request: HttpRequest) -> JsonResponse:
    """``/.well-known/gs1resolver``: what this resolver supports (GS1-Conformant resolver)."""
    return JsonResponse(
        {
            "name": "OCOP — Hệ thống thông tin OCOP",
            "resolverRoot": settings.PUBLIC_BASE_URL,
            "supportedPrimaryKeys": ["gtin"],
            "supportedLinkType": [GS1_VOC + t.split(":")[1] for t in LINK_TYPES],
            "linkTypeDefaultCanBeLinkset": True,
            "supportedContextValuesEnumerated": ["lang=vi", "lang=en"],
        }
    )
