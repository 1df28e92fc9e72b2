"""The public OCOP catalogue: search, filters, product and producer pages, sitemap.

Only products holding a certificate in force appear (``catalogue_products``); an expired or
revoked product leaves the list at once and its page says why. Pages are cookie-free, like
the resolver, and the product page is cached per product and certificate version.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.certification.models import Certificate
from ocop.certification.queries import catalogue_products
from ocop.certification.status import is_in_force, status_of
from ocop.criteria.models import CriteriaVersion, ProductSet
from ocop.geo.models import Commune, Province
from ocop.ops.routing import use_replica
from ocop.registry.enums import ProducerKind
from ocop.registry.models import Producer, Product
from ocop.registry.queries import search

from .web import cacheable, json_ld, page_language

PAGE_SIZE = 24
# Stock, listings and fairs change apart from the product: filled in after the cache.
WHERE_TO_BUY = "<!--ocop:where-to-buy-->"
SORTS = ("relevance", "star", "newest")


def product_url(product: Product) -> str:
    return reverse("public:product", kwargs={"slug": product.slug, "code": product.public_code})


def producer_url(producer: Producer) -> str:
    return reverse("public:producer", kwargs={"slug": producer.slug, "code": producer.public_code})


def filter_catalogue(qs: Any, params: Any) -> tuple[Any, dict[str, str]]:
    """Apply the catalogue's filters from query parameters; returns (qs, chosen values)."""
    keys = ("q", "star", "sector", "set", "province", "commune", "kind", "export", "sort")
    chosen = {key: params.get(key, "").strip() for key in keys}
    if chosen["star"] in {"3", "4", "5"}:
        qs = qs.filter(star=int(chosen["star"]))
    if chosen["sector"]:
        qs = qs.filter(product_set__sector_code=chosen["sector"])
    if chosen["set"].isdigit():
        qs = qs.filter(product_set__number=int(chosen["set"]))
    if chosen["province"]:
        qs = qs.filter(commune__province_id=chosen["province"])
    if chosen["commune"]:
        qs = qs.filter(commune_id=chosen["commune"])
    if chosen["kind"] in ProducerKind.values:
        qs = qs.filter(producer__kind=chosen["kind"])
    if chosen["export"] == "1":
        qs = qs.filter(supply__export_ready=True)  # promotion.SupplyCapacity
    if chosen["q"]:
        qs = search(qs, chosen["q"])
    sort = chosen["sort"] if chosen["sort"] in SORTS else "relevance"
    if sort == "star":
        qs = qs.order_by("-star", "name", "id")
    elif sort == "newest":
        qs = qs.order_by("-certified_on", "name", "id")
    elif not chosen["q"]:
        qs = qs.order_by("-star", "name", "id")
    return qs, chosen


@use_replica()
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    language = page_language(request)
    today = timezone.localdate()
    base = catalogue_products(today=today)
    qs, chosen = filter_catalogue(base, request.GET)
    # Sort and cut the page on ids alone (products joined with their certificate), then
    # read the 24 rows with their producer, place and set: joining every table before the
    # sort would join all 20,000 products to show 24.
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = base.filter(pk__in=ids).select_related("producer", "commune__province", "product_set")
    by_id = {p.pk: p for p in rows}
    products = [by_id[pk] for pk in ids if pk in by_id]
    photos = _first_photos(ids)
    version = CriteriaVersion.objects.filter(is_current=True).first()
    sets = ProductSet.objects.filter(version=version).order_by("number") if version else []
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "items": [(p, photos.get(p.pk)) for p in products],
        "chosen": chosen,
        "query": params.urlencode(),
        "sets": sets,
        "sectors": sorted({(s.sector_code, s.sector_name) for s in sets if s.sector_code}),
        "provinces": Province.objects.filter(code__in=base.values("commune__province_id")).order_by(
            "name"
        ),
        "communes": Commune.objects.filter(
            province_id=chosen["province"], code__in=base.values("commune_id")
        ).order_by("name")
        if chosen["province"]
        else [],
        "kinds": ProducerKind.choices,
        "sorts": [
            ("relevance", _("Phù hợp nhất")),
            ("star", _("Hạng sao")),
            ("newest", _("Mới công nhận")),
        ],
        "language": language,
        "path": request.path,
    }
    return cacheable(render(request, "public/catalogue.html", context), seconds=60)


def _first_photos(product_ids: list[int]) -> dict[int, Any]:
    from ocop.registry.models import ProductPhoto

    photos: dict[int, Any] = {}
    for photo in ProductPhoto.objects.filter(product_id__in=product_ids).order_by(
        "product_id", "position", "id"
    ):
        photos.setdefault(photo.product_id, photo)
    return photos


def _current_certificate(product: Product) -> Certificate | None:
    return (
        Certificate.objects.filter(product=product, superseded_by__isnull=True)
        .select_related("decision")
        .order_by("-issued_on", "-id")
        .first()
    )


@require_GET
def product_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    language = page_language(request)
    product = (
        Product.objects.select_related(
            "producer__commune__province", "commune__province", "product_set"
        )
        .filter(public_code=code)
        .first()
    )
    if product is None:
        raise Http404
    if slug != product.slug:
        return redirect(product_url(product), permanent=True)
    certificate = _current_certificate(product)
    if certificate is None:
        raise Http404  # never certified: not an OCOP product page (the resolver still is)
    today = timezone.localdate()
    status = status_of(certificate, today=today)
    key = (
        f"ocop:catalogue:product:{product.pk}:{product.updated_at.timestamp():.3f}:"
        f"{certificate.pk}:{certificate.updated_at.timestamp():.3f}:{status}:{language}"
    )
    html = cache.get(key)
    if html is None:
        html = _render_product(
            request,
            product=product,
            certificate=certificate,
            status=status,
            today=today,
            language=language,
        )
        cache.set(key, html, timeout=600)
    from .buyers import where_to_buy_html

    html = html.replace(WHERE_TO_BUY, where_to_buy_html(product), 1)
    return cacheable(HttpResponse(html), seconds=60)


def _render_product(
    request: HttpRequest,
    *,
    product: Product,
    certificate: Certificate,
    status: str,
    today: Any,
    language: str,
) -> str:
    in_force = is_in_force(certificate, today=today)
    url = settings.PUBLIC_BASE_URL + product_url(product)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "description": product.description_vi,
        "category": product.product_set.name,
        "manufacturer": {
            "@type": "Organization",
            "name": product.producer.name,
            "url": settings.PUBLIC_BASE_URL + producer_url(product.producer),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": product.commune.name,
                "addressRegion": product.commune.province.name,
                "addressCountry": "VN",
            },
        },
    }
    if product.gtin:
        data["gtin"] = product.gtin
    if in_force:
        data["hasCertification"] = {
            "@type": "Certification",
            "name": f"OCOP {certificate.star} sao",
            "certificationStatus": "CertificationActive",
            "certificationRating": {
                "@type": "Rating",
                "ratingValue": certificate.star,
                "bestRating": 5,
            },
            "issuedBy": {"@type": "GovernmentOrganization", "name": certificate.authority},
            "validFrom": certificate.issued_on.isoformat(),
            "expires": certificate.expires_on.isoformat(),
            "url": settings.PUBLIC_BASE_URL
            + reverse("public:verify", kwargs={"token": certificate.code}),
        }
    context = {
        "product": product,
        "producer": product.producer,
        "certificate": certificate,
        "status": status,
        "in_force": in_force,
        "photos": list(product.photos.order_by("position", "id")),
        "others": catalogue_products(today=today)
        .filter(producer=product.producer)
        .exclude(pk=product.pk)
        .order_by("-star", "name")[:8],
        "json_ld": json_ld(data),
        "producer_url": producer_url(product.producer),
        "language": language,
        "path": request.path,
        "where_to_buy": mark_safe(WHERE_TO_BUY),
    }
    return render_to_string("public/product.html", context, request=None)


@use_replica()
@require_GET
def producer_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    language = page_language(request)
    producer = Producer.objects.select_related("commune__province").filter(public_code=code).first()
    if producer is None:
        raise Http404
    if slug != producer.slug:
        return redirect(producer_url(producer), permanent=True)
    today = timezone.localdate()
    products = list(
        catalogue_products(today=today)
        .filter(producer=producer)
        .select_related("product_set")
        .order_by("-star", "name")
    )
    if not products and not producer.certificates.exists():
        raise Http404
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": producer.name,
        "url": settings.PUBLIC_BASE_URL + producer_url(producer),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": producer.address_text,
            "addressRegion": producer.commune.province.name,
            "addressCountry": "VN",
        },
        "makesOffer": [
            {
                "@type": "Offer",
                "itemOffered": {
                    "@type": "Product",
                    "name": p.name,
                    "url": settings.PUBLIC_BASE_URL + product_url(p),
                },
            }
            for p in products
        ],
    }
    photos = _first_photos([p.pk for p in products])
    context = {
        "producer": producer,
        "items": [(p, photos.get(p.pk)) for p in products],
        "json_ld": json_ld(data),
        "language": language,
        "path": request.path,
    }
    return cacheable(render(request, "public/producer.html", context), seconds=60)


@use_replica()
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    products = (
        catalogue_products(today=today)
        .select_related("producer")
        .only("name", "public_code", "updated_at", "producer__name", "producer__public_code")
    )
    urls: list[tuple[str, Any]] = [(settings.PUBLIC_BASE_URL + reverse("public:catalogue"), None)]
    producers: dict[int, Producer] = {}
    for product in products.iterator(chunk_size=2000):
        urls.append((settings.PUBLIC_BASE_URL + product_url(product), product.updated_at))
        producers.setdefault(product.producer_id, product.producer)
    for producer in producers.values():
        urls.append((settings.PUBLIC_BASE_URL + producer_url(producer), None))
    body = render_to_string("public/sitemap.xml", {"urls": urls})
    return cacheable(HttpResponse(body, content_type="application/xml"), seconds=3600)
