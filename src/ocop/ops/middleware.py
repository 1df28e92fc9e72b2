"""The first middleware: request id, one access log line and the request metrics.

It runs before SecurityMiddleware so that redirects and refusals are counted and logged too.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from . import metrics
from .context import RequestContext, current, request_id_from

access_logger = logging.getLogger("ocop.access")

HEADER = "X-Request-ID"


def _user_id(request: HttpRequest) -> int | None:
    """The user's id if the view already loaded the user; never loads it for the log line.

    Loading it here would read the session (a query and ``Vary: Cookie``) on cookie-free
    pages such as the resolver and the probes.
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


def _route(request: HttpRequest) -> str:
    # The route name, never the raw path: paths hold serials and would explode the number
    # of metric series.
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unnamed"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.access_log = settings.OPS_ACCESS_LOG

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current.set(
            RequestContext(request_id=request_id, method=request.method or "", path=request.path)
        )
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            seconds = time.perf_counter() - started
            route = _route(request)
            metrics.observe_request(
                method=request.method or "",
                route=route,
                status=response.status_code,
                seconds=seconds,
            )
            if self.access_log:
                duration_ms = round(seconds * 1000, 2)
                access_logger.info(
                    "%s %s %s %sms",
                    request.method,
                    request.path,
                    response.status_code,
                    duration_ms,
                    extra={
                        "request_id": request_id,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": duration_ms,
                        "user_id": _user_id(request),
                    },
                )
            return response
        finally:
            current.reset(token)
