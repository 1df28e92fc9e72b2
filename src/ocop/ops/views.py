"""Probes and metrics for load balancers and Prometheus; no session, no cookie, no login."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import metrics
from .health import readiness


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers. Touches nothing else, so a slow database never kills a worker."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Database, cache and task queue answer; 503 (same shape) when any does not."""
    results = readiness()
    ok = all(result.ok for result in results.values())
    return JsonResponse(
        {
            "status": "ok" if ok else "fail",
            "checks": {name: result.as_json() for name, result in results.items()},
        },
        status=200 if ok else 503,
    )


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.OPS_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    # Behind nginx every request comes from 127.0.0.1: a request that went through a proxy
    # (it carries X-Forwarded-For or the client address header of OCOP_CLIENT_IP_HEADER) is
    # never let in by address, only by token. A forged header only refuses more.
    proxy_header = getattr(settings, "CLIENT_IP_HEADER_META", "")
    if "HTTP_X_FORWARDED_FOR" in request.META or (proxy_header and proxy_header in request.META):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.OPS_METRICS_ALLOWED_NETWORKS)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)
