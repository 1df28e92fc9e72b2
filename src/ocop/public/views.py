"""Public pages: certificate verification (no login) and the published signing key."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ocop.certification import codes
from ocop.certification.enums import CertificateStatus
from ocop.certification.models import Certificate
from ocop.certification.queries import by_code
from ocop.certification.status import is_in_force, status_of
from ocop.core import signing

from .web import json_ld


def _json_ld(certificate: Certificate, *, status: str, url: str) -> dict[str, Any]:
    """schema.org Certification of the product (the GS1 Web Vocabulary maps onto it)."""
    return {
        "@context": "https://schema.org",
        "@type": "Certification",
        "name": f"OCOP {certificate.star} sao",
        "identifier": certificate.number,
        "url": url,
        "certificationStatus": "CertificationActive"
        if status
        in (CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.EXTENDED)
        else "CertificationInactive",
        "certificationRating": {
            "@type": "Rating",
            "ratingValue": certificate.star,
            "bestRating": 5,
        },
        "issuedBy": {"@type": "GovernmentOrganization", "name": certificate.authority},
        "validFrom": certificate.issued_on.isoformat(),
        "expires": certificate.expires_on.isoformat(),
        "about": {
            "@type": "Product",
            "name": certificate.product.name,
            "manufacturer": {"@type": "Organization", "name": certificate.producer.name},
        },
    }


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    code, signature = codes.split_token(token)
    certificate = by_code(code)
    today = timezone.localdate()
    context: dict[str, Any] = {"token": token, "code": code, "certificate": certificate}
    if certificate is None:
        context["verdict"] = "unknown"
        return render(request, "public/verify.html", context, status=404)
    if signature is not None and not codes.signature_valid(
        code=certificate.code,
        number=certificate.number,
        star=certificate.star,
        expires_on=certificate.expires_on,
        signature=signature,
    ):
        context["verdict"] = "forged"
        return render(request, "public/verify.html", context, status=400)
    status = status_of(certificate, today=today)
    data = _json_ld(certificate, status=status, url=request.build_absolute_uri())
    context.update(
        verdict="ok",
        status=status,
        status_label=CertificateStatus(status).label,
        in_force=is_in_force(certificate, today=today),
        json_ld=json_ld(data),
    )
    if request.GET.get("format") == "json" or "application/ld+json" in request.headers.get(
        "Accept", ""
    ):
        data["ocop:status"] = status
        return JsonResponse(
            data, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "public/verify.html", context)


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a code printed under the QR (for when a phone cannot scan)."""
    code = request.GET.get("code", "").strip()
    if code:
        return verify(request, code)
    return render(request, "public/verify.html", {"verdict": None})


@require_GET
@cache_control(max_age=3600, public=True)
def keys(request: HttpRequest) -> JsonResponse:
    key = signing.public_key()
    return JsonResponse(
        {
            "issuer": "OCOP",
            "algorithm": "Ed25519",
            "payload": "ocop-cert:v1|{code}|{number}|{star}|{expires YYYY-MM-DD}",
            "keys": [key.as_jwk()],
        }
    )
