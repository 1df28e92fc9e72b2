"""URLs for ``tools/bench_resolver.py``: the project's URLs plus ``/bench/constant/``.

The constant view is the floor of what a request costs through the same server and the
same middleware as the resolver: no query, no template, a few bytes.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ocop.urls import urlpatterns as project_urlpatterns


def constant_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/constant/", constant_view), *project_urlpatterns]
