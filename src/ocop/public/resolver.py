"""The GS1 Digital Link resolver: what a shopper sees after scanning a stamp.

``/01/{gtin}[/10/{lot}][/21/{serial}]``. The hot path runs one hand-written query
(``lookups.py``): the stamp with its first scan, its trade item's and product's versions and
the product's current certificate, whose status is computed live from its dates — never
copied onto the stamp. The page itself is a shell rendered once per (product, lot, versions,
status, outcome, language) and kept in the process; only the stamp's own text (serial,
first scan) is put in per request. The scan is queued for a batched write, not inserted in
the request. Responses carry no cookie and no ``Vary: Cookie``, so that an edge cache can
serve scan peaks (see docs/deployment.md).
"""

import contextlib
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ocop.certification.status import is_in_force, status_of
from ocop.core.ratelimit import enforce, hit
from ocop.stamps import scanbuffer, serials
from ocop.stamps.edgelog import outcome_for_status, ua_class
from ocop.stamps.enums import ScanOutcome, ScanSource
from ocop.stamps.models import Stamp
from ocop.traceability import gs1
from ocop.traceability.models import Lot, TradeItem

from . import lookups
from .lookups import CertificateRow, ItemRow, StampRow
from .web import cacheable, json_ld, page_language

GS1_VOC = "https://gs1.org/voc/"
LINK_TYPES = ("gs1:pip", "gs1:certificationInfo", "gs1:traceability")


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


def _linkset(*, anchor: str, certificate: CertificateRow | None) -> dict[str, Any]:
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
    return cacheable(response, seconds=settings.RESOLVER_CACHE_SECONDS)


# Placeholders in a cached page for what differs per stamp (replaced, escaped, per request).
_SERIAL, _PATH, _REF, _FIRST = "@@ocop-serial@@", "@@ocop-path@@", "@@ocop-ref@@", "@@ocop-first@@"
_PAGES: dict[tuple[Any, ...], str] = {}
# Least recently used shells are dropped one at a time (a dict keeps insertion order; a hit
# moves its key to the end). Clearing everything when full made a national data set with
# thousands of lots re-render most pages (docs/benchmarks.md, load test).
_PAGES_MAX = 4096


def _page(key: tuple[Any, ...], render_page: Any) -> str:
    """A rendered page shell from this process's memory (no network hop on the hot path).

    Everything that changes the shell is in ``key`` (versions of the trade item, product
    and certificate, the live status, the stamp's outcome, the language), so an entry never
    goes stale; the dictionary is only bounded.
    """
    page = _PAGES.pop(key, None)
    if page is None:
        if len(_PAGES) >= _PAGES_MAX:
            # Another thread may evict or insert at the same moment: no harm.
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del _PAGES[next(iter(_PAGES))]
        page = render_page()
    _PAGES[key] = page
    return page


def _first_scan_text(stamp: StampRow) -> str:
    if stamp.first_scan_at is None:
        return _("Đây là lần quét đầu tiên của tem này.")
    at = timezone.localtime(stamp.first_scan_at)
    text = _("Tem này được quét lần đầu lúc %(at)s") % {"at": f"{at:%H:%M %d/%m/%Y}"}
    if stamp.first_lat is not None:
        text += " " + _("gần vị trí") + f" {stamp.first_lat}, {stamp.first_lng}"
    return text + ". " + _("Nếu bạn vừa mở hộp sản phẩm mới mà thấy thông báo này, hãy cảnh giác.")


@require_GET
def resolve(request: HttpRequest, gtin: str, lot: str = "", serial: str = "") -> HttpResponse:
    # Per-address limit (OCOP_RATE_RESOLVER, generous; 0 = off): one cache increment, no
    # database query; over it, RateLimited becomes a 429 page that no edge caches.
    enforce(request=request, name="resolver")
    language = page_language(request)
    try:
        gtin14 = gs1.normalize_gtin(gtin)
    except gs1.GS1Error:
        return _cacheable(render(request, "public/resolver_error.html", {"gtin": gtin}, status=400))
    if gtin14 != gtin:
        # GS1 Digital Link's canonical form carries the GTIN as 14 digits.
        target = request.path.replace(f"/01/{gtin}", f"/01/{gtin14}", 1)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(target + (f"?{query}" if query else ""), status=301)
    stamp: StampRow | None = None
    outcome: str | None = None
    item: ItemRow | None = None
    if serial:
        if not serials.serial_is_authentic(serial):
            outcome = ScanOutcome.BAD_SIGNATURE  # decided without reading any stamp
        else:
            stamp = lookups.stamp_by_serial(serial)
            if (
                stamp is None
                or stamp.item.gtin != gtin14
                or (lot and stamp.lot is not None and stamp.lot != lot)
            ):
                stamp, outcome = None, ScanOutcome.UNKNOWN
            else:
                outcome, item = outcome_for_status(stamp.status), stamp.item
    if item is None:
        item = lookups.item_by_gtin(gtin14)
    if serial:
        _log(request, stamp=stamp, gtin=gtin14, lot=lot, serial=serial, outcome=outcome or "")
    if item is None:
        return _cacheable(
            render(request, "public/resolver_unknown.html", {"gtin": gtin14}, status=404)
        )
    certificate = item.certificate
    today = timezone.localdate()
    status = status_of(certificate, today=today) if certificate else None
    link_type = request.GET.get("linkType", "")
    accept = request.headers.get("Accept", "")
    if link_type or ("json" in accept and "text/html" not in accept):
        return _link_type(link_type, item=item, gtin14=gtin14, lot=lot)
    key = (item.id, item.version, lot, certificate and certificate.version, status, outcome,
           bool(serial), language)  # fmt: skip

    def render_page() -> str:
        return _render_page(request, item=item, lot=lot, status=status, outcome=outcome,
                            serial=bool(serial), language=language, today=today)  # fmt: skip

    html = _page(key, render_page)
    if serial:
        html = (
            html.replace(_SERIAL, escape(serial))
            .replace(_REF, quote(f"{settings.PUBLIC_BASE_URL}{request.path}", safe=""))
            .replace(_FIRST, escape(_first_scan_text(stamp)) if stamp else "")
        )
    html = html.replace(_PATH, escape(request.path))
    return _cacheable(HttpResponse(html))


def _render_page(
    request: HttpRequest,
    *,
    item: ItemRow,
    lot: str,
    status: str | None,
    outcome: str | None,
    serial: bool,
    language: str,
    today: date,
) -> str:
    certificate = item.certificate
    anchor = f"{settings.PUBLIC_BASE_URL}/01/{item.gtin}" + (f"/10/{lot}" if lot else "")
    block, lot_id = _product_block(
        item_id=item.id,
        lot=lot,
        version=item.version,
        language=language,
        base_url=settings.PUBLIC_BASE_URL,
    )
    in_force = certificate is not None and is_in_force(certificate, today=today)
    context = {
        "gtin": item.gtin,
        "lot": lot,
        "lot_found": lot_id is not None,
        "serial": mark_safe(_SERIAL) if serial else "",
        "outcome": outcome,
        "first_scan": mark_safe(_FIRST),
        "certificate": certificate,
        "status": status,
        "in_force": in_force,
        "product_block": mark_safe(block),  # rendered from our own template
        "language": language,
        "path": mark_safe(_PATH),
        "report_ref": mark_safe(_REF) if serial else quote(anchor, safe=""),
        "json_ld": json_ld(_json_ld(certificate, in_force=in_force, anchor=anchor)),
    }
    return render_to_string("public/resolver.html", context, request=None)


def _link_type(link_type: str, *, item: ItemRow, gtin14: str, lot: str) -> HttpResponse:
    anchor = f"{settings.PUBLIC_BASE_URL}/01/{gtin14}" + (f"/10/{lot}" if lot else "")
    if link_type == "gs1:certificationInfo":
        if item.certificate is None:
            raise Http404
        return _cacheable(
            HttpResponseRedirect(
                reverse("public:verify", kwargs={"token": item.certificate.code}), status=307
            )
        )
    if link_type == "gs1:traceability":
        return _cacheable(_traceability(item_id=item.id, lot=lot))
    return _cacheable(
        JsonResponse(
            _linkset(anchor=anchor, certificate=item.certificate),
            content_type="application/linkset+json",
            json_dumps_params={"ensure_ascii": False},
        )
    )


def _json_ld(certificate: CertificateRow | None, *, in_force: bool, anchor: str) -> dict[str, Any]:
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
    request: HttpRequest, *, stamp: StampRow | None, gtin: str, lot: str, serial: str, outcome: str
) -> None:
    if settings.SCAN_LOGGING != "app":
        return  # the edge's access log is ingested instead
    scanbuffer.record(
        {
            "stamp_id": stamp.id if stamp else None,
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


@csrf_exempt  # cookie-free on purpose: there is no session to forge a request against
@require_POST
def share_location(request: HttpRequest) -> HttpResponse:
    """Opt-in: the shopper's browser sends where the stamp was scanned (rounded to ~1 km)."""
    gtin, serial = request.POST.get("gtin", ""), request.POST.get("serial", "")
    try:
        lat = round(Decimal(request.POST.get("lat", "")), 2)
        lng = round(Decimal(request.POST.get("lng", "")), 2)
    except (InvalidOperation, ValueError):
        return HttpResponse(status=400)
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or not serials.serial_is_authentic(serial):
        return HttpResponse(status=400)
    if not hit(request=request, name="scan_location"):
        return HttpResponse(status=429)
    stamp = Stamp.objects.filter(serial=serial, trade_item__gtin=gtin).only("id", "status").first()
    if stamp is None:
        return HttpResponse(status=404)
    scanbuffer.record(
        {
            "stamp_id": stamp.pk,
            "gtin": gtin,
            "serial": serial,
            "outcome": outcome_for_status(stamp.status),
            "scanned_at": timezone.now(),
            "latitude": lat,
            "longitude": lng,
            "ua_class": ua_class(request.headers.get("User-Agent", "")),
            "source": ScanSource.LOCATION,
        }
    )
    return HttpResponse(status=204)
