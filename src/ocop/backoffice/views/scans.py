"""Counterfeit signals for officers: bad codes, far-apart scans, many scans, on a map."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ocop.stamps.suspicion import bad_code_scans, far_apart, many_scans, scans_for_user

from .common import paginate, query_without

PERIODS = (7, 30, 90, 365)


@login_required
def suspicious_scans(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("days", "")
    days = int(chosen) if chosen in {str(p) for p in PERIODS} else 30
    since = timezone.now() - timedelta(days=days)
    scans = scans_for_user(request.user).filter(scanned_at__gte=since)
    pairs = far_apart(scans)
    points = [
        {
            "lat": float(s.latitude),  # type: ignore[arg-type]
            "lng": float(s.longitude),  # type: ignore[arg-type]
            "label": f"{p.serial} {s.scanned_at:%d/%m %H:%M}",
        }
        for p in pairs
        for s in (p.first, p.second)
    ]
    return render(
        request,
        "backoffice/scans/suspicious.html",
        {
            "page": paginate(request, bad_code_scans(scans)),
            "pairs": pairs,
            "many": many_scans(scans),
            "points": points,
            "days": days,
            "periods": PERIODS,
            "query": query_without(request, "page"),
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
        },
    )
