"""The certificate as PDF (WeasyPrint) with a QR code of its verification URL."""

import base64
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Certificate


def verification_url(certificate: Certificate) -> str:
    token = f"{certificate.code}.{certificate.signature}"
    return settings.PUBLIC_BASE_URL + reverse("public:verify", kwargs={"token": token})


def qr_data_uri(text: str) -> str:
    import io

    import segno  # lazy: not needed on the public hot path

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _context(certificate: Certificate) -> dict[str, Any]:
    url = verification_url(certificate)
    return {"c": certificate, "url": url, "qr": qr_data_uri(url)}


def certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """One page per certificate: a single one, or every certificate of a decision."""
    from weasyprint import HTML

    html = render_to_string(
        "certification/pdf/certificates.html", {"pages": [_context(c) for c in certificates]}
    )
    return HTML(string=html).write_pdf()
