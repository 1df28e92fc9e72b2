"""Helpers shared by back-office views: pagination, exports, object lookups."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from ocop.registry.spreadsheets import Column, export_csv, export_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 25
EXPORT_LIMIT = 100_000


def paginate(request: HttpRequest, qs: QuerySet[Any], *, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def export_response(
    request: HttpRequest, rows: Iterable[Any], *, columns: list[Column], name: str
) -> HttpResponse | None:
    """The list as .xlsx or .csv when ``?export=`` asks for it, else None."""
    kind = request.GET.get("export")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "xlsx":
        data = export_xlsx(rows, columns=columns, title=name)
        response = HttpResponse(
            data,
            content_type=XLSX_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
        return response
    if kind == "csv":
        streaming = StreamingHttpResponse(
            export_csv(rows, columns=columns), content_type="text/csv; charset=utf-8"
        )
        streaming["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
        return streaming  # type: ignore[return-value]
    return None


def get_scoped[M: Model](qs: QuerySet[M], pk: int) -> M:
    """The object if it is inside the user's scoped queryset; 404 otherwise.

    A 404, not a 403, so that ids outside the area do not even confirm existence.
    """
    try:
        return qs.get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def error_text(exc: Exception) -> str:
    """The messages of a ValidationError (or a PermissionDenied's text), for the user."""
    return " ".join(getattr(exc, "messages", [str(exc)]))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def file_response(
    field_file: Any, *, download_name: str, content_type: str, attachment: bool = False
) -> FileResponse:
    """A stored file, shown in the browser (inline) or saved (``attachment``)."""
    response = FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=False)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(download_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name or "file")


def query_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


Handler = Callable[..., HttpResponse]
