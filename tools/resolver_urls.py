"""URLs for ``tools/bench_resolver.py``: the project's URLs plus ``/bench/constant/`` and
``/bench/one-query/``.

The constant view is the floor of what a request costs through the same server and the
same middleware as the resolver: no query, no template, a few bytes.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ocop.urls import urlpatterns as project_urlpatterns


def constant_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain")


def one_query_view(request: HttpRequest) -> HttpResponse:
    """The floor of any page that reads the database once: one indexed primary-key read."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM stamps_stamp WHERE id = %s", [1])
        row = cursor.fetchone()
    return HttpResponse(f"{row}\n".encode(), content_type="text/plain")


urlpatterns = [
    path("bench/constant/", constant_view),
    path("bench/one-query/", one_query_view),
    *project_urlpatterns,
]
